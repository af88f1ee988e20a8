"""One incident for the page and its JSON twin: fields with precision, sources with highlighted evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from kroniek.export.acled import EVENT_TYPE_NAMES, SUB_EVENT_TYPE_NAMES, event_id_cnty
from kroniek.fusion import Range
from kroniek.model import Actor, Event
from kroniek.store.records import Source, StoredIncident
from kroniek.tolls import check_tolls
from kroniek.web.highlight import FIELDS, Highlight, Segment, event_highlights, segments
from kroniek.web.queries import country_name

FIELD_LABELS = {
    "event_type": "Event type",
    "date": "Date",
    "location": "Location",
    "actor1": "Actor 1",
    "actor2": "Actor 2",
    "fatalities": "Fatalities",
    "injuries": "Injuries",
}
GEO_PRECISION = {1: "the town itself", 2: "part of or near a town", 3: "a region or the country"}


@dataclass(frozen=True, slots=True)
class SourceView:
    number: int  # 1-based, for anchors: #s1-date
    source: Source
    text: str | None
    article_source: str | None  # where the article was read from
    highlights: list[Highlight]
    unmatched: list[dict[str, object]]
    segments: list[Segment]
    link: str | None  # the article URL when it is safe to link (http or https)

    def words(self, field: str) -> str | None:
        """The words this source's `field` came from, when they were found in its text."""
        for mark in self.highlights:
            if mark.kind == "field" and mark.field == field and self.text is not None:
                return self.text[mark.start : mark.end]
        return None


@dataclass(frozen=True, slots=True)
class FieldRow:
    field: str
    label: str
    value: str
    precision: str


def safe_link(url: str | None) -> str | None:
    """The URL if it is an http(s) link; anything else (javascript:, data:) is shown as text only."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


def source_views(
    incident: StoredIncident, articles: dict[str, tuple[Any, ...]], start: int = 0, count: int | None = None
) -> list[SourceView]:
    """Views of the sources `start` .. `start + count` (all by default), numbered from 1 in reading order."""
    views = []
    chosen = incident.sources[start : None if count is None else start + count]
    for number, source in enumerate(chosen, start=start + 1):
        text, _lang, _url, _date, where = articles.get(source.article_id, (None, None, None, None, None))
        found, unmatched = event_highlights(text, source.event) if text is not None else ([], [])
        views.append(
            SourceView(
                number,
                source,
                text,
                where,
                found,
                unmatched,
                segments(text, found) if text is not None else [],
                safe_link(source.url),
            )
        )
    return views


def field_rows(incident: StoredIncident) -> list[FieldRow]:
    """The fused fields as a reader sees them, each with how precise it is."""
    loc, window = incident.location, incident.window
    place = ", ".join(p for p in (loc.name, loc.admin1, country_name(loc.country)) if p) or "unknown"
    if loc.lat is not None and loc.lon is not None:
        place += f" ({loc.lat:.4f}, {loc.lon:.4f})"
    when = window.start.isoformat()
    if window.end != window.start:
        when += f" to {window.end.isoformat()}"
    return [
        FieldRow(
            "event_type",
            "Event type",
            f"{EVENT_TYPE_NAMES.get(incident.event_type, incident.event_type)} / "
            f"{SUB_EVENT_TYPE_NAMES.get(incident.sub_event_type, incident.sub_event_type)}",
            "",
        ),
        FieldRow("date", "Date", when, f"{window.precision}" + _days(incident)),
        FieldRow(
            "location",
            "Location",
            place,
            f"geo precision {loc.precision}: {GEO_PRECISION[loc.precision]}"
            if loc.precision in GEO_PRECISION
            else "",
        ),
        FieldRow("actor1", "Actor 1", _actor(incident.actor1), ""),
        FieldRow("actor2", "Actor 2", _actor(incident.actor2), ""),
        FieldRow("fatalities", "Fatalities", _count(incident.fatalities), _spread(incident.fatalities)),
        FieldRow("injuries", "Injuries", _count(incident.injuries), _spread(incident.injuries)),
    ]


def coding(event: Event) -> str:
    """One source's own coding in one line, to compare the witnesses."""
    loc = event.location
    parts = [
        SUB_EVENT_TYPE_NAMES.get(event.sub_event_type, event.sub_event_type),
        event.window.start.isoformat()
        + ("" if event.window.precision == "day" else f" ({event.window.precision})"),
        loc.name or loc.admin1 or country_name(loc.country) or "no place",
    ]
    if event.fatalities is not None:
        parts.append(f"{event.fatalities} killed")
    if event.injuries is not None:
        parts.append(f"{event.injuries} injured")
    return " · ".join(parts)


def incident_json(incident: StoredIncident, views: list[SourceView]) -> dict[str, Any]:
    """The JSON twin of the incident page: the stored incident, plus each source's text and highlights."""
    out = incident.to_dict()
    out["acled_id"] = event_id_cnty(incident.id, incident.location.country)
    out["country_name"] = country_name(incident.location.country)
    out["html"] = f"/incidents/{incident.id}"
    out["toll"] = check_tolls(incident).to_dict()
    sources = []
    for view, data in zip(views, out["sources"], strict=True):  # type: ignore[call-overload]
        data["article"] = (
            {
                "id": view.source.article_id,
                "lang": view.source.lang,
                "url": view.source.url,
                "doc_date": view.source.doc_date,
                "text": view.text,
            }
            if view.text is not None
            else None
        )
        data["highlights"] = [mark.to_dict(view.text or "") for mark in view.highlights]
        data["unmatched"] = view.unmatched
        sources.append(data)
    out["sources"] = sources
    return out


def _days(incident: StoredIncident) -> str:
    days = (incident.window.end - incident.window.start).days + 1
    return "" if days == 1 else f" ({days} days)"


def _actor(actor: Actor | None) -> str:
    if actor is None:
        return "none named"
    return f"{actor.name} · {actor.type.replace('_', ' ')}"


def _count(rng: Range) -> str:
    return "not reported" if rng.value is None else str(rng.value)


def _spread(rng: Range) -> str:
    if rng.value is None or rng.low == rng.high:
        return ""
    return f"reports range {rng.low} to {rng.high}; lowest kept"


__all__ = ["FIELDS", "FIELD_LABELS", "FieldRow", "SourceView", "field_rows", "incident_json", "source_views"]
