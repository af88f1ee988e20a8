"""Read-only queries behind the explorer: a page of incidents, totals, the timeline, the map, the facets.

All SQL is written with `?` placeholders (the backend translates them) and every value is a parameter;
only fixed fragments chosen from this module's own tables are formatted into the SQL text. The
incident page reuses the store's own reader (`kroniek.store.read.get_incident`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from kroniek.actor_names import canonical_actor
from kroniek.export.acled import countries
from kroniek.model import EVENT_TYPES, SUB_EVENT_TYPES, Actor
from kroniek.store import read
from kroniek.store.backends import Backend
from kroniek.store.fusing import marks
from kroniek.store.records import StoredIncident
from kroniek.store.rows import article_text, as_date
from kroniek.tolls import incident_flags
from kroniek.web import search
from kroniek.web.params import BadParameter, Filters, Paging

MAX_BUCKETS = 3_000  # bars on the timeline
MAX_MAP_GROUPS = 5_000  # circles on the map (place x event type), largest first

_ORDER = {
    "newest": "i.date_start DESC, i.id DESC",
    "oldest": "i.date_start, i.id",
    "fatalities": "COALESCE(i.fatalities, -1) DESC, i.date_start DESC, i.id DESC",
}
_LIST_SELECT = (
    "SELECT i.id, i.event_type, i.sub_event_type, i.date_start, i.date_end, i.date_precision, "
    "p.name, p.admin1, i.country, p.lat, p.lon, i.geo_precision, x1.name, x1.type, x2.name, x2.type, "
    "i.fatalities, i.injuries, i.n_sources, x1.country, x2.country "
    "FROM incidents i LEFT JOIN places p ON p.id = i.place_id "
    "LEFT JOIN actors x1 ON x1.id = i.actor1_id LEFT JOIN actors x2 ON x2.id = i.actor2_id"
)
_SOURCES = (
    "FROM incident_events ie JOIN events e ON e.id = ie.event_id JOIN articles a ON a.id = e.article_id"
)


@dataclass(frozen=True, slots=True)
class IncidentRow:
    """One line of the incident list: the fused fields without the sources' evidence."""

    id: str
    event_type: str
    sub_event_type: str
    date_start: dt.date
    date_end: dt.date
    date_precision: str
    place: str | None
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    actor1: str | None
    actor1_type: str | None
    actor2: str | None
    actor2_type: str | None
    fatalities: int | None
    injuries: int | None
    n_sources: int
    langs: tuple[str, ...]
    toll_flags: tuple[str, ...] = ()  # kroniek/tolls.py

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "date": self.date_start.isoformat(),
            "date_start": self.date_start.isoformat(),
            "date_end": self.date_end.isoformat(),
            "date_precision": self.date_precision,
            "location": {
                "name": self.place,
                "admin1": self.admin1,
                "country": self.country,
                "country_name": country_name(self.country),
                "lat": self.lat,
                "lon": self.lon,
                "precision": self.geo_precision,
            },
            "actor1": {"name": self.actor1, "type": self.actor1_type} if self.actor1 else None,
            "actor2": {"name": self.actor2, "type": self.actor2_type} if self.actor2 else None,
            "fatalities": self.fatalities,
            "injuries": self.injuries,
            "n_sources": self.n_sources,
            "langs": list(self.langs),
            "toll_flags": list(self.toll_flags),
            "url": f"/incidents/{self.id}",
            "json": f"/incidents/{self.id}.json",
        }


def country_name(code: str | None) -> str | None:
    found = countries().get(code or "")
    return found.name if found else code


def where(backend: Backend, filters: Filters) -> tuple[str, list[Any]]:
    """The WHERE clause (over `incidents i`) and its parameters for `filters`."""
    conds: list[str] = []
    params: list[Any] = []
    if filters.types:
        main = [t for t in filters.types if t in EVENT_TYPES]
        subs = [t for t in filters.types if t in SUB_EVENT_TYPES]
        parts = []
        if main:
            parts.append(f"i.event_type IN ({marks(len(main))})")
        if subs:
            parts.append(f"i.sub_event_type IN ({marks(len(subs))})")
        conds.append("(" + " OR ".join(parts) + ")")
        params += main + subs
    if filters.countries:
        conds.append(f"i.country IN ({marks(len(filters.countries))})")
        params += filters.countries
    if filters.date_from:
        conds.append("i.date_end >= ?")
        params.append(filters.date_from.isoformat())
    if filters.date_to:
        conds.append("i.date_start <= ?")
        params.append(filters.date_to.isoformat())
    if filters.place:
        conds.append("i.place_id = ?")
        params.append(filters.place)
    if filters.langs:
        conds.append(
            f"i.id IN (SELECT ie.incident_id {_SOURCES} WHERE a.lang IN ({marks(len(filters.langs))}))"
        )
        params += filters.langs
    if filters.text:
        sql, values = search.text_condition(backend, filters.text, _SOURCES)
        conds.append(sql)
        params += values
    return (" WHERE " + " AND ".join(conds) if conds else ""), params


def totals(backend: Backend, filters: Filters) -> tuple[int, int]:
    """(incidents, fatalities) matching the filters."""
    sql, params = where(backend, filters)
    count, deaths = backend.query(f"SELECT COUNT(*), SUM(i.fatalities) FROM incidents i{sql}", params)[0]
    return int(count), int(deaths or 0)


def list_incidents(backend: Backend, filters: Filters, paging: Paging) -> list[IncidentRow]:
    """One page of incidents matching the filters, in the paging's order."""
    sql, params = where(backend, filters)
    rows = backend.query(
        f"{_LIST_SELECT}{sql} ORDER BY {_ORDER[paging.sort]} LIMIT ? OFFSET ?",
        [*params, paging.limit, paging.offset],
    )
    langs: dict[str, set[str]] = defaultdict(set)
    reported: dict[str, list[int]] = defaultdict(list)
    if rows:
        ids = [row[0] for row in rows]
        for iid, lang, deaths in backend.query(
            f"SELECT ie.incident_id, a.lang, e.fatalities {_SOURCES} "
            f"WHERE ie.incident_id IN ({marks(len(ids))})",
            ids,
        ):
            if lang:
                langs[iid].add(lang)
            if deaths is not None:
                reported[iid].append(int(deaths))
    return [
        IncidentRow(
            row[0],
            row[1],
            row[2],
            as_date(row[3]),
            as_date(row[4]),
            *row[5:12],
            _named(row[12], row[13], row[19], row[3]),
            row[13],
            _named(row[14], row[15], row[20], row[3]),
            *row[15:18],
            int(row[18] or 0),
            tuple(sorted(langs[row[0]])),
            incident_flags(row[2], row[16], sorted(reported[row[0]])),
        )
        for row in rows
    ]


def _named(name: str | None, kind: str | None, country: str | None, day: Any) -> str | None:
    """An actor's canonical name, as the incident page and the exports give it."""
    if name is None:
        return None
    return canonical_actor(Actor(name, kind or "", country), "en", when=as_date(day)).name


def timeline(backend: Backend, filters: Filters, bucket: str = "auto") -> dict[str, Any]:
    """Incidents and fatalities per day, week (from Monday) or month, per event type, gaps filled."""
    sql, params = where(backend, filters)
    rows = backend.query(
        "SELECT i.date_start, i.event_type, COUNT(*), SUM(i.fatalities) FROM incidents i"
        f"{sql} GROUP BY i.date_start, i.event_type",
        params,
    )
    days = [(as_date(day), etype, int(n), int(deaths or 0)) for day, etype, n, deaths in rows]
    if not days:
        return {
            "bucket": "day" if bucket == "auto" else bucket,
            "buckets": [],
            "series": {},
            "fatalities": [],
            "fatality_series": {},
        }
    first, last = min(d[0] for d in days), max(d[0] for d in days)
    if bucket == "auto":
        span = (last - first).days
        bucket = "day" if span <= 92 else "week" if span <= 1100 else "month"
    keys = _bucket_keys(_bucket_of(first, bucket), _bucket_of(last, bucket), bucket)
    index = {key: n for n, key in enumerate(keys)}
    series: dict[str, list[int]] = {}
    deaths_by_type: dict[str, list[int]] = {}
    deaths_per = [0] * len(keys)
    for day, etype, n, deaths in days:
        at = index[_bucket_of(day, bucket)]
        series.setdefault(etype, [0] * len(keys))[at] += n
        deaths_by_type.setdefault(etype, [0] * len(keys))[at] += deaths
        deaths_per[at] += deaths
    return {
        "bucket": bucket,
        "buckets": [k.isoformat() for k in keys],
        "series": _by_type(series),
        "fatalities": deaths_per,
        "fatality_series": _by_type(deaths_by_type),
    }


def _by_type(series: dict[str, list[int]]) -> dict[str, list[int]]:
    """The series in ACLED's order of event types, then any others by name."""
    ordered = {t: series[t] for t in EVENT_TYPES if t in series}
    ordered.update({t: v for t, v in sorted(series.items()) if t not in ordered})
    return ordered


def _bucket_of(day: dt.date, bucket: str) -> dt.date:
    if bucket == "week":
        return day - dt.timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day


def _bucket_keys(first: dt.date, last: dt.date, bucket: str) -> list[dt.date]:
    if bucket == "month":
        count = (last.year - first.year) * 12 + last.month - first.month + 1
    else:
        count = (last - first).days // (7 if bucket == "week" else 1) + 1
    if count > MAX_BUCKETS:
        raise BadParameter(
            "bucket",
            f"{count} {bucket}s between {first} and {last} is too many; use a coarser bucket or dates",
        )
    keys, key = [], first
    for _ in range(count):
        keys.append(key)
        if bucket == "month":
            key = (key.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        else:
            key += dt.timedelta(days=7 if bucket == "week" else 1)
    return keys


def map_points(backend: Backend, filters: Filters) -> dict[str, Any]:
    """GeoJSON points: one per place and event type, with the number of incidents and fatalities.

    Grouping keeps the answer small however many incidents match; a group of one incident names it so
    the map can link to it. Incidents without coordinates are counted, not drawn.
    """
    sql, params = where(backend, filters)
    located = "p.lat IS NOT NULL AND p.lon IS NOT NULL"
    sql = f"{sql} AND {located}" if sql else f" WHERE {located}"
    rows = backend.query(
        "SELECT i.place_id, p.name, p.admin1, p.country, p.lat, p.lon, i.event_type, COUNT(*), "
        "SUM(i.fatalities), MIN(i.id), MAX(i.date_start) FROM incidents i JOIN places p ON p.id = i.place_id"
        f"{sql} GROUP BY i.place_id, p.name, p.admin1, p.country, p.lat, p.lon, i.event_type "
        "ORDER BY COUNT(*) DESC, i.place_id, i.event_type LIMIT ?",
        [*params, MAX_MAP_GROUPS + 1],
    )
    features = []
    for place_id, name, admin1, country, lat, lon, etype, n, deaths, first_id, latest in rows[
        :MAX_MAP_GROUPS
    ]:
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                "properties": {
                    "place": place_id,
                    "name": name or admin1 or country_name(country),
                    "country": country,
                    "event_type": etype,
                    "incidents": int(n),
                    "fatalities": int(deaths or 0),
                    "incident": first_id if int(n) == 1 else None,
                    "latest": as_date(latest).isoformat(),
                },
            }
        )
    truncated = len(rows) > MAX_MAP_GROUPS
    drawn = sum(int(feature["properties"]["incidents"]) for feature in features)  # type: ignore[index]
    return {
        "type": "FeatureCollection",
        "features": features,
        "truncated": truncated,
        "unmapped": 0 if truncated else totals(backend, filters)[0] - drawn,
    }


def facets(backend: Backend) -> dict[str, Any]:
    """What the filters can choose from, with how many incidents (articles for languages) each has."""
    by_country = backend.query("SELECT country, COUNT(*) FROM incidents GROUP BY country")
    by_type = dict(backend.query("SELECT event_type, COUNT(*) FROM incidents GROUP BY event_type"))
    by_lang = backend.query("SELECT lang, COUNT(*) FROM articles GROUP BY lang")
    first, last = backend.query("SELECT MIN(date_start), MAX(date_start) FROM incidents")[0]
    return {
        "countries": sorted(
            ({"code": c, "name": country_name(c), "incidents": int(n)} for c, n in by_country if c),
            key=lambda item: str(item["name"]),
        ),
        "types": [{"type": t, "incidents": int(by_type.get(t, 0))} for t in EVENT_TYPES],
        "langs": [{"lang": lang, "articles": int(n)} for lang, n in sorted(r for r in by_lang if r[0])],
        "first": as_date(first).isoformat() if first else None,
        "last": as_date(last).isoformat() if last else None,
    }


def get_incident(
    backend: Backend, incident_id: str
) -> tuple[StoredIncident, dict[str, tuple[Any, ...]]] | None:
    """The incident with its sources, and its source articles: id -> (text, lang, url, doc_date, source)."""
    incident = read.get_incident(backend, incident_id)
    if incident is None:
        return None
    ids = list(incident.article_ids)
    rows = backend.query(
        f"SELECT id, text, lang, url, doc_date, source FROM articles WHERE id IN ({marks(len(ids))})", ids
    ) if ids else []  # fmt: skip
    return incident, {row[0]: (article_text(row[1]), *row[2:]) for row in rows}
