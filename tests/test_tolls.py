"""Toll sanity: every reported figure with its source; flags for outliers and implausible tolls."""

from __future__ import annotations

import csv
import io
import json

import pytest
from storekit import event, place

from kroniek.export import write_csv, write_jsonl
from kroniek.model import Article, ArticleResult, DocDate
from kroniek.store import open_store
from kroniek.tolls import ABOVE_SOURCES, IMPLAUSIBLE, check_tolls, is_outlier, limit

GAO = place("Gao", "ML", 16.27, -0.04)


def _store_reports(store, sub: str, tolls: list[int | None]) -> None:
    for i, toll in enumerate(tolls):
        art = Article(f"r{i}", "x", date=DocDate.parse("2022-03-02", "x"))
        ev = event(
            "explosions_remote_violence" if sub != "peaceful_protest" else "protests",
            sub,
            "2022-03-02",
            GAO,
            ("Unidentified Armed Group (Mali)", "political_militias"),
            ("Civilians (Mali)", "civilians"),
            fatalities=toll,
        )
        store.save_batch([(art, ArticleResult(art.id, "fr", art.date, (ev,)))])


@pytest.mark.parametrize(
    ("value", "others", "expected"),
    [(500, [2], True), (3, [1], False), (12, [10, 14], False), (40, [4, 5, 6], True), (15, [], False)],
)
def test_tolls_outlier_rule(value, others, expected) -> None:
    assert is_outlier(value, others) is expected


def test_tolls_figures_and_flags_per_source(tmp_path) -> None:
    with open_store(str(tmp_path / "k.db")) as store:
        _store_reports(store, "remote_explosive_landmine_ied", [2, 2, 502])
        (incident,) = list(store.incidents())
        check = check_tolls(incident)
        assert sorted((f.value, f.flags) for f in check.figures if f.kind == "fatalities") == [
            (2, ()),
            (2, ()),
            (502, (ABOVE_SOURCES, IMPLAUSIBLE)),
        ]
        assert set(check.flags) == {ABOVE_SOURCES, IMPLAUSIBLE}
        out = io.StringIO()
        write_csv([incident], out)
        row = next(csv.DictReader(io.StringIO(out.getvalue())))
        assert row["toll_flags"] == "above_sources; implausible"
        assert "502 [r2] (above_sources, implausible)" in row["reported_fatalities"]
        out = io.StringIO()
        write_jsonl([incident], out)
        record = json.loads(out.getvalue())
        assert record["toll"]["flags"] == ["above_sources", "implausible"]
        assert len(record["toll"]["figures"]) == 3


def test_tolls_agreeing_sources_are_not_flagged(tmp_path) -> None:
    with open_store(str(tmp_path / "k.db")) as store:
        _store_reports(store, "remote_explosive_landmine_ied", [12, 15, None])
        (incident,) = list(store.incidents())
        check = check_tolls(incident)
        assert check.flags == ()
        assert check.reported() == "12 [r0]; 15 [r1]"


def test_tolls_a_death_at_a_peaceful_protest_is_a_coding_question(tmp_path) -> None:
    assert limit("peaceful_protest") == 0 and limit("no_such_type") == 300
    with open_store(str(tmp_path / "k.db")) as store:
        _store_reports(store, "peaceful_protest", [1])
        (incident,) = list(store.incidents())
        assert check_tolls(incident).flags == (IMPLAUSIBLE,)


def test_tolls_shown_in_the_explorer(tmp_path) -> None:
    pytest.importorskip("fastapi", reason="the explorer needs the web extra")
    from fastapi.testclient import TestClient

    from kroniek.web import create_app

    path = str(tmp_path / "k.db")
    with open_store(path) as store:
        _store_reports(store, "remote_explosive_landmine_ied", [2, 502])
        (incident,) = list(store.incidents())
    with TestClient(create_app(path)) as client:
        detail = client.get(f"/incidents/{incident.id}.json").json()
        assert detail["toll"]["flags"] == ["above_sources", "implausible"]
        page = client.get(f"/incidents/{incident.id}").text
        assert 'data-flags="above_sources implausible"' in page and "toll to check" in page
        (row,) = client.get("/incidents.json").json()["incidents"]
        assert row["toll_flags"] == ["above_sources", "implausible"]
        assert row["actor1"]["name"] == "Unidentified Armed Group (Mali)"
        assert "toll to check" in client.get("/incidents").text
