"""A point for every located incident: when a place has no coordinates (a village the gazetteer lacks),
the centre of its first-order region, else of its country, with ACLED's geo_precision 3.

ACLED's rule for a place it cannot find: keep the name the source gives and use the coordinates of the
smallest larger area the source names, at precision 3. The name stays; only the point and the precision
change. A location without even a country stays without coordinates.

>>> from kroniek.model import Location
>>> loc = fallback_location(Location("Posht Rod", "Farah", "AF", None, None, None, 2))
>>> loc.name, loc.admin1, loc.precision, loc.lat is not None
('Posht Rod', 'Farah', 3, True)
"""

from __future__ import annotations

from dataclasses import replace

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


def fallback_location(location: Location, gaz: Gazetteer | None = None) -> Location:
    """The location, with the point of its region or country when it has none of its own."""
    if (location.lat is not None and location.lon is not None) or not location.country:
        return location
    gaz = gaz or default_gazetteer()
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
