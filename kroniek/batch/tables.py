"""The Parquet tables a partition is written to, and back: events (flat, one row per event) and articles.

`events`: one row per coded event, flat typed columns an analyst can load with any Parquet reader
(article id, language, publication date, the event's fields, place, actors, counts, confidence, and
evidence/provenance as JSON text with character offsets).
`articles`: one row per article extracted (also those without events), with what a store needs to
file it as `kroniek ingest` would: id, source, url, text, the date and language given with the input,
and the publication date found. The events of article k are rows sum(n_events[:k]) onward, in order.

The schemas are written out with their types rather than inferred: inference from pandas' object
columns broke Parquet writes (pandas 3), and a typed schema survives an empty partition.

    >>> table = events_table([])
    >>> table.num_rows, table.schema.field("date_start").type
    (0, DataType(date32[day]))
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Sequence
from typing import Any

import pyarrow as pa

from kroniek.model import Actor, Article, ArticleResult, DateWindow, DocDate, Event, Location
from kroniek.store.rows import event_id, span_from_json, span_to_json

_STR, _DATE, _F64, _I32 = pa.string(), pa.date32(), pa.float64(), pa.int32()

EVENT_SCHEMA = pa.schema(
    [
        ("article_id", _STR), ("event_index", _I32), ("event_id", _STR),
        ("lang", _STR), ("doc_date", _DATE), ("doc_date_precision", _STR),
        ("event_type", _STR), ("sub_event_type", _STR),
        ("date_start", _DATE), ("date_end", _DATE), ("date_precision", _STR),
        ("location", _STR), ("admin1", _STR), ("country", _STR),
        ("latitude", _F64), ("longitude", _F64), ("geonames_id", pa.int64()), ("geo_precision", pa.int8()),
        ("actor1", _STR), ("actor1_type", _STR), ("actor1_country", _STR),
        ("actor2", _STR), ("actor2_type", _STR), ("actor2_country", _STR),
        ("fatalities", _I32), ("injuries", _I32), ("confidence", _F64),
        ("evidence", _STR), ("provenance", _STR),
    ]
)  # fmt: skip

ARTICLE_SCHEMA = pa.schema(
    [
        ("id", _STR), ("source", _STR), ("url", _STR), ("text", _STR),
        ("given_date", _STR), ("given_date_source", _STR), ("given_lang", _STR),
        ("lang", _STR), ("doc_date", _DATE), ("doc_date_precision", _STR),
        ("doc_date_source", _STR), ("doc_date_span", _STR), ("n_events", _I32),
    ]
)  # fmt: skip


def events_table(pairs: Sequence[tuple[Article, ArticleResult]]) -> pa.Table:
    """One row per event of every result, in article order."""
    rows = [
        _event_row(result, index, event) for _, result in pairs for index, event in enumerate(result.events)
    ]
    return pa.Table.from_pylist(rows, schema=EVENT_SCHEMA)


def articles_table(pairs: Sequence[tuple[Article, ArticleResult]]) -> pa.Table:
    """One row per article, in order."""
    return pa.Table.from_pylist([_article_row(a, r) for a, r in pairs], schema=ARTICLE_SCHEMA)


def pairs_from_tables(articles: pa.Table, events: pa.Table) -> Iterator[tuple[Article, ArticleResult]]:
    """The (article, result) pairs written by `articles_table` and `events_table`, exactly."""
    event_rows = iter(events.to_pylist())
    for row in articles.to_pylist():
        found = []
        for _ in range(row["n_events"]):
            event_row = next(event_rows, None)
            if event_row is None or event_row["article_id"] != row["id"]:
                raise ValueError(f"the events file does not match the articles file at article {row['id']!r}")
            found.append(_event(event_row))
        doc_date = _doc_date(row)
        # where the input's date came from: a JSONL field, a web page's metadata, a WARC's fetch date
        # (outputs written before the column existed only had JSONL fields)
        source = row.get("given_date_source") or "field"
        given = DocDate.parse(row["given_date"], source=source) if row["given_date"] else None
        article = Article(row["id"], row["text"], row["url"], given, row["given_lang"], row["source"])
        yield article, ArticleResult(row["id"], row["lang"], doc_date, tuple(found), row["url"])
    if next(event_rows, None) is not None:
        raise ValueError("the events file has more rows than its articles announce")


def _article_row(article: Article, result: ArticleResult) -> dict[str, Any]:
    doc_date = result.doc_date
    return {
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "text": article.text,
        "given_date": article.date.iso() if article.date else None,
        "given_date_source": article.date.source if article.date else None,
        "given_lang": article.lang,
        "lang": result.lang,
        "doc_date": doc_date.value if doc_date else None,
        "doc_date_precision": doc_date.precision if doc_date else None,
        "doc_date_source": doc_date.source if doc_date else None,
        "doc_date_span": json.dumps(span_to_json(doc_date.span)) if doc_date and doc_date.span else None,
        "n_events": len(result.events),
    }


def _doc_date(row: dict[str, Any]) -> DocDate | None:
    if row["doc_date"] is None:
        return None
    span = span_from_json(json.loads(row["doc_date_span"])) if row["doc_date_span"] else None
    return DocDate(row["doc_date"], row["doc_date_precision"], row["doc_date_source"], span)


def _event_row(result: ArticleResult, index: int, event: Event) -> dict[str, Any]:
    place, window = event.location, event.window
    a1, a2 = event.actor1, event.actor2
    return {
        "article_id": result.id,
        "event_index": index,
        "event_id": event_id(result.id, index),  # the id `kroniek ingest` gives it in a store
        "lang": result.lang,
        "doc_date": result.doc_date.value if result.doc_date else None,
        "doc_date_precision": result.doc_date.precision if result.doc_date else None,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "date_start": window.start,
        "date_end": window.end,
        "date_precision": window.precision,
        "location": place.name,
        "admin1": place.admin1,
        "country": place.country,
        "latitude": place.lat,
        "longitude": place.lon,
        "geonames_id": place.geonames_id,
        "geo_precision": place.precision,
        "actor1": a1.name if a1 else None,
        "actor1_type": a1.type if a1 else None,
        "actor1_country": a1.country if a1 else None,
        "actor2": a2.name if a2 else None,
        "actor2_type": a2.type if a2 else None,
        "actor2_country": a2.country if a2 else None,
        "fatalities": event.fatalities,
        "injuries": event.injuries,
        "confidence": event.confidence,
        "evidence": json.dumps([span_to_json(s) for s in event.evidence], ensure_ascii=False),
        "provenance": json.dumps([[n, span_to_json(s)] for n, s in event.provenance], ensure_ascii=False),
    }


def _event(row: dict[str, Any]) -> Event:
    return Event(
        event_type=row["event_type"],
        sub_event_type=row["sub_event_type"],
        window=DateWindow(_day(row["date_start"]), _day(row["date_end"]), row["date_precision"]),
        location=Location(
            row["location"],
            row["admin1"],
            row["country"],
            row["latitude"],
            row["longitude"],
            row["geonames_id"],
            row["geo_precision"],
        ),
        actor1=_actor(row, "actor1"),
        actor2=_actor(row, "actor2"),
        fatalities=row["fatalities"],
        injuries=row["injuries"],
        evidence=tuple(span_from_json(s) for s in json.loads(row["evidence"])),
        confidence=row["confidence"],
        provenance=tuple((n, span_from_json(s)) for n, s in json.loads(row["provenance"])),
    )


def _actor(row: dict[str, Any], prefix: str) -> Actor | None:
    name = row[prefix]
    return None if name is None else Actor(name, row[f"{prefix}_type"], row[f"{prefix}_country"])


def _day(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
