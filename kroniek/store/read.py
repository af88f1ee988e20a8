"""Reading incidents back: filtered, ordered by date, with their sources, streamed in chunks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kroniek.actor_names import canonical_actor
from kroniek.fusion import Range
from kroniek.model import Actor, DateWindow, Location
from kroniek.place_fallback import fallback_location
from kroniek.store.backends import Backend
from kroniek.store.fusing import chunks, marks
from kroniek.store.records import IncidentQuery, Source, StoredIncident
from kroniek.store.rows import EVENT_JOINS, EVENT_SELECT, article_text, as_date, event_from_row, load_json

_INCIDENT_SELECT = (
    "SELECT i.id, i.event_type, i.sub_event_type, i.date_start, i.date_end, i.date_precision, "
    "p.name, p.admin1, p.country, p.lat, p.lon, p.geonames_id, i.geo_precision, "
    "x1.name, x1.type, x1.country, x2.name, x2.type, x2.country, "
    "i.fatalities, i.fatalities_low, i.fatalities_high, i.injuries, i.injuries_low, i.injuries_high, "
    "i.rules, i.updated_at FROM incidents i LEFT JOIN places p ON p.id = i.place_id "
    "LEFT JOIN actors x1 ON x1.id = i.actor1_id LEFT JOIN actors x2 ON x2.id = i.actor2_id"
)
_SOURCE_SELECT = (
    f"SELECT ie.incident_id, ie.rule, e.id, e.article_id, a.lang, a.url, a.doc_date, a.doc_date_precision, "
    f"{EVENT_SELECT}, e.evidence, e.provenance, a.text FROM incident_events ie "
    f"JOIN events e ON e.id = ie.event_id JOIN articles a ON a.id = e.article_id {EVENT_JOINS}"
)
_CHUNK = 500


def query_incidents(backend: Backend, query: IncidentQuery) -> Iterator[StoredIncident]:
    """Incidents matching `query`, earliest first (then by id), each with all its sources."""
    where, params = _conditions(backend, query)
    sql = f"{_INCIDENT_SELECT}{where} ORDER BY i.date_start, i.id"
    if query.limit is not None:
        sql += f" LIMIT {int(query.limit)}"
    rows = backend.query(sql, params)
    for part in chunks(rows, _CHUNK):
        sources = _sources(backend, [row[0] for row in part])
        for row in part:
            yield _incident(row, sources.get(row[0], ()))


def incidents_by_ids(backend: Backend, ids: list[str]) -> Iterator[StoredIncident]:
    """The incidents with these ids, in the order given, each with all its sources."""
    for part in chunks(ids, _CHUNK):
        rows = {
            row[0]: row
            for row in backend.query(f"{_INCIDENT_SELECT} WHERE i.id IN ({marks(len(part))})", part)
        }
        sources = _sources(backend, list(rows))
        for iid in part:
            if iid in rows:
                yield _incident(rows[iid], sources.get(iid, ()))


def get_incident(backend: Backend, incident_id: str) -> StoredIncident | None:
    rows = backend.query(f"{_INCIDENT_SELECT} WHERE i.id = ?", (incident_id,))
    if not rows:
        return None
    return _incident(rows[0], _sources(backend, [incident_id]).get(incident_id, ()))


def _conditions(backend: Backend, query: IncidentQuery) -> tuple[str, list[Any]]:
    conds: list[str] = []
    params: list[Any] = []
    if query.country:
        conds.append("i.country = ?")
        params.append(query.country.upper())
    if query.event_type:
        conds.append("(i.event_type = ? OR i.sub_event_type = ?)")
        params += [query.event_type, query.event_type]
    if query.date_from:
        conds.append("i.date_end >= ?")
        params.append(query.date_from.isoformat())
    if query.date_to:
        conds.append("i.date_start <= ?")
        params.append(query.date_to.isoformat())
    if query.text and query.text.strip():
        conds.append(
            "i.id IN (SELECT ie.incident_id FROM incident_events ie JOIN events e ON e.id = ie.event_id "
            f"JOIN articles a ON a.id = e.article_id WHERE {backend.text_match('a')})"
        )
        params.append(backend.fts_query(query.text))
    return (" WHERE " + " AND ".join(conds) if conds else ""), params


def _sources(backend: Backend, incident_ids: list[str]) -> dict[str, tuple[Source, ...]]:
    found: dict[str, list[Source]] = {}
    rows = backend.query(
        f"{_SOURCE_SELECT} WHERE ie.incident_id IN ({marks(len(incident_ids))})", incident_ids
    )
    texts: dict[str, str] = {}  # an article reporting several of these incidents is decompressed once
    for row in rows:
        iid, rule, eid, article_id, lang, url, doc_date, doc_precision = row[:8]
        if article_id not in texts:
            texts[article_id] = article_text(row[-1])
        event = event_from_row(row[8:-3], evidence=row[-3], provenance=row[-2], text=texts[article_id])
        when = None
        if doc_date is not None:
            iso = as_date(doc_date).isoformat()
            when = iso[:7] if doc_precision == "month" else iso
        found.setdefault(iid, []).append(Source(eid, article_id, rule, lang, url, when, event))
    # Oldest report first: the order a reader follows the story in.
    return {iid: tuple(sorted(items, key=_reading_order)) for iid, items in found.items()}


def _reading_order(source: Source) -> tuple[str, str, str]:
    # A month-precise date ("2024-05") sorts after every day of that month; undated sources last.
    when = source.doc_date or "9999"
    return (when if len(when) == 10 else when + "-32", source.article_id, source.event_id)


def _incident(row: tuple[Any, ...], sources: tuple[Source, ...]) -> StoredIncident:
    (iid, etype, sub, start, end, precision, name, admin1, country, lat, lon, gid, geo_precision,
     a1n, a1t, a1c, a2n, a2t, a2c, fat, fat_lo, fat_hi, inj, inj_lo, inj_hi, rules, updated,
     ) = row  # fmt: skip
    # Canonical actor names (ACLED's style) for the incident; each source's event keeps the name its
    # article gave, and its provenance the words. Done on reading so that fusion, which compares the
    # extractor's names, is unchanged, and databases stored before still read canonical.
    lang = next((s.lang for s in sources if s.lang), "en")
    when = as_date(start)
    actor1 = canonical_actor(Actor(a1n, a1t, a1c), lang, when=when) if a1n is not None else None
    actor2 = canonical_actor(Actor(a2n, a2t, a2c), lang, when=when) if a2n is not None else None
    return StoredIncident(
        id=iid,
        event_type=etype,
        sub_event_type=sub,
        window=DateWindow(as_date(start), as_date(end), precision),
        # Databases stored before the fallback points existed read with them too.
        location=fallback_location(Location(name, admin1, country, lat, lon, gid, geo_precision)),
        actor1=actor1,
        actor2=actor2,
        fatalities=Range(fat, fat_lo, fat_hi),
        injuries=Range(inj, inj_lo, inj_hi),
        rules=tuple(load_json(rules)),
        updated_at=int(updated),
        sources=sources,
    )
