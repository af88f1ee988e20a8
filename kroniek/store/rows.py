"""Model objects to table rows and back, and the content-derived ids the tables use.

Ids come from content, never from insertion order, so the same input gives the same ids on any
backend, in any order, after any crash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zlib
from typing import Any

from kroniek.model import Actor, Article, DateWindow, Event, Location, Span


def _digest(*parts: object, size: int = 16) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:size]


# Stored hashes are 64 bits (16 hex digits; 128 before schema v9, which kept their first half): the
# index on text_hash and the two columns were 0.05x the article text of a short article (issue 11).
# Two different texts of an archive of ten million articles share a text hash with a chance of about
# 3 in a million; an input hash is only compared with the same article's previous one.
_HASH_SIZE = 16


def text_hash(text: str) -> str:
    """Identifies a text: the same article under two ids is one witness, not two."""
    return _text_digest(text)[:_HASH_SIZE]


def _text_digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def input_hash(article: Article) -> str:
    """Identifies everything extraction reads: a change in any of it means re-extracting.

    >>> input_hash(Article("a", "x")) == input_hash(Article("a", "x", url="http://e.org/1"))
    False
    """
    date = article.date.iso() if article.date else ""
    # The digest of the text's 32 digits, as before v9, so that stored input hashes stay valid.
    return _digest(_text_digest(article.text), article.url or "", date, article.lang or "", size=_HASH_SIZE)


def event_id(article_id: str, index: int) -> str:
    """The id of the `index`-th event of an article."""
    return _digest("event", article_id, index)


def place_id(location: Location) -> str | None:
    """`gn:<geonames id>` for gazetteer places, a hash of the fields otherwise; None for nowhere."""
    if location.geonames_id is not None:
        return f"gn:{location.geonames_id}"
    if location.country is None and location.name is None:
        return None
    return "x:" + _digest(
        location.name, location.admin1, location.country, location.lat, location.lon, size=12
    )


def actor_id(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    return _digest("actor", actor.name, actor.type, actor.country, size=12)


def place_row(location: Location) -> tuple[Any, ...]:
    return (
        place_id(location),
        location.geonames_id,
        location.name,
        location.admin1,
        location.country,
        location.lat,
        location.lon,
    )


def actor_row(actor: Actor) -> tuple[Any, ...]:
    return (actor_id(actor), actor.name, actor.type, actor.country)


# A provenance span's field is stored as its number in this tuple (issue 11: the names were a fifth of
# an events row), a field not in it by name. A storage format: append to it, never reorder.
PROVENANCE_FIELDS = ("event_type", "date", "location", "actor1", "actor2", "fatalities", "injuries")
_FIELD_CODE = {name: code for code, name in enumerate(PROVENANCE_FIELDS)}

EVENT_COLUMNS = (
    "id, article_id, idx, event_type, sub_event_type, date_start, date_end, date_precision, place_id, "
    "geo_precision, country, actor1_id, actor2_id, fatalities, injuries, confidence, evidence, provenance"
)


def event_row(article_id: str, index: int, event: Event, text: str) -> tuple[Any, ...]:
    """The events row of an article's `index`-th event; `text` is the article's, which spans point into."""
    window, location = event.window, event.location
    return (
        event_id(article_id, index),
        article_id,
        index,
        event.event_type,
        event.sub_event_type,
        window.start.isoformat(),
        window.end.isoformat(),
        window.precision,
        place_id(location),
        location.precision,
        location.country,
        actor_id(event.actor1),
        actor_id(event.actor2),
        event.fatalities,
        event.injuries,
        event.confidence,
        _compact_json([evidence_offsets(s, text) for s in event.evidence]),
        _compact_json(
            [[_FIELD_CODE.get(name, name), *span_offsets(s, text)] for name, s in event.provenance]
        ),
    )


def _compact_json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def span_offsets(span: Span, text: str) -> list[Any]:
    """A span as stored: [start, end, rule], its words added only when they are not `text[start:end]`.

    >>> span_offsets(Span(0, 5, "Riots", "r"), "Riots in Lyon"), span_offsets(Span(0, 5, "riots"), "Riots")
    ([0, 5, 'r'], [0, 5, '', 'riots'])
    """
    if 0 <= span.start <= span.end <= len(text) and text[span.start : span.end] == span.text:
        return [span.start, span.end, span.rule]
    return [span.start, span.end, span.rule, span.text]


# The rule of every evidence span the extractor gives (the sentence that codes the event): an evidence
# span with this rule and the text's words is stored as [start, end] (issue 11; since schema v11).
EVIDENCE_RULE = "sentence"


def evidence_offsets(span: Span, text: str) -> list[Any]:
    """An evidence span as stored: `span_offsets`, without the rule when it is EVIDENCE_RULE.

    >>> evidence_offsets(Span(0, 5, "Riots", "sentence"), "Riots in Lyon")
    [0, 5]
    """
    item = span_offsets(span, text)
    return item[:2] if item[2:] == [EVIDENCE_RULE] else item


def span_from_offsets(item: list[Any], text: str) -> Span:
    """The Span that `span_offsets` or `evidence_offsets` stored, its words read from `text` when not
    stored."""
    start, end = int(item[0]), int(item[1])
    rule = str(item[2]) if len(item) > 2 else EVIDENCE_RULE
    return Span(start, end, str(item[3]) if len(item) > 3 else text[start:end], rule)


def pack_text(text: str) -> bytes:
    """An article text as SQLite stores it: zlib-compressed UTF-8 (the full-text index reads it back
    through the SQL function `kroniek_text`, see backends.py)."""
    return zlib.compress(text.encode(), 9)


def article_text(value: str | bytes) -> str:
    """An articles.text column: compressed (SQLite, `pack_text`) or plain (PostgreSQL, SQLite before v6)."""
    return zlib.decompress(value).decode() if isinstance(value, bytes) else value


def span_to_json(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text, "rule": span.rule}


def span_from_json(data: dict[str, Any]) -> Span:
    return Span(int(data["start"]), int(data["end"]), str(data["text"]), str(data.get("rule", "")))


# Columns to rebuild an Event: events e, places p, actors x1 and x2.
EVENT_SELECT = (
    "e.event_type, e.sub_event_type, e.date_start, e.date_end, e.date_precision, "
    "p.name, p.admin1, p.country, p.lat, p.lon, p.geonames_id, e.geo_precision, "
    "x1.name, x1.type, x1.country, x2.name, x2.type, x2.country, "
    "e.fatalities, e.injuries, e.confidence"
)
EVENT_JOINS = (
    "LEFT JOIN places p ON p.id = e.place_id "
    "LEFT JOIN actors x1 ON x1.id = e.actor1_id LEFT JOIN actors x2 ON x2.id = e.actor2_id"
)


def event_from_row(
    row: tuple[Any, ...], evidence: Any = None, provenance: Any = None, text: str = ""
) -> Event:
    """An Event from the EVENT_SELECT columns (evidence and provenance as stored, with the article's
    text they point into, when wanted)."""
    (etype, sub, start, end, precision, name, admin1, country, lat, lon, gid, geo_precision,
     a1n, a1t, a1c, a2n, a2t, a2c, fatalities, injuries, confidence) = row  # fmt: skip
    spans = tuple(span_from_offsets(s, text) for s in load_json(evidence)) if evidence is not None else ()
    prov = (
        tuple((provenance_field(p[0]), span_from_offsets(p[1:], text)) for p in load_json(provenance))
        if provenance is not None
        else ()
    )
    return Event(
        event_type=etype,
        sub_event_type=sub,
        window=DateWindow(as_date(start), as_date(end), precision),
        location=Location(name, admin1, country, lat, lon, gid, geo_precision),
        actor1=Actor(a1n, a1t, a1c) if a1n is not None else None,
        actor2=Actor(a2n, a2t, a2c) if a2n is not None else None,
        fatalities=fatalities,
        injuries=injuries,
        evidence=spans,
        confidence=float(confidence),
        provenance=prov,
    )


def provenance_field(stored: int | str) -> str:
    """A provenance span's field as stored: its number in PROVENANCE_FIELDS, or its name (before v10,
    and fields not listed there).

    >>> provenance_field(2), provenance_field("location"), provenance_field("sub_event_type")
    ('location', 'location', 'sub_event_type')
    """
    return PROVENANCE_FIELDS[stored] if isinstance(stored, int) else stored


def as_date(value: Any) -> dt.date:
    """A date column: SQLite gives ISO text, PostgreSQL a date."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def as_optional_date(value: Any) -> dt.date | None:
    return None if value is None else as_date(value)


def load_json(value: Any) -> Any:
    """A JSON column: SQLite gives text, PostgreSQL (jsonb) the decoded value."""
    return json.loads(value) if isinstance(value, str | bytes) else value
