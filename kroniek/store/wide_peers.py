"""The wide reports a batch decides again with those it changes (`store/fusing.py`).

`fusion.cluster_reports` lets the wide reports no day incident takes fuse with those of the same window or
a nesting one that end in the same month (`fusion.closing_month`). So when the store decides a wide report
again, it decides again those of its month linked to it by a chain of such pairs: the others' incidents can
hold none of the linked ones (a report joins only an incident it relates to entirely), so they stand.
"""

from __future__ import annotations

import bisect
import datetime as dt
from typing import Any

from kroniek import fusion
from kroniek.model import month_end
from kroniek.store.backends import Backend
from kroniek.store.reports import ReportCache, cached_reports
from kroniek.store.rows import as_date

# Stored windows are at most this long when they can fuse at all, which bounds how far back a window
# ending in a month can start.
_MAX_SPAN = dt.timedelta(days=fusion.MAX_FUSABLE_DAYS)


def wide_peers(
    backend: Backend,
    cache: ReportCache,
    block: tuple[str, str],
    windows: set[tuple[dt.date, dt.date]],
    found: set[str],
    every: bool = False,
) -> list[tuple[str, dt.date, dt.date]]:
    """The block's stored wide reports (id, start, end) to decide again with the wide reports of `windows`
    (and those of `found`): of the reports whose windows end in the same months, the linked ones (all of
    them with `every`)."""
    months = sorted({fusion.closing_month(end) for _, end in windows})
    peers: list[tuple[str, dt.date, dt.date]] = []
    for first, last in _merge_months(months):
        for eid, s, e in _wide_ending(backend, block, first, last):
            start, end = as_date(s), as_date(e)
            if (end - start).days < fusion.MAX_FUSABLE_DAYS:  # wider ones fuse with nothing
                peers.append((eid, start, end))
    return _linked(backend, cache, peers, windows, found, every)


def _merge_months(months: list[tuple[int, int]]) -> list[tuple[dt.date, dt.date]]:
    """The first and last days of runs of consecutive months (sorted)."""
    spans: list[tuple[dt.date, dt.date]] = []
    for year, month in months:
        first = dt.date(year, month, 1)
        if spans and (first - spans[-1][1]).days == 1:
            spans[-1] = (spans[-1][0], month_end(first))
        else:
            spans.append((first, month_end(first)))
    return spans


def _linked(
    backend: Backend,
    cache: ReportCache,
    peers: list[tuple[str, dt.date, dt.date]],
    windows: set[tuple[dt.date, dt.date]],
    found: set[str],
    every: bool,
) -> list[tuple[str, dt.date, dt.date]]:
    """The wide reports of `peers` (id, window) to decide again: those of `windows` or `found`, and those
    linked to them by a chain of pairs that may fuse in the last step (`fusion.cluster_reports`: one
    closing month, windows the same or nesting, and related). The others' step cannot change: a report
    joins only an incident it relates to entirely, so no incident of theirs can hold a linked one."""
    if every:
        return peers
    inside = {p[0] for p in peers if p[0] in found or (p[1], p[2]) in windows}
    if len(inside) == len(peers):
        return peers
    reports = {r.event_id: r for r in cached_reports(backend, sorted(p[0] for p in peers), cache)}
    codings = cache.relations()
    kinds = {eid: codings.id_of(report) for eid, report in reports.items()}
    linked = {kinds[eid] for eid in inside if eid in kinds}
    # The others by closing month, then by place, actors and type (`Codings.undated_of`), by first day:
    # the archive repeats a few codings month after month, each with many windows, and only those of
    # one month that agree can be linked, through windows that start within the linked one's or before.
    outside: dict[tuple[int, int], dict[int, list[tuple[dt.date, dt.date, int]]]] = {}
    for eid, kind in kinds.items():
        if eid not in inside and kind not in linked:
            window = codings.features[kind][1]
            month = outside.setdefault(fusion.closing_month(window.end), {})
            month.setdefault(codings.undated_of(kind), []).append((window.start, window.end, kind))
    starts: dict[tuple[tuple[int, int], int], list[dt.date]] = {}
    for month, groups in outside.items():
        for undated, group in groups.items():
            group.sort()
            starts[(month, undated)] = [start for start, _, _ in group]
    frontier = list(linked)
    while frontier:
        reached: set[int] = set()
        for kind in frontier:
            undated, window = codings.undated_of(kind), codings.features[kind][1]
            month = fusion.closing_month(window.end)
            for other, group in outside.get(month, {}).items():
                if not _agree(codings, undated, other):
                    continue
                first, last = window.start, window.end
                for start, end, k in group[: bisect.bisect_right(starts[(month, other)], last)]:
                    # Windows the same or one within the other, then related (step 3's `_nests`).
                    nests = (start >= first and end <= last) or (start <= first and end >= last)
                    if not nests or k in linked or k in reached:
                        continue
                    if codings.relation(k, kind) is not None or codings.relation(kind, k) is not None:
                        reached.add(k)
        linked |= reached
        frontier = list(reached)
    return [p for p in peers if p[0] in inside or kinds.get(p[0]) in linked]


def _agree(codings: fusion.Codings, a: int, b: int) -> bool:
    """Whether two codings' places, actors and types agree (their undated ids), either way round."""
    return codings.undated_relate(a, b) or codings.undated_relate(b, a)


def _wide_ending(backend: Backend, block: tuple[str, str], first: dt.date, last: dt.date) -> list[Any]:
    """Stored events of the block with a window of more than a day ending on first..last: id, start, end.

    Through the windows' index on their first day: a fusable window starts at most `_MAX_SPAN` earlier.
    """
    types = fusion.family_members(block[0])
    where = f"event_type IN ({', '.join('?' * len(types))}) AND country = ?"
    bounds = (first - _MAX_SPAN, last, first, last)
    return backend.query(
        f"SELECT id, date_start, date_end FROM events WHERE {where} AND date_start >= ? AND date_start <= ? "
        "AND date_end >= ? AND date_end <= ? AND date_end > date_start",
        (*types, block[1], *(day.isoformat() for day in bounds)),
    )
