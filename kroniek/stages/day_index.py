"""Which of the events told so far may share a day with another, without glancing at each of them.

Grouping asks, of each new frame or event, which of the last `EVENTS_REACH` events told may be the same one,
and those must have days that meet its own. A 1 MB article of riots on hundreds of different days glanced at
all 256 for every frame: a sixth of its time (issue 13). Here each event is filed under the days of its span,
so that a new one reads only those of its own days, in the order they were told (`reach`), and the events
past reach that no later frame can reach are forgotten (`forget`).
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from typing import Protocol, TypeVar

from kroniek.stages.frames import DaySpan

# An event spanning more days than this (a month told, a week of riots) is filed apart and read for every
# question, as are events with no known day: filing it under each of its days would cost more than reading it.
FILED_DAYS = 31


class DayIndex:
    """The events told so far, numbered from 0 in the order they were added, by the days of their span."""

    def __init__(self) -> None:
        self._spans: list[DaySpan] = []
        self._by_day: dict[int, list[int]] = {}  # day (ordinal) -> the numbers of the events filed there
        self._wide: list[int] = []  # the numbers of events with no known day or a long span

    def add(self, span: DaySpan) -> None:
        """File the next event (number `len(self)`)."""
        self._spans.append(span)
        self._file(len(self._spans) - 1, span)

    def __len__(self) -> int:
        return len(self._spans)

    def move(self, number: int, span: DaySpan) -> None:
        """Event `number`'s span is now `span`."""
        if self._spans[number] != span:
            self.drop(number)
            self._spans[number] = span
            self._file(number, span)

    def drop(self, number: int) -> None:
        """Event `number` is no longer wanted: `meeting` leaves it out (unless asked about a span it does
        not file). Move it no more."""
        old = self._spans[number]
        if _filed(old):
            assert old is not None
            for day in range(old[0], old[1] + 1):
                bucket = self._by_day[day]
                del bucket[bisect_left(bucket, number)]
        else:
            del self._wide[bisect_left(self._wide, number)]

    def meeting(self, span: DaySpan, first: int) -> list[int] | None:
        """In ascending order, the numbers from `first` on of the events whose span may meet `span`: all
        those for which `frames.spans_apart` is false, and perhaps a few more. None when `span` is not
        filed (no known day, or long): then any may meet it."""
        if not _filed(span):
            return None
        assert span is not None
        found = self._wide[bisect_left(self._wide, first) :]
        for day in range(span[0], span[1] + 1):
            bucket = self._by_day.get(day)
            if bucket:
                found += bucket[bisect_left(bucket, first) :]
        return sorted(set(found))

    def _file(self, number: int, span: DaySpan) -> None:
        if _filed(span):
            assert span is not None
            for day in range(span[0], span[1] + 1):
                insort(self._by_day.setdefault(day, []), number)
        else:
            insort(self._wide, number)


class Told(Protocol):
    """An event as `reach` and `forget` read it: where its last mention starts, and its `DayIndex` number
    (the order the events were made in)."""

    last: int
    order: int


T = TypeVar("T", bound=Told)


def reach(recent: list[T], filed: DayIndex, events: list[T], span: DaySpan, within: int) -> Iterable[int]:
    """Where in `recent` (the events by `recency`, the last `within` of them in reach) the events in reach
    whose days may meet `span` stand, most recent first. `events`: the events by number."""
    first = max(len(recent) - within, 0)
    numbers = filed.meeting(span, 0)
    if numbers is None:
        return range(len(recent) - 1, first - 1, -1)
    at = [bisect_left(recent, recency(events[n]), key=recency) for n in numbers]
    return sorted((i for i in at if i >= first), reverse=True)


def recency(event: Told) -> tuple[int, int]:
    """The order of the events told so far: by where the last mention stands, of equals the newer first."""
    return event.last, -event.order


def forget(recent: list[T], filed: DayIndex, start: int, within: int) -> None:
    """Drop from `recent` and `filed` the events past reach whose last mention stands before `start`, the
    mention read: when mentions come in text order, none can reach them again (each joins an event at or
    after them in `recent`)."""
    dead = len(recent) - within
    while dead > 0 and recent[dead - 1].last >= start:
        dead -= 1
    for event in recent[:dead]:
        filed.drop(event.order)
    del recent[:dead]


def _filed(span: DaySpan) -> bool:
    return span is not None and span[1] - span[0] < FILED_DAYS
