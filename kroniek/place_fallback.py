"""A point for every located incident, when the place the extractor found has no coordinates.

1. A spelling variant of a town or district the gazetteer has, in the same region (or country when the
   region is unknown), and only one: "Qala-e Naw" is the gazetteer's "Qala i Naw" (geo_precision 1 for a
   town, 2 for a district). The variants: `kroniek/data/transliteration.toml`.
2. Else ACLED's rule for a place it cannot find: keep the name the source gives and use the coordinates
   of the smallest larger area the source names, its first-order region, else its country, at precision 3.

A location without even a country stays without coordinates.

>>> from kroniek.model import Location
>>> loc = fallback_location(Location("Zzyzx", "Farah", "AF", None, None, None, 2))
>>> loc.name, loc.admin1, loc.precision, loc.lat is not None
('Zzyzx', 'Farah', 3, True)
>>> loc = fallback_location(Location("Qala-e Naw", "Badghis", "AF", None, None, None, 2))
>>> loc.name, loc.precision
('Qala i Naw', 1)
"""

from __future__ import annotations

import functools
import tomllib
from collections import defaultdict
from dataclasses import replace
from importlib import resources

from kroniek.gazetteer import Gazetteer, default_gazetteer, normalize_name
from kroniek.model import Event, Location

FALLBACK_PRECISION = 3


def _region_point(gaz: Gazetteer, name: str, country: str) -> tuple[float, float] | None:
    for candidate in gaz.lookup(normalize_name(name)):
        record = gaz.record(candidate.record)
        if record.kind == "admin1" and record.country == country and record.lat is not None:
            assert record.lon is not None
            return record.lat, record.lon
    return None


@functools.cache
def _rules() -> tuple[frozenset[str], dict[int, str], int]:
    text = resources.files("kroniek").joinpath("data", "transliteration.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    return frozenset(data["connectors"]), str.maketrans(data["letters"]), int(data["limits"]["min_length"])


def skeleton(name: str) -> str:
    """The form spelling variants share.

    >>> skeleton("Qala-e Naw") == skeleton("Qala i Naw"), skeleton("Posht Rod") == skeleton("Pusht Rod")
    (True, True)
    >>> skeleton("Dihrawud") == skeleton("Deh Rāwud"), skeleton("Kabul") == skeleton("Kunduz")
    (True, False)
    """
    connectors, letters, _ = _rules()
    joined = "".join(w for w in normalize_name(name).split() if w not in connectors).translate(letters)
    return "".join(ch for i, ch in enumerate(joined) if i == 0 or ch != joined[i - 1])


@functools.lru_cache(maxsize=64)
def _skeletons(gaz: Gazetteer, country: str) -> dict[str, tuple[int, ...]]:
    """Skeleton -> towns and districts of one country (built on first need: a scan of the gazetteer)."""
    found: dict[str, list[int]] = defaultdict(list)
    for offset in gaz.records_of(country):
        record = gaz.record(offset, keep=False)
        if record.kind in ("city", "district") and record.lat is not None:
            found[skeleton(record.name)].append(offset)
    # Tuples of ints, which the garbage collector stops tracking: tens of thousands of lists (and the
    # records scanned) kept for the life of the process made every full collection slower.
    return {key: tuple(offsets) for key, offsets in found.items()}


def _variant(gaz: Gazetteer, location: Location) -> Location | None:
    """The one town or district of the location's region whose name is a spelling variant of its name."""
    if not location.name or not location.country or len(skeleton(location.name)) < _rules()[2]:
        return None
    matches = []
    for offset in _skeletons(gaz, location.country).get(skeleton(location.name), ()):
        place = gaz.place(offset)
        if location.admin1 and normalize_name(place.admin1 or "") != normalize_name(location.admin1):
            continue
        matches.append(place)
    towns = [p for p in matches if p.kind == "city"] or matches
    if len({(p.name, p.admin1) for p in towns}) != 1:
        return None  # none, or several places: a guess would be worse than the region's point
    place = max(towns, key=lambda p: p.population)
    assert place.lat is not None and place.lon is not None
    return replace(
        location,
        name=place.name,
        admin1=place.admin1 or location.admin1,
        lat=place.lat,
        lon=place.lon,
        geonames_id=place.geonames_id,
        precision=1 if place.kind == "city" else 2,
    )


def fallback_location(location: Location, gaz: Gazetteer | None = None) -> Location:
    """The location, with the point of a spelling variant, else of its region or country, when it has none
    of its own."""
    if (location.lat is not None and location.lon is not None) or not location.country:
        return location
    gaz = gaz or default_gazetteer()
    variant = _variant(gaz, location)
    if variant is not None:
        return variant
    point = _region_point(gaz, location.admin1, location.country) if location.admin1 else None
    if point is None:
        offset = gaz.country(location.country)
        record = gaz.record(offset) if offset is not None else None
        if record is None or record.lat is None or record.lon is None:
            return location
        point = (record.lat, record.lon)
    return replace(location, lat=point[0], lon=point[1], precision=FALLBACK_PRECISION)


def with_fallback_place(event: Event, gaz: Gazetteer | None = None) -> Event:
    """The event with a fallback point for its location (the same event when it has one)."""
    location = fallback_location(event.location, gaz)
    return event if location is event.location else replace(event, location=location)
