"""Exports: ACLED-column CSV, JSON lines, GeoJSON (RFC 7946) and Parquet (pandas, DuckDB)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from storekit import load_stories, stories_store

from kroniek.export import COLUMNS, write_csv, write_geojson, write_jsonl, write_parquet
from kroniek.export.acled import ACLED_COLUMNS, country_code, event_id_cnty, interaction
from kroniek.model import Actor

STORIES = load_stories()


@pytest.fixture
def store(tmp_path):
    yield from stories_store(tmp_path / "k.db", "https://www.example.org/iq")


def test_export_csv_has_acled_columns_then_ours(store) -> None:
    out = io.StringIO()
    assert write_csv(store.incidents(), out) == len({i.story for i in STORIES}) + 1
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == COLUMNS
    assert COLUMNS[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
    assert {"injuries", "date_start", "date_end", "sources", "evidence"} <= set(COLUMNS)
    bomb = next(r for r in rows if r["country"] == "Somalia")
    assert bomb["event_id_cnty"].startswith("SOM") and bomb["event_id_cnty"][3:].isdigit()
    assert (bomb["event_date"], bomb["year"], bomb["time_precision"]) == ("2024-05-18", "2024", "1")
    assert (bomb["event_type"], bomb["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    )
    assert (bomb["inter1"], bomb["inter2"], bomb["interaction"]) == ("2", "7", "27")
    assert (bomb["iso"], bomb["location"], bomb["geo_precision"]) == ("706", "Mogadishu", "1")
    assert (bomb["fatalities"], bomb["fatalities_low"], bomb["fatalities_high"]) == ("12", "12", "18")
    assert bomb["sources"].count(";") == 4 and "[mogadishu-bomb/en-1]" in bomb["evidence"]
    assert "lowest reported figure kept" in bomb["rules"]
    iraq = next(r for r in rows if r["country"] == "Iraq")
    # Known only at country level: the country's point, at geo_precision 3 (kroniek/place_fallback.py).
    assert (iraq["location"], iraq["geo_precision"], iraq["fatalities"], iraq["source"]) == (
        "Iraq",
        "3",
        "0",
        "example.org",
    )
    assert 29 < float(iraq["latitude"]) < 38 and 38 < float(iraq["longitude"]) < 49
    assert (iraq["inter2"], iraq["interaction"], iraq["actor2"]) == ("0", "50", "")


def test_export_jsonl_carries_sources_and_rules(store) -> None:
    out = io.StringIO()
    write_jsonl(store.incidents(), out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    paris = next(r for r in records if r["location"]["name"] == "Paris")
    assert paris["sub_event_type"] == "protest_with_intervention"
    assert paris["event_id_cnty"].startswith("FRA")
    assert len(paris["sources"]) == 4
    assert any("escalated" in rule for rule in paris["rules"])
    assert {s["event"]["sub_event_type"] for s in paris["sources"]} == {
        "peaceful_protest",
        "protest_with_intervention",
    }


def test_export_geojson_is_a_feature_collection_in_lon_lat(store) -> None:
    out = io.StringIO()
    count = write_geojson(store.incidents(), out)
    data = json.loads(out.getvalue())
    assert data["type"] == "FeatureCollection"
    # Every incident with a country has a point (its country's, at worst): none is skipped.
    assert (count.written, count.skipped_unlocated) == (len(data["features"]), 0)
    mogadishu = next(f for f in data["features"] if f["properties"]["location"] == "Mogadishu")
    assert mogadishu["geometry"] == {"type": "Point", "coordinates": [45.34375, 2.03711]}
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert all(not isinstance(v, dict | list) for v in feature["properties"].values())


def test_export_parquet_reads_in_pyarrow_pandas_and_duckdb(store, tmp_path) -> None:
    pq = pytest.importorskip("pyarrow.parquet", reason="the parquet extra (pyarrow) is not installed")
    path = tmp_path / "incidents.parquet"
    assert write_parquet(store.incidents(), path) == len({i.story for i in STORIES}) + 1
    table = pq.read_table(path)
    assert table.column_names == list(COLUMNS)
    assert str(table.schema.field("event_date").type) == "date32[day]"
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_parquet(path)
    assert int(frame.loc[frame["country"] == "Syria", "fatalities_high"].iloc[0]) == 13
    duckdb = pytest.importorskip("duckdb")
    rows = duckdb.sql(
        f"SELECT country, count(*) FROM read_parquet('{path}') GROUP BY country ORDER BY country"
    ).fetchall()
    assert ("Netherlands", 2) in rows and ("France", 2) in rows


@pytest.mark.parametrize(
    ("a1", "a2", "code"),
    [
        ("state_forces", "civilians", 17),
        ("civilians", "state_forces", 17),
        ("protesters", None, 60),
        ("rioters", "rioters", 55),
        ("external_forces", "rebel_groups", 28),
    ],
)
def test_export_interaction_codes_lowest_first(a1, a2, code) -> None:
    actor2 = Actor("b", a2, None) if a2 else None
    assert interaction(Actor("a", a1, None), actor2) == code


@pytest.mark.parametrize(("value", "code"), [("IQ", "IQ"), ("irq", "IQ"), ("Iraq", "IQ"), ("Atlantis", None)])
def test_export_country_code_accepts_iso2_iso3_and_names(value, code) -> None:
    assert country_code(value) == code


def test_export_event_id_cnty_is_stable() -> None:
    assert event_id_cnty("0000000000ff", "NL") == "NLD255"
    assert event_id_cnty("0000000000ff", None) == "XXX255"
