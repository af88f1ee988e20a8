"""The ACLED export: ACLED's 31 columns, read back with ACLED's column list and dtypes; derived columns."""

from __future__ import annotations

import csv
import io

import pytest
from storekit import event, load_stories, place, stories_store

from kroniek.export import COLUMNS, write_csv
from kroniek.export.acled import ACLED_COLUMNS, countries
from kroniek.export.codebook import (
    INTER_LABELS,
    civilian_targeting,
    disorder_type,
    outlet_country,
    regions,
    source_scale,
)
from kroniek.model import Actor, Article, ArticleResult, DocDate
from kroniek.store import open_store

# ACLED's export columns and their types, as ACLED's codebook lists them (numeric inter codes).
ACLED_DTYPES = {
    "event_id_cnty": "string",
    "event_date": "string",
    "year": "int64",
    "time_precision": "int64",
    "disorder_type": "string",
    "event_type": "string",
    "sub_event_type": "string",
    "actor1": "string",
    "assoc_actor_1": "string",
    "inter1": "int64",
    "actor2": "string",
    "assoc_actor_2": "string",
    "inter2": "int64",
    "interaction": "int64",
    "civilian_targeting": "string",
    "iso": "int64",
    "region": "string",
    "country": "string",
    "admin1": "string",
    "admin2": "string",
    "admin3": "string",
    "location": "string",
    "latitude": "float64",
    "longitude": "float64",
    "geo_precision": "int64",
    "source": "string",
    "source_scale": "string",
    "notes": "string",
    "fatalities": "int64",
    "tags": "string",
    "timestamp": "int64",
}

STORIES = load_stories()


@pytest.fixture
def store(tmp_path):
    yield from stories_store(tmp_path / "k.db", "https://www.nos.nl/iq")


def _rows(store, **options) -> list[dict[str, str]]:
    out = io.StringIO()
    write_csv(store.incidents(), out, **options)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_export_acled_csv_reads_with_acled_columns_and_dtypes(store) -> None:
    pandas = pytest.importorskip("pandas")
    out = io.StringIO()
    write_csv(store.incidents(), out)
    assert len(ACLED_DTYPES) == 31
    frame = pandas.read_csv(io.StringIO(out.getvalue()), dtype=ACLED_DTYPES)
    assert list(frame.columns[:31]) == list(ACLED_DTYPES) == list(ACLED_COLUMNS)
    assert list(frame.columns[31:]) == list(COLUMNS[31:])
    assert len(frame) == len({i.story for i in STORIES}) + 1
    assert set(frame["disorder_type"]) <= {
        "Political violence",
        "Demonstrations",
        "Political violence; Demonstrations",
        "Strategic developments",
    }
    assert frame["notes"].str.endswith(".").all()
    assert (frame["notes"].str.count(r"\. ") == 0).all()  # one sentence


def test_export_acled_derived_columns(store) -> None:
    rows = _rows(store)
    bomb = next(r for r in rows if r["country"] == "Somalia")
    assert (bomb["disorder_type"], bomb["civilian_targeting"], bomb["region"]) == (
        "Political violence",
        "Civilian targeting",
        "Eastern Africa",
    )
    # GeoNames has no district for Mogadishu; Rotterdam lies in its municipality.
    assert (bomb["admin2"], bomb["admin3"], bomb["tags"]) == ("", "", "")
    assert next(r for r in rows if r["location"] == "Rotterdam")["admin2"] == "Rotterdam"
    assert bomb["notes"].startswith("On 18 May 2024, an explosive device, landmine or IED of Al Shabaab hit")
    assert bomb["notes"].endswith("in Mogadishu (Banaadir, Somalia); 12 killed, 20 injured.")
    paris = next(r for r in rows if r["location"] == "Paris")
    assert (paris["disorder_type"], paris["civilian_targeting"], paris["region"]) == (
        "Demonstrations",
        "",
        "Europe",
    )
    iraq = next(r for r in rows if r["country"] == "Iraq")
    assert (iraq["region"], iraq["source_scale"], iraq["inter2"]) == ("Middle East", "International", "0")
    assert iraq["notes"] == "On 31 December 2019, Rioters (Iraq) rioted in Iraq."


def test_export_acled_inter_labels(store) -> None:
    rows = _rows(store, inter_labels=True)
    bomb = next(r for r in rows if r["country"] == "Somalia")
    assert (bomb["inter1"], bomb["inter2"], bomb["interaction"]) == (
        "Rebel group",
        "Civilians",
        "Rebel group-Civilians",
    )
    iraq = next(r for r in rows if r["country"] == "Iraq")
    assert (iraq["inter1"], iraq["inter2"], iraq["interaction"]) == ("Rioters", "", "Rioters only")


def test_export_acled_assoc_actors_are_the_other_names_the_sources_give(tmp_path) -> None:
    where = place("Gao", "ML", 16.27, -0.04)
    art = [Article(f"a{i}", "x", date=DocDate.parse("2022-03-02", "x")) for i in range(2)]
    first = event(
        "battles", "armed_clash", "2022-03-02", where, ("Military Forces of Mali (2021-)", "state_forces")
    )
    second = event("battles", "armed_clash", "2022-03-02", where, ("Wagner Group", "external_forces"))
    with open_store(str(tmp_path / "k.db")) as store:
        store.save_batch([(art[0], ArticleResult("a0", "en", art[0].date, (first,)))])
        store.save_batch([(art[1], ArticleResult("a1", "en", art[1].date, (second,)))])
        rows = _rows(store)
    assert len(rows) == 1
    assert {rows[0]["actor1"], rows[0]["assoc_actor_1"]} == {
        "Military Forces of Mali (2021-)",
        "Wagner Group",
    }


@pytest.mark.parametrize(
    ("event_type", "sub", "actor2", "expected"),
    [
        ("battles", "armed_clash", "state_forces", "Political violence"),
        ("explosions_remote_violence", "air_drone_strike", None, "Political violence"),
        ("violence_against_civilians", "attack", "civilians", "Political violence"),
        ("violence_against_civilians", "attack", "protesters", "Political violence; Demonstrations"),
        ("protests", "peaceful_protest", None, "Demonstrations"),
        ("protests", "protest_with_intervention", "state_forces", "Demonstrations"),
        (
            "protests",
            "excessive_force_against_protesters",
            "state_forces",
            "Political violence; Demonstrations",
        ),
        ("riots", "violent_demonstration", None, "Demonstrations"),
        ("riots", "mob_violence", "civilians", "Political violence"),
        ("strategic_developments", "arrests", "protesters", "Strategic developments"),
    ],
)
def test_export_acled_disorder_type_rules(event_type, sub, actor2, expected) -> None:
    other = Actor("b", actor2, None) if actor2 else None
    assert disorder_type(event_type, sub, other) == expected


@pytest.mark.parametrize(
    ("disorder", "a2", "expected"),
    [
        ("Political violence", "civilians", "Civilian targeting"),
        ("Political violence", "rebel_groups", ""),
        ("Demonstrations", "civilians", ""),
        ("Strategic developments", "civilians", ""),
    ],
)
def test_export_acled_civilian_targeting(disorder, a2, expected) -> None:
    assert civilian_targeting(disorder, Actor("a", "state_forces", None), Actor("b", a2, None)) == expected


def test_export_acled_every_country_has_an_acled_region() -> None:
    acled_regions = {
        "Western Africa", "Middle Africa", "Eastern Africa", "Southern Africa", "Northern Africa",
        "South Asia", "Southeast Asia", "East Asia", "Middle East", "Europe", "Caucasus and Central Asia",
        "Central America", "South America", "Caribbean", "North America", "Oceania", "Antarctica",
    }  # fmt: skip
    assert set(regions()) == set(countries())
    assert set(regions().values()) == acled_regions
    assert (regions()["ML"], regions()["AF"], regions()["TR"], regions()["MX"]) == (
        "Western Africa",
        "South Asia",
        "Middle East",
        "Central America",
    )


@pytest.mark.parametrize(
    ("urls", "country", "expected"),
    [
        (["https://www.nrc.nl/a"], "NL", "National"),
        (["https://www.nrc.nl/a", "https://www.theguardian.com/b"], "NL", "National-International"),
        (["https://news.bbc.co.uk/x"], "ML", "International"),
        (["https://example.org/x", None], "ML", "Other"),
    ],
)
def test_export_acled_source_scale(urls, country, expected) -> None:
    assert source_scale(urls, country) == expected


def test_export_acled_outlet_country_from_list_or_domain() -> None:
    assert outlet_country("https://de.euronews.com/x") == "FR"
    assert outlet_country("https://www.zeit.de/x") == "DE"
    assert outlet_country("https://example.com/x") is None


def test_export_acled_cli_inter_labels_and_progress_lines(store, tmp_path, monkeypatch) -> None:
    from click.testing import CliRunner

    from kroniek.cli import cli

    monkeypatch.setenv("KRONIEK_LOG_EVERY", "3600")
    out = tmp_path / "labels.csv"
    db = str(tmp_path / "k.db")
    result = CliRunner().invoke(cli, ["export", "--db", db, "--inter-labels", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {r["inter1"] for r in rows} <= set(INTER_LABELS.values())
    assert "Rebel group" in {r["inter1"] for r in rows}
    assert "incidents finished" in result.stderr


@pytest.mark.parametrize(
    ("sub", "a1", "a2", "expected"),
    [
        ("attack", None, None, "In March 2022, an attack took place in Gao (Mali)."),
        ("attack", "JNIM", None, "In March 2022, JNIM carried out an attack in Gao (Mali)."),
        (
            "armed_clash",
            "JNIM",
            "Wagner Group",
            "In March 2022, JNIM clashed with Wagner Group in Gao (Mali).",
        ),
        # Only the other side known: who was involved, not who acted.
        (
            "attack",
            None,
            "Civilians (Mali)",
            "In March 2022, an attack took place involving Civilians (Mali) in Gao (Mali).",
        ),
    ],
)
def test_export_acled_notes_forms(sub: str, a1: str | None, a2: str | None, expected: str) -> None:
    import datetime as dt

    from kroniek.export.notes import sentence, templates
    from kroniek.model import EVENT_TYPES, DateWindow

    month = DateWindow(dt.date(2022, 3, 1), dt.date(2022, 3, 31), "month")
    actor1 = Actor(a1, "rebel_groups", "ML") if a1 else None
    actor2 = Actor(a2, "external_forces", "RU") if a2 else None
    assert sentence(sub, month, actor1, actor2, ("Gao", None, "Mali"), None, None) == expected
    every_sub = {s for subs in EVENT_TYPES.values() for s in subs}
    assert set(templates()) - {"default"} == every_sub
    assert all(set(form) == {"both", "one", "none"} for form in templates().values())
