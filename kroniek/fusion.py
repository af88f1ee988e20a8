"""Fusion: the reports of one real-world event, across articles and languages, become one incident.

One article is one witness. `cluster_reports(reports)` groups the coded events (`Report`s) that
describe the same real-world event; `fuse(cluster)` (`kroniek.fusion_fields`) reconciles their fields into
one `Incident`.
Pure functions: no database, no language data (extraction already normalised places to GeoNames
names and actors to types), deterministic.

Two reports may merge when all of these hold (`relate` checks them and names the rule):
- the same event type (sub-types may differ; `fuse` reconciles them);
- different articles (an article codes distinct events; two of its events are never one incident);
- a known country, the same for both;
- date windows no wider than `MAX_FUSABLE_DAYS` that intersect (the incident keeps the intersection:
  a day-precise report fixes the day of a month-precise one);
- places that are the same, within `NEARBY_KM`, or where one contains the other (region, country);
- actors that agree per side (unknown, same name or same type), sides possibly swapped.

Complete linkage: a report joins an incident only when it relates to every report already in it, so a
vague report cannot chain two different events into one. Reports are taken in a canonical order (most
precise first, then earliest reported, then id), so the incidents depend on the set of reports, not on
the order they arrived in. A report that fits two incidents equally well bridges them: it joins neither
and becomes its own incident marked `ambiguous`, rather than guessing.

>>> import datetime as dt
>>> from kroniek.fusion_fields import fuse
>>> from kroniek.model import DateWindow, Location, Event
>>> day = DateWindow(dt.date(2023, 3, 11), dt.date(2023, 3, 11), "day")
>>> march = DateWindow(dt.date(2023, 3, 1), dt.date(2023, 3, 31), "month")
>>> rdam = Location("Rotterdam", "South Holland", "NL", 51.92, 4.48, 2747891, 1)
>>> def report(i, window):
...     event = Event("riots", "violent_demonstration", window, rdam, None, None, None, None, (), 1.0)
...     return Report(f"e{i}", f"a{i}", None, event)
>>> [incident.window.precision for incident in map(fuse, cluster_reports([report(1, march), report(2, day)]))]
['day']
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from kroniek.fusion_fields import fuse
from kroniek.fusion_records import (
    FOUNDER,
    MAX_FUSABLE_DAYS,
    Decision,
    Incident,
    Member,
    Range,
    Relation,
    Report,
    canonical_key,
    family,
    family_members,
    incident_id,
    incident_id_of,
)
from kroniek.fusion_relations import Codings, fusable_window, relate
from kroniek.model import DateWindow

# The fusion API in one place: what callers use from the three modules behind it.
__all__ = [
    "FOUNDER",
    "MAX_FUSABLE_DAYS",
    "Codings",
    "Decision",
    "Incident",
    "Member",
    "Range",
    "Relation",
    "Report",
    "canonical_key",
    "cluster_reports",
    "decide",
    "family",
    "family_members",
    "fuse",
    "incident_id",
    "incident_id_of",
    "relate",
]


def decide(report: Report, candidates: Sequence[Sequence[Report]]) -> Decision:
    """Join the candidate incident the report relates to most specifically, or start a new one.

    A report must relate to every member of an incident (complete linkage) and share a day with all of
    them. When two candidates tie for the best score, the report bridges incidents it cannot tell apart
    and joins neither.
    """
    kinds = Codings()
    clusters: list[_Cluster | None] = []
    for members in candidates:
        cluster = None
        for member in members:
            if cluster is None:
                cluster = _Cluster(Member(member, FOUNDER), kinds.id_of(member))
            else:
                cluster.add(Member(member, ""), kinds.id_of(member))
        clusters.append(cluster)
    return _choose(report, kinds.id_of(report), clusters, kinds)


class _Cluster:
    """An incident being built: its members, articles, common window and distinct codings."""

    __slots__ = ("articles", "kinds", "members", "window")

    def __init__(self, founder: Member, kind: int) -> None:
        self.members = [founder]
        self.articles = {founder.report.article_id}
        self.window = founder.report.event.window
        self.kinds = {kind}

    def add(self, member: Member, kind: int) -> None:
        self.members.append(member)
        self.articles.add(member.report.article_id)
        window = member.report.event.window
        # Only the window's days are read (`_fit`): one it already lies within changes nothing.
        if window.start > self.window.start or window.end < self.window.end:
            self.window = self.window.intersect(window) or self.window
        self.kinds.add(kind)


def _fit(report: Report, kind: int, cluster: _Cluster, kinds: Codings) -> Relation | None:
    """The strongest relation of a report to a cluster it relates to entirely, else None."""
    window, own = cluster.window, report.event.window
    if own.start > window.end or window.start > own.end or report.article_id in cluster.articles:
        return None
    strongest = None
    relation_of = kinds.relation
    for other in cluster.kinds:
        relation = relation_of(kind, other)
        if relation is None:
            return None
        # Ties of score broken by the words, not by the order of the set: the rule must not depend
        # on which other reports were clustered in the same call.
        if (
            strongest is None
            or relation.score > strongest.score
            or (relation.score == strongest.score and relation.rule > strongest.rule)
        ):
            strongest = relation
    return strongest


def _choose(report: Report, kind: int, clusters: Sequence[_Cluster | None], kinds: Codings) -> Decision:
    # The best score, its first cluster and how many share it, in one pass (a wide report of a busy
    # month is weighed against every day incident of the month).
    top, target, rule, ties = -1, 0, "", 0
    for index, cluster in enumerate(clusters):
        relation = _fit(report, kind, cluster, kinds) if cluster is not None else None
        if relation is None:
            continue
        if relation.score > top:
            top, target, rule, ties = relation.score, index, relation.rule, 1
        elif relation.score == top:
            ties += 1
    if not ties:
        return Decision(None, FOUNDER)
    if ties > 1:
        return Decision(None, f"{FOUNDER}; ambiguous: fits {ties} incidents equally, joined none")
    return Decision(target, rule)


def cluster_reports(
    reports: Iterable[Report],
    known: Mapping[str, tuple[str, str]] | None = None,
    codings: Codings | None = None,
    settled: Mapping[str, str] | None = None,
) -> list[tuple[Member, ...]]:
    """Group reports into incidents; the result depends only on the set of reports given.

    In three steps, so that what a report joins depends on a bounded neighbourhood of it (the store
    re-clusters only that neighbourhood when reports arrive, however large the archive):
    1. reports dated to one day cluster among themselves (complete linkage, most precise first);
    2. each report with a wider window joins the day incident it relates to best, decided on the
       day incidents alone (so wide windows never chain one day's incidents to the next);
    3. the wide reports left cluster among themselves when their windows are the same or one lies
       within the other (a week's report within a month's), among those ending in one month.

    `known` (event id -> (group, rule)): reports whose incident is already known and unchanged; the
    store passes the day incidents around what it re-clusters, so that they are not decided again.
    Reports of one group form one incident. `settled` (event id -> rule): wide reports that the second
    step is known to leave (no day incident fits, or two fit equally), with its rule; the store passes
    those whose day incidents did not change, so that they are not weighed against them again.
    Returns the members of each incident, the founder first, incidents in canonical order of their
    founders.
    """
    known = known or {}
    settled = settled or {}
    kinds = codings if codings is not None else Codings()
    ordered = sorted(reports, key=canonical_key)
    by_day: dict[tuple[tuple[str, str], dt.date], list[_Cluster]] = {}
    groups: dict[str, _Cluster] = {}
    clusters: list[_Cluster] = []
    for report in (r for r in ordered if _one_day(r)):
        key, kind = _block(report), kinds.id_of(report)
        day = by_day.setdefault((key, report.event.window.start), []) if key else []
        given = known.get(report.event_id)
        if given is not None and given[0] in groups:
            groups[given[0]].add(Member(report, given[1]), kind)
            continue
        decision = _choose(report, kind, day, kinds) if given is None else Decision(None, given[1])
        if decision.target is None:
            day.append(_Cluster(Member(report, decision.rule), kind))
            clusters.append(day[-1])
            if given is not None:
                groups[given[0]] = day[-1]
        else:
            day[decision.target].add(Member(report, decision.rule), kind)

    days: dict[tuple[str, str], list[dt.date]] = {}
    for key, day in sorted(by_day):
        days.setdefault(key, []).append(day)
    joins: list[tuple[_Cluster, Member, int]] = []
    left: list[tuple[Report, int, str]] = []
    for report in (r for r in ordered if not _one_day(r)):
        kind = kinds.id_of(report)
        given = known.get(report.event_id)
        if given is not None and given[0] in groups:
            joins.append((groups[given[0]], Member(report, given[1]), kind))
            continue
        if report.event_id in settled:
            left.append((report, kind, settled[report.event_id]))
            continue
        key = _block(report)
        nearby = _day_incidents(by_day, days, key, report.event.window) if key else []
        decision = _choose(report, kind, nearby, kinds)
        if decision.target is None:
            left.append((report, kind, decision.rule))
        else:
            joins.append((nearby[decision.target], Member(report, decision.rule), kind))
    for cluster, member, kind in joins:  # after all decisions: no wide report sees another
        cluster.add(member, kind)

    same_month: dict[tuple[object, ...], list[_Cluster]] = {}
    # A report that fits two day incidents equally may be either event: it fuses with the same window
    # only (as always), not by nesting, which would be one more guess.
    bridging = {report.event_id for report, _, rule in left if rule != FOUNDER}
    for report, kind, rule in left:
        key = _block(report)
        group = same_month.setdefault((key, *closing_month(report.event.window.end)), []) if key else []
        nesting = [c if _nests(report, c, bridging) else None for c in group]
        decision = _choose(report, kind, nesting, kinds)
        if decision.target is None:
            group.append(_Cluster(Member(report, rule), kind))
            clusters.append(group[-1])
        else:
            group[decision.target].add(Member(report, decision.rule), kind)
    # Canonical order is the order of `ordered`: its rank is a lookup, not a key built again per member.
    rank = {report.event_id: i for i, report in enumerate(ordered)}
    ordered_members = [
        (c.members[0], *sorted(c.members[1:], key=lambda m: rank[m.report.event_id])) for c in clusters
    ]
    return sorted(ordered_members, key=lambda members: rank[members[0].report.event_id])


def _day_incidents(
    by_day: Mapping[tuple[tuple[str, str], dt.date], list[_Cluster]],
    days: Mapping[tuple[str, str], list[dt.date]],
    key: tuple[str, str],
    window: DateWindow,
) -> list[_Cluster]:
    """The day incidents of block `key` inside the window, day by day (`days`: a block's days, sorted)."""
    out: list[_Cluster] = []
    on = days.get(key, [])
    for i in range(bisect.bisect_left(on, window.start), bisect.bisect_right(on, window.end)):
        out.extend(by_day[(key, on[i])])
    return out


def closing_month(end: dt.date) -> tuple[int, int]:
    """The month a window ending on `end` closes in: wide reports left fuse only within it (usually the
    month they were reported in).

    The bound keeps what a wide report joins to a month of reports: windows that nest one in the next
    across months (June in a week of 24-30 June, that week in a month from 24 June) would otherwise tie
    the whole archive into one neighbourhood for the store to re-cluster.
    """
    return end.year, end.month


def _nests(report: Report, cluster: _Cluster, bridging: set[str]) -> bool:
    """Whether a report's window and each of a cluster's windows are the same or one lies within the other
    (and then neither report is `bridging`: it fits two day incidents equally).

    A narrower window inside a wider one refines it, as a day does (a week's report within a month's);
    windows that only overlap are kept apart: week after week of them would chain a busy town's reports.
    """
    window, vague = report.event.window, report.event_id in bridging
    for member in cluster.members:
        other = member.report.event.window
        if other.start == window.start and other.end == window.end:
            continue
        if vague or member.report.event_id in bridging:
            return False
        inside = other.start <= window.start and window.end <= other.end
        if not inside and not (window.start <= other.start and other.end <= window.end):
            return False
    return True


def _one_day(report: Report) -> bool:
    window = report.event.window
    return window.start == window.end


def _block(report: Report) -> tuple[str, str] | None:
    """Reports that may be one event share a block: kind of event and country (None: fuses with none)."""
    event = report.event
    if not event.location.country or not fusable_window(event.window):
        return None
    return (family(event.event_type), event.location.country)
