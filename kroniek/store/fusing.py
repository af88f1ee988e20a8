"""Keeping the incidents table equal to `fusion.cluster_reports(all stored events)`.

Clustering lets each report depend on a bounded neighbourhood (`fusion.cluster_reports`: its day,
or the days of its window), so when a batch adds or removes events, `refuse` reads the
neighbourhood of what changed (`_scope`; what of it a change can move: `kroniek.store.redecide`),
clusters it again and rewrites only the incidents that changed, inside the batch's transaction: a
crash leaves the old
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
from kroniek.store import history, redecide
from kroniek.store.backends import Backend
from kroniek.store.reports import ReportCache, cached_reports, chunks, marks
from kroniek.store.rows import actor_id, as_date
from kroniek.store.rows import place_id as place_id_of
from kroniek.store.wide_peers import wide_peers

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
    scope, known, scope_links, settled = _scope(backend, list(seeds), set(stale), cache)
    component = sorted(scope | known.keys())
    reports = cached_reports(backend, component, cache)
    clusters = fusion.cluster_reports(reports, known, cache.relations(), settled)
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
) -> tuple[set[str], dict[str, tuple[str, str]], dict[str, tuple[str, str]], dict[str, str]]:
    """The stored events to cluster again around the seeds, those whose incident stands, the links
    of the first as stored (event id -> (incident id, rule)), and the wide reports of the first whose
    second step stands (event id -> its rule: `fusion.cluster_reports`' `settled`).

    `fusion.cluster_reports` lets a report depend only on its neighbourhood: one-day reports on the
    one-day reports of their block and day; a wider report on the day incidents inside its window;
    the wide reports left on those of the same or a nesting window ending in the same month. So this
    reads the whole changed days of the seeds' blocks and the wide reports overlapping them; of those,
    the ones that relate to a report of a changed day, or whose incident held one, are decided again
    (with their peers of the same closing month: `kroniek.store.wide_peers`). A peer that none of this
    reaches, and that no day incident took, keeps its second step's rule and is clustered in the third
    step only: the day incidents of its window are not read for it.
    The day incidents inside their windows on other days are unchanged: their members come back as
    `known` (event id -> (stored incident id, rule)), with the wide reports joined to them; only those
    a wide report decided again may join (`redecide.in_reach`), or that hold an event decided again. The cost
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
    settled: dict[str, str] = {}  # wide reports found whose second step stands, with its rule
    in_reach: set[str] = set(stale)  # incidents of unchanged days that stay in the component
    for block in sorted(changed.keys() | wide.keys()):
        days = sorted(changed.get(block, ()))
        windows = set(wide.get(block, ()))
        lost = sorted(removed.get(block, ()))
        again, moving = redecide.wide_to_redecide(backend, block, days, lost, stale, cache, found)
        windows.update(again)
        # Their peers (the wide reports they may fuse with when no day incident takes them), each decided
        # again with its window; all of their months when a wide report was removed (its links are gone).
        deciding = wide_peers(backend, cache, block, windows, found, every=block in gone_wide)
        # Of the peers that no change reaches in the second step, those it left take part in the third
        # alone: the day incidents in their windows stay unread.
        settled.update(redecide.left_alone(backend, [d[0] for d in deciding if d[0] not in found]))
        for eid, start, end in deciding:
            found.add(eid)
            if eid not in settled:
                windows.add((start, end))
        deciding = [d for d in deciding if d[0] not in settled]
        changed_days = set(days)
        spans = redecide.merge([(day, day) for day in days] + sorted(windows))
        span_starts = [start for start, _ in spans]
        block_around: list[tuple[str, dt.date, str]] = []
        for start, end in redecide.merge(spans, gap=redecide.QUERY_GAP):
            for eid, day, incident, rule in redecide.day_events(backend, block, start, end):
                day = as_date(day)
                i = bisect.bisect_right(span_starts, day) - 1
                if i < 0 or day > spans[i][1]:
                    continue  # a day between two spans, read by the same query
                if incident is not None and (day not in changed_days or eid not in moving):
                    around.append((eid, incident, rule))
                    block_around.append((eid, day, incident))
                else:
                    found.add(eid)
        in_reach |= redecide.in_reach(backend, cache, deciding, block_around)
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
    return found, known, found_links, settled


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
