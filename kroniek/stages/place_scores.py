"""Resolving ambiguous place names with the whole article as context.

A candidate's score adds up: its size (log population), its kind (a country name is usually the
country), how it was named (an exonym of the article's language, an untagged alternate spelling),
whether it is a capital, nouns next to the name ("provincie Idlib"), "Town, Region" appositions, and
the share of the article's other mentions that point at its country. Two passes: the second uses the
countries the first pass resolved. A name said twice in an article means the same place both times.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict

from kroniek.gazetteer import Gazetteer, Record
from kroniek.lang import LanguageData
from kroniek.stages.distance import EARTH_RADIUS_KM, km
from kroniek.stages.place_tables import Hit, lang_tables

KIND_PRIOR = {"country": 3.0, "admin1": 0.5, "district": -1.0, "city": 0.0}
NOUN_BONUS = {
    ("region", "admin1"): 4.0,
    ("region", "district"): 3.5,
    ("district", "district"): 3.0,
    ("city", "city"): 1.5,
}
CAPITAL_BONUS = 1.0
CONTEXT_BONUS = 2.5  # times the share of the other mentions that point at the candidate's country
REGION_BONUS = 2.0  # a town in a region the article names
APPOSITION_BONUS = 4.0  # "Patikul, Sulu", "Paris, Texas", "QUETTA, Pakistan"
CITY_STATE_SHARE = 0.5  # a town named like its country with half its people is where things happen
MIN_POP_WITHOUT_CONTEXT = 15_000  # a town in a country nothing else in the article points at
# ...and when the article is about another country, a town must be a city foreign news names: the Bellevue,
# Orange or Washington of a riot in Nantes or Belfast is a quarter or an order there (5-fold CV on train/,
# 100,000: F1 0.636; 200,000 0.640; 300,000 0.641; 500,000 0.637; 1,000,000 0.638).
MIN_POP_ELSEWHERE = 300_000
NEAR_EACH_OTHER_KM = 100.0  # two places of one country this close vouch for each other


MAX_CANDIDATES = 12  # per name, by size and kind; more only cost time


class _Group:
    """All mentions of one name in the article: they are resolved together."""

    __slots__ = ("countries", "hits", "kinds", "static", "weight")

    def __init__(self, hits: list[Hit]) -> None:
        self.hits = hits
        self.static: dict[int, float] = {}
        self.kinds: dict[int, str | None] = {}
        self.weight = sum(h.weight for h in hits)
        self.countries: set[str] = set()


def resolve_hits(
    hits: list[Hit], text: str, lang: LanguageData, gaz: Gazetteer
) -> list[tuple[Hit, int, str | None]]:
    """The accepted hits, each with its record offset and kind override."""
    if not hits:
        return []
    by_key: dict[str, list[Hit]] = {}
    for hit in hits:
        by_key.setdefault(hit.key if hit.rule != "capital" else f"capital:{hit.candidates[0][0]}", []).append(
            hit
        )
    groups = [_Group(members) for members in by_key.values()]
    group_of = {id(h): g for g in groups for h in g.hits}
    for group in groups:
        _static_scores(group, gaz)
    _add_appositions(hits, group_of, text, lang_tables(lang).apposition_gap, gaz)

    weights: defaultdict[str, float] = defaultdict(float)  # country -> weight of its names
    for group in groups:
        if len(group.countries) == 1:
            weights[next(iter(group.countries))] += group.weight
    best: dict[int, int] = {n: next(iter(g.static)) for n, g in enumerate(groups) if len(g.static) == 1}
    ambiguous = [n for n, g in enumerate(groups) if len(g.static) > 1]
    for _ in range(2 if ambiguous else 0):
        regions = _regions(groups, best, gaz)
        for n in ambiguous:
            group = groups[n]
            others = weights.copy()
            if len(group.countries) == 1:
                others[next(iter(group.countries))] -= group.weight
            total = sum(v for v in others.values() if v > 0)
            top, top_score = -1, -1e9
            for offset, score in group.static.items():
                country, _, code, admin1, admin2, _, _ = _info(gaz, offset)
                if total and others[country] > 0:
                    score += CONTEXT_BONUS * others[country] / total
                if ((admin1 and admin1 in regions) or (admin2 and admin2 in regions)) and code not in regions:
                    score += REGION_BONUS
                if score > top_score or (score == top_score and offset < top):
                    top, top_score = offset, score
            best[n] = top
        weights = defaultdict(float)
        for n, group in enumerate(groups):
            weights[_info(gaz, best[n])[0]] += group.weight
    # Acceptance asks the sure names only: two small towns of one far country must not vouch for each other.
    # ...but small places that lie near each other do: namesakes abroad are scattered, the villages and towns
    # of one story are not ("Yala" and "Narathiwat", against one "Saudi" that is a man's name).
    sure = [_sure(group, best[n], gaz) for n, group in enumerate(groups)]
    for n in _near_each_other([best[n] for n in range(len(groups))], gaz):
        sure[n] = True
    support: defaultdict[str, float] = defaultdict(float)
    for n, group in enumerate(groups):
        if sure[n]:
            support[_info(gaz, best[n])[0]] += group.weight

    out: list[tuple[Hit, int, str | None]] = []
    for n, group in enumerate(groups):
        offset = best[n]
        if _accept(group, offset, support, gaz, sure[n]):
            out.extend((hit, offset, group.kinds[offset]) for hit in group.hits)
    return out


def _info(gaz: Gazetteer, offset: int) -> tuple[str, str, str, str, str, float, int]:
    """(country, kind, code, admin1, admin2, prior, population) of a record, cached on the gazetteer."""
    memo: dict[int, tuple[str, str, str, str, str, float, int]] = gaz.memo.setdefault("place_info", {})  # type: ignore[assignment]
    info = memo.get(offset)
    if info is None:
        rec = gaz.record(offset)
        prior = math.log10(rec.population + 10) + KIND_PRIOR[rec.kind]
        if rec.kind == "city" and _is_capital(rec, gaz):
            prior += CAPITAL_BONUS
        info = (rec.country, rec.kind, rec.code, rec.admin1, rec.admin2, prior, rec.population)
        memo[offset] = info
    return info


def _static_scores(group: _Group, gaz: Gazetteer) -> None:
    """Scores that do not depend on the other names, for the best `MAX_CANDIDATES` candidates."""
    noun = next((h.noun for h in group.hits if h.noun), "")
    candidates = _collapse(group.hits[0].candidates, noun, gaz)
    scored = []
    for offset, adjust, kind in candidates:
        info = _info(gaz, offset)
        score = info[5] + adjust + NOUN_BONUS.get((noun, kind or info[1]), 0.0)
        if kind:
            score += KIND_PRIOR[kind] - KIND_PRIOR[info[1]]
        scored.append((score, -offset, offset, kind, info[0]))
    scored.sort(reverse=True)
    for score, _, offset, kind, country in scored[:MAX_CANDIDATES]:
        if offset not in group.static:
            group.static[offset] = score
            group.kinds[offset] = kind
            group.countries.add(country)


_NOUN_PREFERENCE = {"region": ("admin1", "district"), "district": ("district",), "city": ("city",)}


def _collapse(
    candidates: list[tuple[int, float, str | None]], noun: str, gaz: Gazetteer
) -> list[tuple[int, float, str | None]]:
    """A town and the area it lies in share a name: "Utrecht" is the town, not its province, unless a noun
    says "provincie Utrecht"; "Djibouti" is the country, unless a noun says "Djibouti city". An alternate
    name of a town does not count ("Sulu" for Jolo does not hide the province Sulu)."""
    if len(candidates) < 2:
        return candidates
    infos = [_info(gaz, c[0]) for c in candidates]
    homes: set[str] = set()  # the areas a same-named town lies in: its country, region and district
    countries = {info[0]: info[6] for info in infos if info[1] == "country"}
    for cand, info in zip(candidates, infos, strict=True):
        if (cand[2] or info[1]) == "city" and cand[1] >= 0:
            homes.update(area for area in (f"country:{info[0]}", info[3], info[4]) if area)
            if info[6] >= CITY_STATE_SHARE * countries.get(info[0], 1 << 60):
                noun = noun or "city"  # Hong Kong, Singapore, Djibouti: the town is most of the country
    if not homes:
        return candidates
    wanted = _NOUN_PREFERENCE.get(noun, ())
    areas_kept, kept = set(), []
    for cand, info in zip(candidates, infos, strict=True):
        kind = cand[2] or info[1]
        area = f"country:{info[0]}" if kind == "country" else info[2]
        if kind != "city" and area in homes:
            if kind not in wanted and not (kind == "country" and noun != "city"):
                continue  # "Utrecht": the town, not its province
            areas_kept.add(area)  # "provincie Utrecht", "Djibouti": the area, not the town
        kept.append((cand, info))
    out = [
        cand
        for cand, info in kept
        if not ((cand[2] or info[1]) == "city" and {f"country:{info[0]}", info[3], info[4]} & areas_kept)
    ]
    return out or candidates


def _is_capital(rec: Record, gaz: Gazetteer) -> bool:
    country = gaz.country(rec.country)
    return country is not None and gaz.record(country).capital == rec.geonames_id


def _add_appositions(
    hits: list[Hit], group_of: dict[int, _Group], text: str, gap: re.Pattern[str], gaz: Gazetteer
) -> None:
    """A name right before ", Region" or ", Country" (or "in Country") lies in it."""
    for k in range(len(hits) - 1):
        nxt = hits[k + 1]
        if not gap.fullmatch(text, hits[k].end, nxt.start):
            continue
        codes = set()
        for offset in group_of[id(nxt)].static:
            country, kind, code, _, _, _, _ = _info(gaz, offset)
            if kind == "country":
                codes.add(f"country:{country}")
            elif kind != "city":
                codes.add(code)
        static = group_of[id(hits[k])].static
        for offset in static:
            country, _, _, admin1, admin2, _, _ = _info(gaz, offset)
            if (admin1 and admin1 in codes) or (admin2 and admin2 in codes) or f"country:{country}" in codes:
                static[offset] += APPOSITION_BONUS


def _regions(groups: list[_Group], best: dict[int, int], gaz: Gazetteer) -> set[str]:
    """Codes of the regions the article names (resolved ones once there is a first pass)."""
    regions = set()
    for n, group in enumerate(groups):
        for offset in [best[n]] if n in best else group.static:
            _, kind, code, _, _, _, _ = _info(gaz, offset)
            if kind in ("admin1", "district"):
                regions.add(code)
    return regions


def _sure(group: _Group, offset: int, gaz: Gazetteer) -> bool:
    """A name that says which country the article is about: a country, a demonym, a dateline, an alias,
    a name of several words or a big place."""
    hit = group.hits[0]
    info = _info(gaz, offset)
    return (
        hit.rule != "gazetteer"
        or hit.kind == "dateline"
        or hit.tokens > 1
        or info[1] == "country"
        or info[6] >= MIN_POP_ELSEWHERE
    )


def _near_each_other(offsets: list[int], gaz: Gazetteer) -> set[int]:
    """Indexes of the readings that lie within NEAR_EACH_OTHER_KM of a reading of another name."""
    memo: dict[int, tuple[str, float, float] | None] = gaz.memo.setdefault("place_point", {})  # type: ignore[assignment]
    points: list[tuple[int, str, float, float]] = []
    for n, offset in enumerate(offsets):
        if offset not in memo:
            rec = gaz.record(offset, keep=False)
            if rec.kind != "country" and rec.lat is not None and rec.lon is not None:
                memo[offset] = (rec.country, rec.lat, rec.lon)
            else:
                memo[offset] = None
        point = memo[offset]
        if point is not None:
            points.append((n, *point))
    # By country, then south to north: each point reads only the points of its country up to that far north
    # and south, as a great-circle distance is at least the difference of latitudes; reading all pairs made an
    # article naming 1,600 towns take seconds here (issue 13). A point already near one needs no more, and one
    # that is not looks for the first point near it, north then south (each pair measured southern point
    # first, as when every pair in reach was read: in a list of a country's towns, most pairs are in reach).
    points.sort(key=lambda p: (p[1], p[2]))
    near: set[int] = set()
    for a, (n, _, _, _) in enumerate(points):
        if n in near:
            continue
        other = _first_near(points, a, 1)
        if other is None:
            other = _first_near(points, a, -1)
        if other is not None:
            near.update((n, other))
    return near


def _first_near(points: list[tuple[int, str, float, float]], a: int, step: int) -> int | None:
    """The first point of the same country within NEAR_EACH_OTHER_KM of points[a], looking north (step 1)
    or south (-1) of it in `points` (sorted by country and latitude); None if none is."""
    _, country, lat, lon = points[a]
    b = a + step
    while 0 <= b < len(points):
        m, other, lat2, lon2 = points[b]
        if other != country or abs(lat2 - lat) > _NEAR_LATITUDES:
            return None
        # The southern point first, as every pair in reach was once measured (the same floating point).
        distance = km(lat, lon, lat2, lon2) if step > 0 else km(lat2, lon2, lat, lon)
        if distance <= NEAR_EACH_OTHER_KM:
            return m
        b += step
    return None


# Degrees of latitude that NEAR_EACH_OTHER_KM spans, with a margin for rounding.
_NEAR_LATITUDES = math.degrees(NEAR_EACH_OTHER_KM / EARTH_RADIUS_KM) * 1.01


def _accept(group: _Group, offset: int, weights: defaultdict[str, float], gaz: Gazetteer, sure: bool) -> bool:
    """Whether the best reading is good enough: names of countries, curated aliases and datelines always
    are; a place in a country the rest of the article points at is; otherwise only a big enough town."""
    country, kind, _, _, _, _, population = _info(gaz, offset)
    if kind == "country" or any(h.rule != "gazetteer" or h.kind == "dateline" for h in group.hits):
        return True
    # A name of several words is sure of itself ("Pusht Rod district", "Noord-Brabant"), except a town while
    # the article points at another country: then it is no surer than one word ("Sans Souci", a square of
    # Lyon and a town in the US; 5-fold CV on train/: F1 0.590 -> 0.593).
    elsewhere = kind == "city" and any(weight > 0 for other, weight in weights.items() if other != country)
    if not elsewhere and any(h.tokens > 1 for h in group.hits):
        return True
    if weights[country] - (group.weight if sure else 0) > 0:
        return True
    if all(c[1] < 0 for c in group.hits[0].candidates if c[0] == offset):
        return False  # an alternate spelling, and nothing else in the article points at its country
    others = sum(weights.values()) - (group.weight if sure else 0)
    if others <= 0:  # nothing else says where: a big region will do
        return population >= (MIN_POP_WITHOUT_CONTEXT if kind == "city" else MIN_POP_ELSEWHERE)
    return kind == "city" and population >= MIN_POP_ELSEWHERE  # a far region needs its country named
