"""What the store gives back: incidents with their sources, and the filters to ask for them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kroniek.fusion import Range
from kroniek.model import Actor, DateWindow, Event, Location


@dataclass(frozen=True, slots=True)
class IncidentQuery:
    """Filters for incidents; None means any. Dates select incidents whose window overlaps the range.

    `event_type` is a type ("riots") or a sub-type ("violent_demonstration"); `text` matches words in
    any source article (full text, accents ignored on SQLite).
    """

    country: str | None = None  # ISO 3166-1 alpha-2
    event_type: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str | None = None
    limit: int | None = None


@dataclass(frozen=True, slots=True)
class Source:
    """One article's report of an incident: the event it coded and the rule that merged it."""

    event_id: str
    article_id: str
    rule: str
    lang: str | None
    url: str | None
    doc_date: str | None  # ISO day, or YYYY-MM when only the month is known
    event: Event

    def to_dict(self) -> dict[str, object]:
        return {
            "event_id": self.event_id,
            "article_id": self.article_id,
            "rule": self.rule,
            "lang": self.lang,
            "url": self.url,
            "doc_date": self.doc_date,
            "event": self.event.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class StoredIncident:
    """A real-world event as stored: reconciled fields, how they were reconciled, and the sources."""

    id: str
    event_type: str
    sub_event_type: str
    window: DateWindow
    location: Location
    actor1: Actor | None
    actor2: Actor | None
    fatalities: Range
    injuries: Range
    rules: tuple[str, ...]
    updated_at: int  # unix time of the last change
    sources: tuple[Source, ...]

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(sorted({s.article_id for s in self.sources}))

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "date": self.window.date.isoformat(),
            "date_precision": self.window.precision,
            "date_start": self.window.start.isoformat(),
            "date_end": self.window.end.isoformat(),
            "location": self.location.to_dict(),
            "actor1": self.actor1.to_dict() if self.actor1 else None,
            "actor2": self.actor2.to_dict() if self.actor2 else None,
            "fatalities": self.fatalities.value,
            "fatalities_low": self.fatalities.low,
            "fatalities_high": self.fatalities.high,
            "injuries": self.injuries.value,
            "injuries_low": self.injuries.low,
            "injuries_high": self.injuries.high,
            "rules": list(self.rules),
            "updated_at": self.updated_at,
            "articles": list(self.article_ids),
            "sources": [s.to_dict() for s in self.sources],
        }
