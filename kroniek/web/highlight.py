"""Evidence highlights from character offsets: the article text cut at every span boundary.

The text is never parsed as HTML. It is split at the offsets the extractor recorded, and each piece is
handed to the template as plain text (Jinja escapes it) together with what covers it: evidence
sentences, and the fields (date, location, fatalities, ...) whose words it is. Overlapping spans need
no nesting this way: a piece simply lists everything that covers it.

    >>> text = "Police fired tear gas in Brussels on Monday."
    >>> marks = [Highlight(0, 44, "evidence"), Highlight(25, 33, "field", "location")]
    >>> [(s.text, s.evidence, s.fields) for s in segments(text, marks)]
    [('Police fired tear gas in ', True, ()), ('Brussels', True, ('location',)), (' on Monday.', True, ())]
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from kroniek.model import Event

# The order fields are listed and coloured in, on the page and in the JSON.
FIELDS = ("event_type", "date", "location", "actor1", "actor2", "fatalities", "injuries")


@dataclass(frozen=True, slots=True)
class Highlight:
    """A stretch of an article to mark: an evidence sentence, or the words one field came from."""

    start: int
    end: int
    kind: str  # evidence | field
    field: str | None = None
    rule: str = ""

    def to_dict(self, text: str) -> dict[str, object]:
        return {
            "kind": self.kind,
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "text": text[self.start : self.end],
            "rule": self.rule,
        }


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text and what covers it; `labels` are the fields whose words start here."""

    text: str
    evidence: bool = False
    fields: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    start: int = 0


def event_highlights(text: str, event: Event) -> tuple[list[Highlight], list[dict[str, object]]]:
    """The event's evidence and provenance spans that match the text, and those that do not.

    A span matches when `text[start:end]` is the text it recorded; one that does not (an article
    re-ingested with other text, say) is reported rather than drawn in the wrong place.
    """
    found: list[Highlight] = []
    missing: list[dict[str, object]] = []
    spans = [("evidence", None, s) for s in event.evidence]
    spans += [("field", name, s) for name, s in sorted(event.provenance, key=_field_order)]
    for kind, name, span in spans:
        if 0 <= span.start < span.end <= len(text) and text[span.start : span.end] == span.text:
            found.append(Highlight(span.start, span.end, kind, name, span.rule))
        else:
            missing.append({"kind": kind, "field": name, **span.to_dict()})
    return found, missing


def segments(text: str, marks: list[Highlight]) -> list[Segment]:
    """`text` cut at every mark boundary, each piece with the marks that cover it, in text order."""
    cuts = sorted({0, len(text), *(m.start for m in marks), *(m.end for m in marks)})
    out = []
    for start, end in itertools.pairwise(cuts):
        covering = [m for m in marks if m.start <= start and m.end >= end]
        fields = tuple(dict.fromkeys(m.field for m in covering if m.kind == "field" and m.field))
        labels = tuple(
            dict.fromkeys(m.field for m in covering if m.kind == "field" and m.field and m.start == start)
        )
        out.append(
            Segment(text[start:end], any(m.kind == "evidence" for m in covering), fields, labels, start)
        )
    return out


def _field_order(item: tuple[str, object]) -> int:
    return FIELDS.index(item[0]) if item[0] in FIELDS else len(FIELDS)
