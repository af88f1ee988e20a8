"""Fallback points: a place without coordinates gets its region's or country's, at geo_precision 3."""

from __future__ import annotations

from pathlib import Path

import pytest
from storekit import event, place

from kroniek.gazetteer import default_gazetteer
from kroniek.ingest import read_articles
from kroniek.model import Article, ArticleResult, DocDate, Location
from kroniek.place_fallback import fallback_location
from kroniek.store import ingest, open_store

DEV_SET = Path(__file__).parents[1].parent / "shared" / "devset" / "dev.jsonl"


def _point_of(kind: str, name: str, country: str) -> tuple[float | None, float | None]:
    gaz = default_gazetteer()
    if kind == "country":
        record = gaz.record(gaz.country(country))  # type: ignore[arg-type]
    else:
        record = next(
            gaz.record(c.record)
            for c in gaz.lookup(name.lower())
            if gaz.record(c.record).kind == "admin1" and gaz.record(c.record).country == country
        )
    return record.lat, record.lon


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        # A village the gazetteer lacks, in a known province: the province's point.
        (Location("Zzyzx Kalay", "Farah", "AF", None, None, None, 2), ("admin1", "farah", "AF")),
        # A province the gazetteer does not know by this name: the country's point.
        (Location("Hallalé", "Nowhere Province", "BF", None, None, None, 1), ("country", "", "BF")),
        (Location(None, None, "IQ", None, None, None, 3), ("country", "", "IQ")),
    ],
)
def test_place_fallback_region_then_country(location: Location, expected: tuple[str, str, str]) -> None:
    found = fallback_location(location)
    assert (found.name, found.admin1, found.country) == (location.name, location.admin1, location.country)
    assert (found.lat, found.lon) == _point_of(*expected)
    assert found.precision == 3


def test_place_fallback_leaves_located_and_countryless_places() -> None:
    located = Location("Gao", "Gao", "ML", 16.27, -0.04, 2457163, 1)
    assert fallback_location(located) is located
    nowhere = Location("Somewhere", None, None, None, None, None, None)
    assert fallback_location(nowhere) is nowhere


def test_place_fallback_applied_when_stored(tmp_path) -> None:
    art = Article("a", "x", date=DocDate.parse("2022-03-02", "x"))
    ev = event(
        "battles", "armed_clash", "2022-03-02", place("Zzyzx Kalay", "AF", admin1="Farah", precision=2)
    )
    with open_store(str(tmp_path / "k.db")) as store:
        store.save_batch([(art, ArticleResult("a", "en", art.date, (ev,)))])
        (incident,) = list(store.incidents())
    assert incident.location.lat is not None and incident.location.precision == 3
    assert incident.location.name == "Zzyzx Kalay"


@pytest.mark.parametrize(
    ("name", "admin1", "found", "precision"),
    [
        ("Qala-e Naw", "Badghis", "Qala i Naw", 1),  # a town, written with another joining vowel
        ("Posht Rod", "Farah", "Pusht Rod", 2),  # a district, o for u
        ("Dihrawud", "Orūzgān", "Deh Rāwud", 2),  # written as one word, i for e
        ("Qala-e Naw", None, "Qala i Naw", 1),  # region unknown: the country's only match
    ],
)
def test_place_fallback_spelling_variants(name: str, admin1: str | None, found: str, precision: int) -> None:
    loc = fallback_location(Location(name, admin1, "AF", None, None, None, 1))
    assert (loc.name, loc.precision) == (found, precision)
    assert loc.lat is not None and loc.geonames_id is not None


def test_place_fallback_variant_must_lie_in_the_region_the_source_names() -> None:
    # Qala i Naw is in Badghis: a "Qala-e Naw" said to lie in Farah is not it.
    loc = fallback_location(Location("Qala-e Naw", "Farah", "AF", None, None, None, 1))
    assert (loc.name, loc.precision) == ("Qala-e Naw", 3)


def test_place_fallback_every_dev_set_incident_has_coordinates(tmp_path) -> None:
    """Issue 14's target: on the dev set, every incident has coordinates (at worst its country's)."""
    if not DEV_SET.is_file():
        pytest.skip(f"dev set not found: {DEV_SET}")
    with open_store(str(tmp_path / "dev.db")) as store:
        ingest(read_articles([str(DEV_SET)]), store, jobs=1)
        incidents = list(store.incidents())
    assert len(incidents) > 50
    unlocated = [i.id for i in incidents if i.location.lat is None or i.location.lon is None]
    assert unlocated == []
    assert {i.location.precision for i in incidents} <= {1, 2, 3}
