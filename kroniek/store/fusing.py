"""Keeping the incidents table equal to `fusion.cluster_reports(all stored events)`.

Clustering lets each report depend on a bounded neighbourhood (`fusion.cluster_reports`: its day,
or the days of its window), so when a batch adds or removes events, `refuse` reads the
neighbourhood of what changed (`_scope`, through the partial indexes `events_days` and
`events_windows`: the queries repeat their conditions, `date_end = date_start` or `date_end >
date_start`, so that the database uses them), clusters it again and rewrites only the incidents
that changed, inside the batch's transaction: a crash leaves the old
incidents with the old events, or the new with the new, never a mix, and the final table is the
same whatever order or batches the articles came in.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kroniek import fusion
from kroniek.store import history
from kroniek.store.backends import Backend
from kroniek.store.reports import ReportCache, cached_reports, chunks, marks
from kroniek.store.rows import actor_id, as_date
from kroniek.store.rows import place_id as place_id_of
from kroniek.store.wide_peers import wide_peers

# Stored windows are at most this long when they can fuse at all (wider ones stay alone), which
# bounds how far back a candidate's start can lie.
_MAX_SPAN = dt.timedelta(days=fusion.MAX_FUSABLE_DAYS)
_QUERY_GAP = 7

INCIDENT_COLUMNS = (
    "id, event_type, sub_event_type, date_start, date_end, date_precision, place_id, geo_precision, "
    "country, actor1_id, actor2_id, fatalities, fatalities_low, fatalities_high, injuries, injuries_low, "
    "injuries_high, n_sources, rules, signature, updated_at"
)
_SET_COLUMNS = ", ".join(f"{name.strip()} = ?" for name in INCIDENT_COLUMNS.split(",")[1:])


@dataclass(frozen=True, slots=True)
class Seed:
    """Where a change happened: an event added or removed (type, country, window), and its id."""

    event_id: str
    event_type: str
    country: str | None
    start: dt.date
    end: dt.date
    removed: bool = False  # an event deleted (its article replaced or removed), not one added


def refuse(
    backend: Backend,
    seeds: Iterable[Seed],
    stale: Iterable[str] = (),
    cache: ReportCache | None = None,
    record: bool = True,
) -> int:
    """Re-cluster the components around `seeds`; `stale` are incident ids whose events were removed.

    Writes only what changed: incident rows whose content changed, links whose incident or rule
    changed, and (with `record`) what changed in the chronicle's history (`kroniek.store.history`).
    Returns how many incident rows were written. Call inside the batch's transaction.
    """
    cache = cache if cache is not None else ReportCache()
    scope, known, scope_links = _scope(backend, list(seeds), set(stale), cache)
    component = sorted(scope | known.keys())
    reports = cached_reports(backend, component, cache)
    clusters = fusion.cluster_reports(reports, known, cache.relations())
    named = [(fusion.incident_id_of(members), members) for members in clusters]
    links = {m.report.event_id: (iid, m.rule) for iid, members in named for m in members}
    # The links of every event of the component as stored, read by `_scope` in this transaction.
    old_links: dict[str, tuple[str, str]] = dict(known)
    old_links.update(scope_links)
    # Most incidents of the neighbourhood keep exactly their members, hence their row: only those
    # that gained, lost or re-ruled a member, or hold a replaced event (`stale`), are fused again.
    moved = sorted(eid for eid, link in old_links.items() if links.get(eid) != link)
    touched = set(stale) | {old_links[eid][0] for eid in moved}
    touched |= {link[0] for eid, link in links.items() if old_links.get(eid) != link}
    incidents = [cache.fuse(members) for iid, members in named if iid in touched]
    old: dict[str, str] = {}
    for part in chunks(sorted(touched)):
        old.update(
            backend.query(f"SELECT id, signature FROM incidents WHERE id IN ({marks(len(part))})", part)
        )
    gone = sorted(set(old) - {iid for iid, _ in named})
    now = int(time.time())
    rows = {inc.id: incident_row(inc, now) for inc in incidents}
    changed = [row for iid, row in rows.items() if iid in old and old[iid] != row[-2]]
    # The fields before, read before the rows below are rewritten (or deleted): for the history's
    # changes, and for the created rows that still read their values from these incidents.
    before = history.before(backend, [row[0] for row in changed]) if record else {}
    history.settle(backend, [row[0] for row in changed] + gone, before)
    for part in chunks(moved):
        backend.execute(f"DELETE FROM incident_events WHERE event_id IN ({marks(len(part))})", part)
    for part in chunks(gone):
        backend.execute(f"DELETE FROM incidents WHERE id IN ({marks(len(part))})", part)
    backend.executemany(
        f"UPDATE incidents SET {_SET_COLUMNS} WHERE id = ?", [(*r[1:], r[0]) for r in changed]
    )
    added = [row for iid, row in rows.items() if iid not in old]
    backend.executemany(f"INSERT INTO incidents ({INCIDENT_COLUMNS}) VALUES ({marks(21)})", added)
    backend.executemany(
        "INSERT INTO incident_events (event_id, incident_id, rule) VALUES (?, ?, ?)",
        [(eid, *link) for eid, link in sorted(links.items()) if old_links.get(eid) != link],
    )
    if record:
        written = {row[0] for row in changed} | {row[0] for row in added}
        history.record(backend, now, incidents, before, old_links, links, written, gone)
    return len(changed) + len(added)


def incident_row(incident: fusion.Incident, now: int) -> tuple[Any, ...]:
    """The incidents row, its signature (a hash of everything but the time) second to last."""
    window, loc = incident.window, incident.location
    values = (
        incident.id,
        incident.event_type,
        incident.sub_event_type,
        window.start.isoformat(),
        window.end.isoformat(),
        window.precision,
        place_id_of(loc),
        loc.precision,
        loc.country,
        actor_id(incident.actor1),
        actor_id(incident.actor2),
        incident.fatalities.value,
        incident.fatalities.low,
        incident.fatalities.high,
        incident.injuries.value,
        incident.injuries.low,
        incident.injuries.high,
        len(incident.article_ids),
        json.dumps(list(incident.rules), ensure_ascii=False),
    )
    members = [(m.report.event_id, m.rule) for m in incident.members]
    signature = hashlib.sha1(json.dumps([values, members], default=str).encode()).hexdigest()[:20]
    return (*values, signature, now)


def _scope(
    backend: Backend, seeds: list[Seed], stale: set[str], cache: ReportCache
) -> tuple[set[str], dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """The stored events to cluster again around the seeds, those whose incident stands, and the
    links of the first as stored (event id -> (incident id, rule)).

    `fusion.cluster_reports` lets a report depend only on its neighbourhood: one-day reports on the
    one-day reports of their block and day; a wider report on the day incidents inside its window;
    the wide reports left on those of the same or a nesting window ending in the same month. So this
    reads the whole changed days of the seeds' blocks and the wide reports overlapping them; of those,
    the ones that relate to a report of a changed day, or whose incident held one, are decided again
    (with their peers of the same closing month: `kroniek.store.wide_peers`).
    The day incidents inside their windows on other days are unchanged: their members come back as
    `known` (event id -> (stored incident id, rule)), with the wide reports joined to them; only those
    a wide report decided again may join (`_in_reach`), or that hold an event decided again. The cost
    is bounded by the ~62 days around the seeds, whatever the size of the archive.
    """
    found = {seed.event_id for seed in seeds}
    changed: dict[tuple[str, str], set[dt.date]] = {}
    removed: dict[tuple[str, str], set[dt.date]] = {}  # days that lost a one-day event
    wide: dict[tuple[str, str], set[tuple[dt.date, dt.date]]] = {}
    gone_wide: set[tuple[str, str]] = set()  # blocks that lost a wide event
    for seed in seeds:
        if not seed.country or (seed.end - seed.start).days >= fusion.MAX_FUSABLE_DAYS:
            continue
        block = (fusion.family(seed.event_type), seed.country)
        if seed.start == seed.end:
            changed.setdefault(block, set()).add(seed.start)
            if seed.removed:
                removed.setdefault(block, set()).add(seed.start)
        else:
            wide.setdefault(block, set()).add((seed.start, seed.end))
            if seed.removed:
                gone_wide.add(block)
    around: list[tuple[str, str, str]] = []  # linked one-day events of unchanged days
    in_reach: set[str] = set(stale)  # incidents of unchanged days that stay in the component
    for block in sorted(changed.keys() | wide.keys()):
        days = sorted(changed.get(block, ()))
        windows = set(wide.get(block, ()))
        lost = sorted(removed.get(block, ()))
        windows.update(_wide_to_redecide(backend, block, days, lost, stale, cache, found))
        # Their peers (the wide reports they may fuse with when no day incident takes them), each decided
        # again with its window; all of their months when a wide report was removed (its links are gone).
        deciding = wide_peers(backend, cache, block, windows, found, every=block in gone_wide)
        for eid, start, end in deciding:
            found.add(eid)
            windows.add((start, end))
        changed_days = set(days)
        spans = _merge([(day, day) for day in days] + sorted(windows))
        span_starts = [start for start, _ in spans]
        block_around: list[tuple[str, dt.date, str]] = []
        for start, end in _merge(spans, gap=_QUERY_GAP):
            for eid, day, incident, rule in _day_events(backend, block, start, end):
                day = as_date(day)
                i = bisect.bisect_right(span_starts, day) - 1
                if i < 0 or day > spans[i][1]:
                    continue  # a day between two spans, read by the same query
                if incident is not None and day not in changed_days:
                    around.append((eid, incident, rule))
                    block_around.append((eid, day, incident))
                else:
                    found.add(eid)
        in_reach |= _in_reach(backend, cache, deciding, block_around)
    found_links: dict[str, tuple[str, str]] = {}
    for part in chunks(sorted(found)):
        sql = (
            f"SELECT event_id, incident_id, rule FROM incident_events WHERE event_id IN ({marks(len(part))})"
        )
        found_links.update((eid, (iid, rule)) for eid, iid, rule in backend.query(sql, part))
    # An incident that loses or re-rules an event decided again is rewritten: all of it is needed.
    in_reach.update(iid for iid, _ in found_links.values())
    known = {eid: (iid, rule) for eid, iid, rule in around if iid in in_reach}
    standing = {iid for iid, _ in known.values()}
    for part in chunks(sorted(standing)):  # the wide reports joined to them, as they stand
        rows = backend.query(
            "SELECT event_id, incident_id, rule FROM incident_events "
            f"WHERE incident_id IN ({marks(len(part))})",
            part,
        )
        known.update((eid, (iid, rule)) for eid, iid, rule in rows if eid not in found)
    return found, known, found_links


def _in_reach(
    backend: Backend,
    cache: ReportCache,
    deciding: list[tuple[str, dt.date, dt.date]],
    around: list[tuple[str, dt.date, str]],
) -> set[str]:
    """The incidents of `around` (one-day events of unchanged days: id, day, incident) that a wide
    report `deciding` (id, window) may join: one with a report on a day of its window whose place,
    actors and type agree with it (a report relates to another only then, whatever their dates).

    A wide report joins only a day incident it relates to entirely (`fusion.cluster_reports`), so the
    others stay out of the component: in a busy month most day incidents are of other towns or actors.
    """
    if not deciding or not around:
        return set()
    reports = {
        r.event_id: r
        for r in cached_reports(backend, sorted({d[0] for d in deciding} | {a[0] for a in around}), cache)
    }
    codings = cache.relations()
    # By place, actors and type (`Codings.undated_of`): a busy block repeats a few of them day after day.
    by_undated: dict[int, list[tuple[dt.date, str]]] = {}
    for eid, day, incident in around:
        report = reports.get(eid)
        if report is not None:
            by_undated.setdefault(codings.undated_of(codings.id_of(report)), []).append((day, incident))
    for entries in by_undated.values():
        entries.sort()
    windows: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for eid, start, end in deciding:
        report = reports.get(eid)
        if report is not None:
            windows.setdefault(codings.undated_of(codings.id_of(report)), []).append((start, end))
    reach: set[str] = set()
    for undated, spans in windows.items():
        for other, entries in by_undated.items():
            # A relation needs one of place and actors (its date aside): a superset of those that relate.
            if not codings.undated_relate(undated, other):
                continue
            for start, end in _merge(spans):
                i = bisect.bisect_left(entries, (start, ""))
                while i < len(entries) and entries[i][0] <= end:
                    reach.add(entries[i][1])
                    i += 1
    return reach


def _wide_to_redecide(
    backend: Backend,
    block: tuple[str, str],
    days: list[dt.date],
    lost: list[dt.date],
    stale: set[str],
    cache: ReportCache,
    found: set[str],
) -> set[tuple[dt.date, dt.date]]:
    """Add to `found` the stored wide reports whose choice the changed `days` may change; their windows.

    A wide report's choice can change only through a day incident it relates to entirely, so one that
    relates to no report of a changed day, and that joined a day incident which held none, keeps it.
    One that joined no day incident (no fit, or a tie) can also change when a day in its window `lost`
    a report (the one it tied with may be gone); where days only gained reports, the incidents it
    relates to on them are the ones it related to before, so it keeps its choice.
    """
    on_days: list[tuple[str, dt.date]] = []
    held: set[str] = set(stale)  # incidents that held a report of a changed day
    candidates: list[tuple[str, dt.date, dt.date, str | None]] = []
    # A busy block changes most days of a week: one query for days a few apart, the days between
    # filtered out below, costs less than one per day.
    for start, end in _merge([(day, day) for day in days], gap=_QUERY_GAP):
        for eid, day, incident, _ in _day_events(backend, block, start, end):
            if _contains_any(days, as_date(day), as_date(day)):
                on_days.append((eid, as_date(day)))
                if incident is not None:
                    held.add(incident)
        for eid, s, e, incident in _wide_events(backend, block, start, end):
            s, e = as_date(s), as_date(e)
            if _contains_any(days, s, e):
                candidates.append((eid, s, e, incident))
    if not candidates:
        return set()
    reports = {
        r.event_id: r
        for r in cached_reports(
            backend, sorted({eid for eid, _ in on_days} | {c[0] for c in candidates}), cache
        )
    }
    # An incident with no one-day report is a wide report that joined none (no fit, or a tie): removing a
    # report elsewhere can break its tie, so it is decided again whatever it relates to now. Only those
    # whose window holds a day that lost a report are looked up (none in a batch that only adds).
    undecided = _without_day_reports(
        backend,
        sorted({c[3] for c in candidates if c[3] is not None and _contains_any(lost, c[1], c[2])}),
    )
    codings = cache.relations()
    # The distinct codings of each changed day: a busy day repeats a handful of them many times.
    day_kinds: dict[dt.date, set[int]] = {}
    for eid, day in on_days:
        if eid in reports:
            day_kinds.setdefault(day, set()).add(codings.id_of(reports[eid]))
    kind_days = sorted(day_kinds)
    windows = set()
    for eid, s, e, incident in candidates:
        report = reports.get(eid)
        if report is None:
            continue
        kind = codings.id_of(report)
        if (
            eid in found
            or incident is None
            or incident in held
            or incident in undecided
            or _relates_on(codings, kind, [day_kinds[day] for day in _within(kind_days, s, e)])
        ):
            found.add(eid)
            windows.add((s, e))
    return windows


def _within(days: list[dt.date], start: dt.date, end: dt.date) -> list[dt.date]:
    """The days of a sorted list within start..end."""
    return days[bisect.bisect_left(days, start) : bisect.bisect_right(days, end)]


def _relates_on(codings: fusion.Codings, kind: int, groups: list[set[int]]) -> bool:
    return any(codings.relation(kind, other) is not None for group in groups for other in group)


def _without_day_reports(backend: Backend, incidents: list[str]) -> set[str]:
    """Of these incidents, those that hold no one-day event."""
    with_day: set[str] = set()
    for i in range(0, len(incidents), 500):
        chunk = incidents[i : i + 500]
        marks = ", ".join("?" * len(chunk))
        rows = backend.query(
            "SELECT DISTINCT ie.incident_id FROM incident_events ie JOIN events e ON e.id = ie.event_id "
            f"WHERE ie.incident_id IN ({marks}) AND e.date_end = e.date_start",
            tuple(chunk),
        )
        with_day.update(row[0] for row in rows)
    return set(incidents) - with_day


def _day_events(backend: Backend, block: tuple[str, str], start: dt.date, end: dt.date) -> list[Any]:
    """Stored one-day events of the block on start..end: id, day, incident id and rule (or None)."""
    where, params = _block_sql(block, "e.")
    return backend.query(
        "SELECT e.id, e.date_start, ie.incident_id, ie.rule FROM events e "
        f"LEFT JOIN incident_events ie ON ie.event_id = e.id WHERE {where} "
        "AND e.date_start >= ? AND e.date_start <= ? AND e.date_end = e.date_start",
        (*params, start.isoformat(), end.isoformat()),
    )


def _merge(intervals: list[tuple[dt.date, dt.date]], gap: int = 1) -> list[tuple[dt.date, dt.date]]:
    """The intervals merged where they overlap or lie less than `gap` days apart (1: adjacent days)."""
    merged: list[tuple[dt.date, dt.date]] = []
    for start, end in sorted(intervals):
        if merged and (start - merged[-1][1]).days <= gap:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _wide_events(backend: Backend, block: tuple[str, str], start: dt.date, end: dt.date) -> list[Any]:
    """Stored events of the block with a window of more than a day overlapping start..end, with
    their incident (or None)."""
    where, params = _block_sql(block, "e.")
    return backend.query(
        "SELECT e.id, e.date_start, e.date_end, ie.incident_id FROM events e "
        f"LEFT JOIN incident_events ie ON ie.event_id = e.id WHERE {where} "
        "AND e.date_start >= ? AND e.date_start <= ? AND e.date_end >= ? AND e.date_end > e.date_start",
        (*params, (start - _MAX_SPAN).isoformat(), end.isoformat(), start.isoformat()),
    )


def _block_sql(block: tuple[str, str], prefix: str) -> tuple[str, list[str]]:
    """The WHERE condition of a block (a family of event types and a country), through the index."""
    types = fusion.family_members(block[0])
    sql = f"{prefix}event_type IN ({marks(len(types))}) AND {prefix}country = ?"
    return sql, [*types, block[1]]


def _contains_any(days: list[dt.date], start: dt.date, end: dt.date) -> bool:
    i = bisect.bisect_left(days, start)
    return i < len(days) and days[i] <= end


def rebuild_all(backend: Backend) -> int:
    """Drop and recompute every incident from the stored events (a repair tool; ingest never needs it)."""
    history.settle_all(backend)  # the created rows that read their values from the incidents dropped here
    backend.execute("DELETE FROM incident_events")
    backend.execute("DELETE FROM incidents")
    seeds = [
        Seed(eid, etype, country, as_date(s), as_date(e))
        for eid, etype, country, s, e in backend.query(
            "SELECT id, event_type, country, date_start, date_end FROM events"
        )
    ]
    # A rebuild recomputes, it reports nothing new: the history keeps what was recorded as it happened.
    return refuse(backend, seeds, record=False)
