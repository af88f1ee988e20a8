"""Which of many spans lie near an offset, and where an offset's line starts, without reading them all.

The event stage asks of every actor which casualty figure holds it and which country name stands next to
it, and the casualty linker asks of every verb whether a figure already claimed it. Reading every span for
every question was quadratic in the article's length (issue 13); the mentions come sorted by where they
start, so bisection finds the few that can answer. Likewise the start of a line: looking back for the
last line break read up to the whole text for each place name of an article without line breaks.
"""

from __future__ import annotations

import bisect
import functools


class SpanIndex:
    """(start, end) bounds in list order; `near(lo, hi)` gives, in that order, those with start <= hi and
    end >= lo."""

    def __init__(self, bounds: list[tuple[int, int]]) -> None:
        self.starts = [start for start, _ in bounds]
        self.ends = [end for _, end in bounds]
        self.ordered = all(a <= b for a, b in zip(self.starts, self.starts[1:], strict=False))
        self.ends_ordered = all(a <= b for a, b in zip(self.ends, self.ends[1:], strict=False))
        # reach[i]: the furthest end of spans 0..i; it never falls, so it can be bisected too.
        self.reach: list[int] = []
        furthest = -1 << 62
        for end in self.ends:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def near(self, lo: int, hi: int) -> list[int]:
        """The indices (in list order) of the spans with start <= hi and end >= lo."""
        if not self.ordered:
            # Spans out of order (no stage gives them so): read them all, as before.
            bounds = zip(self.starts, self.ends, strict=True)
            return [i for i, (start, end) in enumerate(bounds) if start <= hi and end >= lo]
        first = bisect.bisect_left(self.reach, lo)  # the spans before it all end before lo
        last = bisect.bisect_right(self.starts, hi)  # those from it on all start after hi
        return [i for i in range(first, last) if self.ends[i] >= lo]

    def first(self, lo: int, hi: int) -> int:
        """The first index `near(lo, hi)` gives, or -1."""
        if not self.ordered:
            found = self.near(lo, hi)
            return found[0] if found else -1
        at = bisect.bisect_left(self.reach, lo)
        # reach first reaches lo at a span that itself ends at or after lo: the first one that can hold it.
        return at if at < len(self.starts) and self.starts[at] <= hi else -1


def line_start(text: str, offset: int) -> int:
    """Where the line holding `offset` starts: `text.rfind("\\n", 0, offset) + 1`, by bisection."""
    breaks = _line_breaks(text)
    at = bisect.bisect_left(breaks, offset)
    return breaks[at - 1] + 1 if at else 0


@functools.lru_cache(maxsize=4)
def _line_breaks(text: str) -> list[int]:
    """The offsets of the line breaks of a text (the last few texts asked about: one article's stages)."""
    breaks: list[int] = []
    at = text.find("\n")
    while at >= 0:
        breaks.append(at)
        at = text.find("\n", at + 1)
    return breaks
