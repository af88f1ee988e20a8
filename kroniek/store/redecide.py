"""Which stored reports a batch's change may move, for `kroniek.store.fusing` to decide again.

`fusion.cluster_reports` decides each report on a bounded neighbourhood: a one-day report on the reports of
its block and day that it relates to, a wide report on the day incidents of its window that it relates to
entirely, the wide reports left on those of their closing month. These functions read what lies around a
change through the partial indexes `events_days` and `events_windows` (the queries repeat their conditions,
`date_end = date_start` or `date_end > date_start`, so that the database uses them) and keep, of it, only
what the change can reach by those relations: the rest keeps its incident as stored.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Any

from kroniek import fusion
from kroniek.store.backends import Backend
from kroniek.store.reports import ReportCache, cached_reports, chunks, marks
from kroniek.store.rows import as_date

# Stored windows are at most this long when they can fuse at all (wider ones stay alone), which
# bounds how far back a candidate's start can lie.
_MAX_SPAN = dt.timedelta(days=fusion.MAX_FUSABLE_DAYS)
# A busy block changes most days of a week: one query for days a few apart, the days between filtered
# out, costs less than one per day.
QUERY_GAP = 7


def left_alone(backend: Backend, event_ids: list[str]) -> dict[str, str]:
    """Of these wide events, those that founded their incident, with their rule (event id -> rule).

    A wide report founds an incident only in `fusion.cluster_reports`' third step, with the rule its
    second step gave it (no day incident fits, or it fits two equally): while no day incident in its
    window changes, that rule stands.
    """
    founders: dict[str, str] = {}
    for part in chunks(sorted(event_ids)):
        rows = backend.query(
            f"SELECT event_id, rule FROM incident_events WHERE event_id IN ({marks(len(part))})", part
        )
        founders.update((eid, rule) for eid, rule in rows if rule.startswith(fusion.FOUNDER))
    return founders


def in_reach(
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
    types: dict[int, str] = {}
    for eid, day, incident in around:
        report = reports.get(eid)
        if report is not None:
            undated = codings.undated_of(codings.id_of(report))
            by_undated.setdefault(undated, []).append((day, incident))
            types[undated] = report.event.event_type
    for entries in by_undated.values():
        entries.sort()
    windows: dict[int, list[tuple[dt.date, dt.date]]] = {}
    named_day: set[int] = set()  # of the deciding codings, those with a window of day precision
    for eid, start, end in deciding:
        report = reports.get(eid)
        if report is not None:
            undated = codings.undated_of(codings.id_of(report))
            windows.setdefault(undated, []).append((start, end))
            types[undated] = report.event.event_type
            if report.event.window.precision == "day":
                named_day.add(undated)
    reach: set[str] = set()
    for undated, spans in windows.items():
        for other, entries in by_undated.items():
            # A relation needs one of place and actors (its date aside), and the same type unless both
            # name one day (`fusion_relations._dated`): a superset of those that relate.
            if types[undated] != types[other] and undated not in named_day:
                continue
            if not codings.undated_relate(undated, other):
                continue
            for start, end in merge(spans):
                i = bisect.bisect_left(entries, (start, ""))
                while i < len(entries) and entries[i][0] <= end:
                    reach.add(entries[i][1])
                    i += 1
    return reach


def wide_to_redecide(
    backend: Backend,
    block: tuple[str, str],
    days: list[dt.date],
    lost: list[dt.date],
    stale: set[str],
    cache: ReportCache,
    found: set[str],
) -> tuple[set[tuple[dt.date, dt.date]], set[str]]:
    """Add to `found` the stored wide reports whose choice the changed `days` may change; their windows,
    and the one-day events of those days that the change may move (`_moving`).

    A wide report's choice can change only through a day incident it relates to entirely, so one that
    relates to no moving report of a changed day, and that joined a day incident which held none, keeps
    it. One that joined no day incident (no fit, or a tie) can also change when a day in its window `lost`
    a report (the one it tied with may be gone); where days only gained reports, the incidents it
    relates to on them are the ones it related to before, so it keeps its choice.
    """
    on_days: list[tuple[str, dt.date, str | None]] = []
    candidates: list[tuple[str, dt.date, dt.date, str | None]] = []
    for start, end in merge([(day, day) for day in days], gap=QUERY_GAP):
        for eid, day, incident, _ in day_events(backend, block, start, end):
            if _contains_any(days, as_date(day), as_date(day)):
                on_days.append((eid, as_date(day), incident))
        for eid, s, e, incident in _wide_events(backend, block, start, end):
            s, e = as_date(s), as_date(e)
            if _contains_any(days, s, e):
                candidates.append((eid, s, e, incident))
    reports = {
        r.event_id: r
        for r in cached_reports(backend, sorted({d[0] for d in on_days} | {c[0] for c in candidates}), cache)
    }
    codings = cache.relations()
    moving = _moving(codings, reports, on_days, set(lost), found)
    if not candidates:
        return set(), moving
    held: set[str] = set(stale)  # incidents that held a moving report of a changed day
    held.update(incident for eid, _, incident in on_days if incident is not None and eid in moving)
    # An incident with no one-day report is a wide report that joined none (no fit, or a tie): removing a
    # report elsewhere can break its tie, so it is decided again whatever it relates to now. Only those
    # whose window holds a day that lost a report are looked up (none in a batch that only adds).
    undecided = _without_day_reports(
        backend,
        sorted({c[3] for c in candidates if c[3] is not None and _contains_any(lost, c[1], c[2])}),
    )
    # The distinct codings of each changed day's moving reports: a busy day repeats a few of them.
    day_kinds: dict[dt.date, set[int]] = {}
    for eid, day, _ in on_days:
        if eid in reports and eid in moving:
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
    return windows, moving


def _moving(
    codings: fusion.Codings,
    reports: dict[str, fusion.Report],
    on_days: list[tuple[str, dt.date, str | None]],
    lost: set[dt.date],
    found: set[str],
) -> set[str]:
    """The one-day events of changed days (`on_days`: id, day, incident) whose incident the change may
    alter: on a day that lost a report all of them, else those linked to a report of `found` (the new
    ones) by a chain of reports that relate to each other, either way round.

    A report of a day joins only an incident of that day whose every member it relates to, so the day
    clusters as the parts of this relation apart: a busy day holds many stories of other towns and
    actors, whose incidents stand as stored.
    """
    by_day: dict[dt.date, list[str]] = {}
    for eid, day, _ in on_days:
        by_day.setdefault(day, []).append(eid)
    moving: set[str] = set()
    for day, eids in by_day.items():
        if day in lost or any(eid not in reports for eid in eids):
            moving.update(eids)
            continue
        kinds = {eid: codings.id_of(reports[eid]) for eid in eids}
        reached = {kinds[eid] for eid in eids if eid in found}
        rest = {kinds[eid] for eid in eids} - reached
        frontier = list(reached)
        while frontier and rest:
            step = {
                other
                for other in rest
                if any(
                    codings.relation(kind, other) is not None or codings.relation(other, kind) is not None
                    for kind in frontier
                )
            }
            rest -= step
            reached |= step
            frontier = list(step)
        moving.update(eid for eid in eids if kinds[eid] in reached)
    return moving


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


def day_events(backend: Backend, block: tuple[str, str], start: dt.date, end: dt.date) -> list[Any]:
    """Stored one-day events of the block on start..end: id, day, incident id and rule (or None)."""
    where, params = _block_sql(block, "e.")
    return backend.query(
        "SELECT e.id, e.date_start, ie.incident_id, ie.rule FROM events e "
        f"LEFT JOIN incident_events ie ON ie.event_id = e.id WHERE {where} "
        "AND e.date_start >= ? AND e.date_start <= ? AND e.date_end = e.date_start",
        (*params, start.isoformat(), end.isoformat()),
    )


def merge(intervals: list[tuple[dt.date, dt.date]], gap: int = 1) -> list[tuple[dt.date, dt.date]]:
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
