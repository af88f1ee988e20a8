"""Fusion: the reports of one real-world event, across articles and languages, become one incident.

One article is one witness. `cluster_reports(reports)` groups the coded events (`Report`s) that
describe the same real-world event; `fuse(cluster)` reconciles their fields into one `Incident`.
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
import functools
import hashlib
import math
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kroniek.model import Actor, DateWindow, Event, Location
from kroniek.stages.actors import is_named_group

# Two points this close (km) can be one event named by two nearby places (a district and its city,
# a village and the town next to it); farther apart, towns are different events, as ACLED codes them.
NEARBY_KM = 10.0

# A report whose window is wider than this cannot be matched to one event: it stays on its own.
MAX_FUSABLE_DAYS = 62

# Place relation strength: a report joins the incident it relates to most specifically.
_PLACE_SAME, _PLACE_NEAR, _PLACE_IN_REGION, _PLACE_IN_COUNTRY = 4, 3, 2, 1
_DATE_RANK = {"day": 0, "week": 1, "month": 2}
# The rule of the report an incident was built around (the most precise one).
FOUNDER = "founding report"

# When reports disagree on the sub-type and no majority decides, the more specific coding wins
# (ACLED's own rule for multi-source events). Protests follow escalation whatever the majority:
# one witness of tear gas makes a "peaceful" march a protest with intervention.
_SUBTYPE_PREFERENCE: tuple[str, ...] = (
    "suicide_bomb", "air_drone_strike", "shelling_artillery_missile_attack", "remote_explosive_landmine_ied",
    "grenade", "chemical_weapon",
    "non_state_actor_overtakes_territory", "government_regains_territory", "armed_clash",
    "sexual_violence", "abduction_forced_disappearance", "attack",
    "violent_demonstration", "mob_violence",
    "agreement", "arrests", "change_to_group_activity", "disrupted_weapons_use",
    "headquarters_or_base_established", "looting_property_destruction", "non_violent_transfer_of_territory",
    "other",
)  # fmt: skip
_ESCALATION: dict[str, tuple[str, ...]] = {
    "protests": ("excessive_force_against_protesters", "protest_with_intervention", "peaceful_protest"),
}


# Event types that reports of one event give it (ACLED's boundary cases): a march that one witness saw
# turn violent is a riot to another, and an attack on a village is a battle to the source that names
# the villagers' armed guards. Reports of such types fuse as evidence (a report prefers an incident of
# its own type); every other type only with itself.
FAMILIES: dict[str, str] = {
    "protests": "demonstrations",
    "riots": "demonstrations",
    "battles": "armed violence",
    "violence_against_civilians": "armed violence",
}
# When the reports of one incident disagree on the type and no majority decides: the escalated one
# (one report of violence makes a protest a riot; one of armed resistance makes an attack a battle).
_TYPE_PREFERENCE = ("riots", "protests", "battles", "violence_against_civilians")
_SAME_TYPE = 10_000
# The same crowd is protesters to one witness and rioters to the next, when one of them names it only
# by ACLED's generic name ("Protesters (Netherlands)"): farmers and football supporters stay apart.
_ONE_CROWD = {"protesters", "rioters"}


def family(event_type: str) -> str:
    """The group of event types one event may be given by different reports (itself for most)."""
    return FAMILIES.get(event_type, event_type)


def family_members(name: str) -> tuple[str, ...]:
    """The event types of a family (`family`'s result), sorted."""
    return tuple(sorted(t for t, f in FAMILIES.items() if f == name)) or (name,)


@dataclass(frozen=True, slots=True)
class Report:
    """One coded event as fusion sees it: the event, the article that reported it, and when.

    `reported` is the article's publication date (first day if only the month is known). The earliest
    report names the incident (`incident_id`), so an incident keeps its id when later coverage arrives.
    """

    event_id: str
    article_id: str
    reported: dt.date | None
    event: Event


@dataclass(frozen=True, slots=True)
class Relation:
    """Why two reports may be the same event, and how strongly (higher is more specific)."""

    place: str
    date: str
    actors: str
    score: int

    @property
    def rule(self) -> str:
        return f"{self.place}; {self.date}; {self.actors}"


@dataclass(frozen=True, slots=True)
class Member:
    """A report inside an incident and the rule that merged it (`FOUNDER` for the first)."""

    report: Report
    rule: str


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with a new report: join candidate `target` (an index), or start a new incident (None)."""

    target: int | None
    rule: str


@dataclass(frozen=True, slots=True)
class Range:
    """A reconciled count: the conservative value and the lowest and highest reported."""

    value: int | None
    low: int | None
    high: int | None


@dataclass(frozen=True, slots=True)
class Incident:
    """One real-world event, fused from its reports."""

    id: str
    event_type: str
    sub_event_type: str
    window: DateWindow
    location: Location
    actor1: Actor | None
    actor2: Actor | None
    fatalities: Range
    injuries: Range
    members: tuple[Member, ...]
    rules: tuple[str, ...]  # how each field was reconciled, in words

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(sorted({m.report.article_id for m in self.members}))


def incident_id_of(members: Sequence[Member]) -> str:
    """The id `fuse` gives the incident of these members (without fusing them)."""
    return incident_id(_seed([m.report for m in members]).event_id)


def _seed(reports: Sequence[Report]) -> Report:
    """The earliest report (it names the incident)."""
    return min(reports, key=lambda r: (r.reported or dt.date.max, r.event_id))


def incident_id(seed_event_id: str) -> str:
    """A stable incident id: 12 hex digits derived from the event id of its earliest report.

    >>> incident_id("e1")
    '5a4dce9e97ca'
    """
    return hashlib.sha1(f"incident\x1f{seed_event_id}".encode()).hexdigest()[:12]


# ---------------------------------------------------------------- pairwise relation


def relate(a: Report, b: Report) -> Relation | None:
    """How two reports may describe one event, or None when they cannot."""
    if a.article_id == b.article_id:
        return None
    return _relate(_features(a.event), _features(b.event))


# What the rules read of an event; reports with equal features relate alike, so clusters compare
# each distinct kind once (a story told by 500 articles has a handful of distinct codings).
_Features = tuple[str, DateWindow, Location, Actor | None, Actor | None, int | None]


def _features(event: Event) -> _Features:
    return (event.event_type, event.window, event.location, event.actor1, event.actor2, event.fatalities)


def _relate(fa: _Features, fb: _Features) -> Relation | None:
    return _with_dates(fa, fb, _undated_relation(_undated(fa), _undated(fb)))


# The features but the window: what the place and actor rules read. An archive holds the same type, town
# and actors day after day, so `Codings` computes their relation once per pair of these, not per window.
_Undated = tuple[str, Location, Actor | None, Actor | None, int | None]
_PlaceActors = tuple[tuple[str, int], tuple[str, int]]


def _undated(f: _Features) -> _Undated:
    return (f[0], f[2], f[3], f[4], f[5])


def _undated_relation(ua: _Undated, ub: _Undated) -> _PlaceActors | None:
    """How the places and the actors of two codings agree (the first half of `_relate`), or None."""
    (type_a, loc_a, a1, a2, _), (type_b, loc_b, b1, b2, _) = ua, ub
    if family(type_a) != family(type_b) or not loc_a.country or loc_a.country != loc_b.country:
        return None
    place = _place_relation(loc_a, loc_b)
    if place is None:
        return None
    actors = _actor_relation(a1, a2, b1, b2)
    if actors is None:
        return None
    return place, actors


def _with_dates(fa: _Features, fb: _Features, undated: _PlaceActors | None) -> Relation | None:
    """The relation of two codings, given how their places and actors agree (`_undated_relation`)."""
    if undated is None:
        return None
    (type_a, window_a, _, _, _, dead_a), (type_b, window_b, _, _, _, dead_b) = fa, fb
    if not (fusable_window(window_a) and fusable_window(window_b)):
        return None
    date = _date_relation(window_a, window_b)
    if date is None:
        return None
    place, actors = undated
    # Tolls grow from report to report, so a different toll is no evidence against; the same toll is
    # evidence for (it breaks a tie between two incidents a vague report fits).
    same_toll = dead_a is not None and dead_a == dead_b
    score = place[1] * 1000 + date[1] * 100 + actors[1] * 10 + same_toll
    told = actors[0] + ("; same toll" if same_toll else "")
    if type_a == type_b:  # the same type beats any closer match of a neighbouring type
        return Relation(place[0], date[0], told, _SAME_TYPE + score)
    # Neighbouring types are weaker evidence: one town (or within NEARBY_KM) on one named day. An
    # attack on a village and the army's clash with the attackers in the region that day are two
    # events for ACLED, and a march by day and a riot that night in one city too, unless the
    # reports place them together.
    if place[1] < _PLACE_NEAR or date[0] != "same day":
        return None
    kinds = "/".join(sorted((type_a, type_b)))
    return Relation(f"{place[0]} ({kinds})", date[0], told, score)


def fusable_window(window: DateWindow) -> bool:
    """Whether a date window is narrow enough to match a report to one event."""
    return (window.end - window.start).days < MAX_FUSABLE_DAYS


def _date_relation(a: DateWindow, b: DateWindow) -> tuple[str, int] | None:
    both = a.intersect(b)
    if both is None:
        return None
    if a.precision == "day" and b.precision == "day":
        return "same day", 2
    if both.start == both.end:
        return "a day fixes a wider window", 1
    return "overlapping windows", 0


def _geo_level(loc: Location) -> int:
    """0 a point (town or part of one), 1 a first-order region, 2 only the country."""
    if loc.precision in (1, 2) or (loc.precision is None and loc.name and loc.lat is not None):
        return 0
    return 1 if loc.admin1 else 2


def _place_relation(a: Location, b: Location) -> tuple[str, int] | None:
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        return "same place", _PLACE_SAME
    la, lb = _geo_level(a), _geo_level(b)
    if la == lb == 0:
        if _norm(a.name) == _norm(b.name) and (not a.admin1 or not b.admin1 or a.admin1 == b.admin1):
            return "same place", _PLACE_SAME
        km = distance_km(a, b)
        if km is not None and km <= NEARBY_KM:
            return f"nearby ({km:.0f} km)", _PLACE_NEAR
        return None
    if la == 2 or lb == 2:
        return (
            ("same country", _PLACE_IN_COUNTRY) if la == lb else ("country contains place", _PLACE_IN_COUNTRY)
        )
    # Both at least regional: the regions must agree where both are known.
    if a.admin1 and b.admin1 and _norm(a.admin1) != _norm(b.admin1):
        return None
    if la == lb == 1:
        return "same region", _PLACE_IN_REGION
    return "region contains place", _PLACE_IN_REGION


def distance_km(a: Location, b: Location) -> float | None:
    """Great-circle distance between two located places, None when either has no coordinates."""
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return None
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _actor_relation(
    a1: Actor | None, a2: Actor | None, b1: Actor | None, b2: Actor | None
) -> tuple[str, int] | None:
    straight = _sides(a1, b1, a2, b2)
    swapped = _sides(a1, b2, a2, b1)
    # Swapping needs evidence (an actor that matches across): otherwise any two one-actor reports,
    # "police" and "al-Shabaab", would pass by pairing each with the other's empty side.
    if swapped is None or swapped[1] == 0 or (straight is not None and straight[1] >= swapped[1]):
        return straight
    return swapped[0] + " (sides swapped)", swapped[1]


def _sides(x1: Actor | None, y1: Actor | None, x2: Actor | None, y2: Actor | None) -> tuple[str, int] | None:
    first, second = _actor_pair(x1, y1, doer=True), _actor_pair(x2, y2, doer=False)
    if first is None or second is None:
        return None
    score = first + second
    if score == 0:
        return "actors unknown on one side", 0
    return ("same actors" if first == second == 2 else "actors agree"), score


def _actor_pair(x: Actor | None, y: Actor | None, doer: bool) -> int | None:
    """2 same actor, 1 same type, 0 unknown, None a conflict.

    Two different named groups conflict on either side. A named group and a kind of actor do not: witnesses
    call al-Shabaab fighters "gunmen". Two kinds of different types conflict only as the doers (football
    supporters and farmers rioting in one town are two riots); those on the receiving end are described too
    diversely ("guards", "police") to tell events apart. An unidentified actor is unknown.
    """
    if x is None or y is None or _unidentified(x) or _unidentified(y):
        return 0
    nx, ny = _norm(x.name), _norm(y.name)
    if nx and ny and (nx == ny or nx in ny or ny in nx):
        return 2
    if x.type == y.type or ({x.type, y.type} == _ONE_CROWD and (_crowd(x) or _crowd(y))):
        return 1
    named_x, named_y = is_named_group(x), is_named_group(y)
    if named_x and named_y:
        return None
    return None if doer and not (named_x or named_y) else 0


def _crowd(actor: Actor) -> bool:
    return actor.name.startswith(("Protesters", "Rioters"))


def _unidentified(actor: Actor) -> bool:
    return actor.name.lower().startswith("unidentified")


@functools.lru_cache(maxsize=8192)
def _norm(name: str | None) -> str:
    """A name folded for comparison: case, accents and punctuation do not count."""
    if not name:
        return ""
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in folded if ch.isalnum())


# ---------------------------------------------------------------- clustering


def canonical_key(report: Report) -> tuple[object, ...]:
    """Most precise first (day and town before month and country), then earliest reported, then id."""
    event = report.event
    date_rank, geo_rank = _DATE_RANK.get(event.window.precision, 3), _geo_level(event.location)
    return (date_rank + geo_rank, date_rank, geo_rank, report.reported or dt.date.max, report.event_id)


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


class Codings:
    """Numbers for distinct codings, and the relations between them, computed once per pair.

    Pass one to `cluster_reports` call after call (the store does, batch after batch) to keep the
    relations already computed: they are pure functions of the two codings.
    """

    def __init__(self) -> None:
        self.ids: dict[_Features, int] = {}
        self.features: list[_Features] = []
        self.relations: dict[tuple[int, int], Relation | None] = {}
        # The same without the windows (`_undated`): kept apart, a coding of a new day relates to
        # those around it through place and actor relations already computed.
        self.undated_ids: dict[_Undated, int] = {}
        self.undated: list[int] = []  # by coding id: the id of its features without the window
        self.undated_relations: dict[tuple[int, int], _PlaceActors | None] = {}
        self.reports: dict[str, tuple[Report, int]] = {}  # by event id: the report object and its coding

    def id_of(self, report: Report) -> int:
        # The same report object comes back batch after batch (the store caches them): its coding is
        # known without hashing its features again.
        seen = self.reports.get(report.event_id)
        if seen is not None and seen[0] is report:
            return seen[1]
        found = self._id_of(report)
        self.reports[report.event_id] = (report, found)
        return found

    def _id_of(self, report: Report) -> int:
        features = _features(report.event)
        found = self.ids.get(features)
        if found is None:
            found = self.ids[features] = len(self.features)
            self.features.append(features)
            undated = _undated(features)
            self.undated.append(self.undated_ids.setdefault(undated, len(self.undated_ids)))
        return found

    def relation(self, a: int, b: int) -> Relation | None:
        key = (a, b)
        if key not in self.relations:
            undated_key = (self.undated[a], self.undated[b])
            if undated_key not in self.undated_relations:
                self.undated_relations[undated_key] = _undated_relation(
                    _undated(self.features[a]), _undated(self.features[b])
                )
            undated = self.undated_relations[undated_key]
            self.relations[key] = _with_dates(self.features[a], self.features[b], undated)
        return self.relations[key]


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
    if report.article_id in cluster.articles or not cluster.window.overlaps(report.event.window):
        return None
    strongest = None
    for other in cluster.kinds:
        relation = kinds.relation(kind, other)
        if relation is None:
            return None
        # Ties of score broken by the words, not by the order of the set: the rule must not depend
        # on which other reports were clustered in the same call.
        if strongest is None or (relation.score, relation.rule) > (strongest.score, strongest.rule):
            strongest = relation
    return strongest


def _choose(report: Report, kind: int, clusters: Sequence[_Cluster | None], kinds: Codings) -> Decision:
    best: list[tuple[int, int, str]] = []
    for index, cluster in enumerate(clusters):
        relation = _fit(report, kind, cluster, kinds) if cluster is not None else None
        if relation is not None:
            best.append((relation.score, index, relation.rule))
    if not best:
        return Decision(None, FOUNDER)
    best.sort(key=lambda item: (-item[0], item[1]))
    if len(best) > 1 and best[0][0] == best[1][0]:
        ties = sum(1 for b in best if b[0] == best[0][0])
        return Decision(None, f"{FOUNDER}; ambiguous: fits {ties} incidents equally, joined none")
    return Decision(best[0][1], best[0][2])


def cluster_reports(
    reports: Iterable[Report],
    known: Mapping[str, tuple[str, str]] | None = None,
    codings: Codings | None = None,
) -> list[tuple[Member, ...]]:
    """Group reports into incidents; the result depends only on the set of reports given.

    In three steps, so that what a report joins depends on a bounded neighbourhood of it (the store
    re-clusters only that neighbourhood when reports arrive, however large the archive):
    1. reports dated to one day cluster among themselves (complete linkage, most precise first);
    2. each report with a wider window joins the day incident it relates to best, decided on the
       day incidents alone (so wide windows never chain one day's incidents to the next);
    3. the wide reports left cluster among themselves when their windows are the same.

    `known` (event id -> (group, rule)): reports whose incident is already known and unchanged; the
    store passes the day incidents around what it re-clusters, so that they are not decided again.
    Reports of one group form one incident. Returns the members of each incident, the founder first,
    incidents in canonical order of their founders.
    """
    known = known or {}
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
        key = _block(report)
        nearby = _day_incidents(by_day, days, key, report.event.window) if key else []
        decision = _choose(report, kind, nearby, kinds)
        if decision.target is None:
            left.append((report, kind, decision.rule))
        else:
            joins.append((nearby[decision.target], Member(report, decision.rule), kind))
    for cluster, member, kind in joins:  # after all decisions: no wide report sees another
        cluster.add(member, kind)

    same_window: dict[tuple[object, ...], list[_Cluster]] = {}
    for report, kind, rule in left:
        key = _block(report)
        window = report.event.window
        group = same_window.setdefault((key, window.start, window.end), []) if key else []
        decision = _choose(report, kind, group, kinds)
        if decision.target is None:
            group.append(_Cluster(Member(report, rule), kind))
            clusters.append(group[-1])
        else:
            group[decision.target].add(Member(report, decision.rule), kind)
    ordered_members = [
        (c.members[0], *sorted(c.members[1:], key=lambda m: canonical_key(m.report))) for c in clusters
    ]
    return sorted(ordered_members, key=lambda members: canonical_key(members[0].report))


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


def _one_day(report: Report) -> bool:
    window = report.event.window
    return window.start == window.end


def _block(report: Report) -> tuple[str, str] | None:
    """Reports that may be one event share a block: kind of event and country (None: fuses with none)."""
    event = report.event
    if not event.location.country or not fusable_window(event.window):
        return None
    return (family(event.event_type), event.location.country)


def _window_of(windows: Iterable[DateWindow]) -> DateWindow | None:
    result: DateWindow | None = None
    for window in windows:
        result = window if result is None else result.intersect(window)
        if result is None:
            return None
    return result


# ---------------------------------------------------------------- reconciling fields


def fuse(members: Sequence[Member]) -> Incident:
    """Reconcile the fields of an incident's reports into one incident (members in canonical order)."""
    reports = [m.report for m in members]
    seed = _seed(reports)
    events = [r.event for r in reports]
    rules: list[str] = []
    window = _window_of(e.window for e in events)
    if window is None:  # cannot happen for clusters built by cluster_reports; keep the seed's window
        window = seed.event.window
    widest = max(e.window.end - e.window.start for e in events)
    if window.end - window.start < widest:
        fixers = sorted({r.article_id for r in reports if r.event.window == window})
        shown = ", ".join(fixers[:3]) + (f" and {len(fixers) - 3} more" if len(fixers) > 3 else "")
        by = f" by {shown}" if fixers else " by combining reports"
        rules.append(f"date: narrowed to {_window_text(window)}{by}")
    event_type, type_rule = _event_type([e.event_type for e in events])
    if type_rule:
        rules.append(type_rule)
    subs = [e.sub_event_type for e in events if e.event_type == event_type]
    sub, sub_rule = _sub_event_type(event_type, subs)
    if sub_rule:
        rules.append(sub_rule)
    location = min(events, key=lambda e: (_geo_level(e.location), e.location.precision or 9)).location
    actor1, actor2 = _actors(events)
    fatalities, injuries = _count([e.fatalities for e in events]), _count([e.injuries for e in events])
    for label, rng in (("fatalities", fatalities), ("injuries", injuries)):
        if rng.low is not None and rng.low != rng.high:
            rules.append(
                f"{label}: lowest reported figure kept ({rng.low}; reports range {rng.low}-{rng.high})"
            )
    ordered = sorted(members, key=lambda m: canonical_key(m.report))
    return Incident(
        id=incident_id(seed.event_id),
        event_type=event_type,
        sub_event_type=sub,
        window=window,
        location=location,
        actor1=actor1,
        actor2=actor2,
        fatalities=fatalities,
        injuries=injuries,
        members=tuple(ordered),
        rules=tuple(rules),
    )


def _window_text(window: DateWindow) -> str:
    if window.start == window.end:
        return window.start.isoformat()
    return f"{window.start.isoformat()}..{window.end.isoformat()}"


def _event_type(types: list[str]) -> tuple[str, str]:
    counts = Counter(types)
    if len(counts) == 1:
        return types[0], ""
    top = max(counts.values())
    leaders = [t for t in counts if counts[t] == top]
    chosen = min(leaders, key=lambda t: _TYPE_PREFERENCE.index(t) if t in _TYPE_PREFERENCE else 99)
    how = "majority" if len(leaders) == 1 else "tie, the escalated"
    return chosen, f"event_type: {chosen} ({how}, {counts[chosen]} of {len(types)} reports)"


def _sub_event_type(event_type: str, subs: list[str]) -> tuple[str, str]:
    distinct = set(subs)
    if len(distinct) == 1:
        return subs[0], ""
    escalation = _ESCALATION.get(event_type)
    if escalation:
        chosen = min(distinct, key=lambda s: escalation.index(s) if s in escalation else len(escalation))
        return chosen, f"sub_event_type: {chosen} (the most escalated of {len(distinct)} codings)"
    counts = Counter(subs)
    top = max(counts.values())
    leaders = [s for s in distinct if counts[s] == top]
    chosen = min(leaders, key=_preference)
    how = "majority" if len(leaders) == 1 else "tie, the more specific"
    return chosen, f"sub_event_type: {chosen} ({how}, {counts[chosen]} of {len(subs)} reports)"


def _preference(sub: str) -> int:
    return _SUBTYPE_PREFERENCE.index(sub) if sub in _SUBTYPE_PREFERENCE else len(_SUBTYPE_PREFERENCE)


def _actors(events: list[Event]) -> tuple[Actor | None, Actor | None]:
    """Per side, the most often named actor; a report whose sides are swapped is turned around first."""
    base = events[0]
    sides: list[list[Actor]] = [[], []]
    turned: dict[tuple[Actor | None, Actor | None], bool] = {}
    for event in events:
        a1, a2 = event.actor1, event.actor2
        if (a1, a2) not in turned:
            straight = _sides(base.actor1, a1, base.actor2, a2)
            swapped = _sides(base.actor1, a2, base.actor2, a1)
            turned[a1, a2] = (
                swapped is not None and swapped[1] > 0 and (straight is None or swapped[1] > straight[1])
            )
        if turned[a1, a2]:
            a1, a2 = a2, a1
        if a1:
            sides[0].append(a1)
        if a2:
            sides[1].append(a2)
    return _most_named(sides[0]), _most_named(sides[1])


def _most_named(actors: list[Actor]) -> Actor | None:
    if not actors:
        return None
    counts = Counter(actors)
    # Ties go to the longer (more specific) name, then alphabetically, for a deterministic pick.
    return max(counts, key=lambda a: (counts[a], len(a.name), [-ord(c) for c in a.name]))


def _count(values: list[int | None]) -> Range:
    known = [v for v in values if v is not None]
    if not known:
        return Range(None, None, None)
    # ACLED's conservative rule: when sources differ, code the lowest figure; keep the spread.
    return Range(min(known), min(known), max(known))
