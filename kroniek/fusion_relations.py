"""Fusion: how two reports relate (`relate`): the same event type or family, different articles, one
country, intersecting date windows, the same or nearby places, agreeing actors; each relation named, with
how specific it is.
"""

from __future__ import annotations

import functools
import unicodedata

from kroniek.fusion_records import MAX_FUSABLE_DAYS, Relation, Report, family, geo_level
from kroniek.model import Actor, DateWindow, Location
from kroniek.stages.actor_kinds import is_named_group
from kroniek.stages.distance import km

# Two points this close (km) can be one event named by two nearby places (a district and its city,
# a village and the town next to it), in one first-order region; farther apart, or in two regions, towns are
# different events, as ACLED codes them.
NEARBY_KM = 10.0

# Place relation strength: a report joins the incident it relates to most specifically.
_PLACE_SAME, _PLACE_NEAR, _PLACE_IN_REGION, _PLACE_IN_COUNTRY = 4, 3, 2, 1
_SAME_TYPE = 10_000
# The same crowd is protesters to one witness and rioters to the next, when one of them names it only
# by ACLED's generic name ("Protesters (Netherlands)"): farmers and football supporters stay apart.
_ONE_CROWD = {"protesters", "rioters"}


def relate(a: Report, b: Report) -> Relation | None:
    """How two reports may describe one event, or None when they cannot."""
    if a.article_id == b.article_id:
        return None
    return _relate(_features(a), _features(b))


# What the rules read of an event; reports with equal features relate alike, so clusters compare
# each distinct kind once (a story told by 500 articles has a handful of distinct codings).
_Features = tuple[str, DateWindow, Location, Actor | None, Actor | None, int | None, frozenset[str]]


def _features(report: Report) -> _Features:
    event = report.event
    return (
        event.event_type,
        event.window,
        event.location,
        event.actor1,
        event.actor2,
        event.fatalities,
        report.apart,
    )


def _relate(fa: _Features, fb: _Features) -> Relation | None:
    return _with_dates(fa, fb, _undated_relation(_undated(fa), _undated(fb)))


# The features but the window: what the place and actor rules read. An archive holds the same type, town
# and actors day after day, so `Codings` computes their relation once per pair of these, not per window.
_Undated = tuple[str, Location, Actor | None, Actor | None, int | None, frozenset[str]]
_PlaceActors = tuple[tuple[str, int], tuple[str, int]]


def _undated(f: _Features) -> _Undated:
    return (f[0], f[2], f[3], f[4], f[5], f[6])  # (`apart` too: `_dated` reads it, cached by these)


def _undated_relation(ua: _Undated, ub: _Undated) -> _PlaceActors | None:
    """How the places and the actors of two codings agree (the first half of `_relate`), or None."""
    (type_a, loc_a, a1, a2, _, _), (type_b, loc_b, b1, b2, _, _) = ua, ub
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
    window_a, window_b = fa[1], fb[1]
    if not (fusable_window(window_a) and fusable_window(window_b)):
        return None
    return _dated(fa, fb, undated, _date_relation(window_a, window_b))


def _dated(
    fa: _Features, fb: _Features, undated: _PlaceActors, date: tuple[str, int] | None
) -> Relation | None:
    """The relation of two fusable codings, given their place and actor relation and date relation."""
    if date is None:
        return None
    (type_a, _, _, _, _, dead_a, apart_a), (type_b, _, _, _, _, dead_b, apart_b) = fa, fb
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
    if type_b in apart_a or type_a in apart_b:
        return None  # the report's own article codes an event of the other type there apart from it
    kinds = "/".join(sorted((type_a, type_b)))
    return Relation(f"{place[0]} ({kinds})", date[0], told, score)


def fusable_window(window: DateWindow) -> bool:
    """Whether a date window is narrow enough to match a report to one event."""
    return (window.end - window.start).days < MAX_FUSABLE_DAYS


_SAME_DAY, _DAY_FIXES = ("same day", 2), ("a day fixes a wider window", 1)
_OVERLAPPING = ("overlapping windows", 0)
_WITHIN = ("a window within a wider one", 0)


def _date_relation(a: DateWindow, b: DateWindow) -> tuple[str, int] | None:
    # The intersection's bounds only: this runs for every new pair of codings an archive's days bring.
    start = a.start if a.start > b.start else b.start
    end = a.end if a.end < b.end else b.end
    if start > end:
        return None
    if a.precision == "day" and b.precision == "day":
        return _SAME_DAY
    if start == end:
        return _DAY_FIXES
    # One window inside the other (not the same): the narrower refines the wider, as a day does.
    if (start, end) in ((a.start, a.end), (b.start, b.end)) and (a.start, a.end) != (b.start, b.end):
        return _WITHIN
    return _OVERLAPPING


def _place_relation(a: Location, b: Location) -> tuple[str, int] | None:
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        return "same place", _PLACE_SAME
    la, lb = geo_level(a), geo_level(b)
    if la == lb == 0:
        if _norm(a.name) == _norm(b.name) and (not a.admin1 or not b.admin1 or a.admin1 == b.admin1):
            return "same place", _PLACE_SAME
        if a.admin1 and b.admin1 and _norm(a.admin1) != _norm(b.admin1):
            # Two towns of two regions, however near: Zaventem's airport (Flemish Brabant) and a metro station
            # of Brussels (Brussels-Capital) were two bombings of one morning, and ACLED codes them apart.
            return None
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
    return km(a.lat, a.lon, b.lat, b.lon)


def _actor_relation(
    a1: Actor | None, a2: Actor | None, b1: Actor | None, b2: Actor | None
) -> tuple[str, int] | None:
    straight = actor_sides(a1, b1, a2, b2)
    swapped = actor_sides(a1, b2, a2, b1)
    # Swapping needs evidence (an actor that matches across): otherwise any two one-actor reports,
    # "police" and "al-Shabaab", would pass by pairing each with the other's empty side.
    if swapped is None or swapped[1] == 0 or (straight is not None and straight[1] >= swapped[1]):
        return straight
    return swapped[0] + " (sides swapped)", swapped[1]


def actor_sides(
    x1: Actor | None, y1: Actor | None, x2: Actor | None, y2: Actor | None
) -> tuple[str, int] | None:
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
        self._undated_features: list[_Undated] = []  # by undated id
        self.undated_relations: dict[tuple[int, int], _PlaceActors | None] = {}
        self.dated: dict[tuple[tuple[int, int], tuple[str, int] | None], Relation | None] = {}
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
        features = _features(report)
        found = self.ids.get(features)
        if found is None:
            found = self.ids[features] = len(self.features)
            self.features.append(features)
            undated = _undated(features)
            if undated not in self.undated_ids:
                self.undated_ids[undated] = len(self._undated_features)
                self._undated_features.append(undated)
            self.undated.append(self.undated_ids[undated])
        return found

    def undated_of(self, coding: int) -> int:
        """The id of a coding's features without its window."""
        return self.undated[coding]

    def undated_relate(self, a: int, b: int) -> bool:
        """Whether places and actors agree for these undated ids (`undated_of`): `relation` may be found
        only then."""
        key = (a, b)
        if key not in self.undated_relations:
            self.undated_relations[key] = _undated_relation(
                self._undated_features[a], self._undated_features[b]
            )
        return self.undated_relations[key] is not None

    def relation(self, a: int, b: int) -> Relation | None:
        key = (a, b)
        try:
            return self.relations[key]
        except KeyError:
            pass
        fa, fb = self.features[a], self.features[b]
        undated_key = (self.undated[a], self.undated[b])
        if undated_key not in self.undated_relations:
            self.undated_relations[undated_key] = _undated_relation(_undated(fa), _undated(fb))
        undated = self.undated_relations[undated_key]
        found = None
        if undated is not None and fusable_window(fa[1]) and fusable_window(fb[1]):
            # A new day's coding relates to the days around it as yesterday's did, but for the date:
            # the relation is a function of the undated pair and the date relation, built once.
            date = _date_relation(fa[1], fb[1])
            dated_key = (undated_key, date)
            if dated_key not in self.dated:
                self.dated[dated_key] = _dated(fa, fb, undated, date)
            found = self.dated[dated_key]
        self.relations[key] = found
        return found
