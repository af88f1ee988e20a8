"""Canonical actor names in ACLED's style: aliases per language, named groups, kinds with a country."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from storekit import event, place

from kroniek.actor_names import canonical_actor, canonical_event, period
from kroniek.export import write_csv
from kroniek.model import Actor, Article, ArticleResult, DocDate
from kroniek.store import open_store

AFTER_COUP = dt.date(2022, 3, 2)


@pytest.mark.parametrize(
    ("name", "kind", "country", "lang", "expected"),
    [
        ("Malian military", "state_forces", "ML", "en", "Military Forces of Mali (2021-)"),
        ("Malian Armed Forces (FAMa)", "state_forces", "ML", "en", "Military Forces of Mali (2021-)"),
        ("het Malinese leger", "state_forces", "ML", "nl", "Military Forces of Mali (2021-)"),
        ("armée malienne", "state_forces", "ML", "fr", "Military Forces of Mali (2021-)"),
        ("malische Armee", "state_forces", "ML", "de", "Military Forces of Mali (2021-)"),
        ("Iraqi police", "state_forces", "IQ", "en", "Police Forces of Iraq (2018-2022)"),
        ("Dutch police", "state_forces", "NL", "nl", "Police Forces of the Netherlands"),
        ("Protesters (Netherlands)", "protesters", "NL", "nl", "Protesters (Netherlands)"),
        ("betogers", "protesters", "NL", "nl", "Protesters (Netherlands)"),
        ("JNIM", "rebel_groups", "ML", "fr", "JNIM: Group for Support of Islam and Muslims"),
        ("Islamic State (IS)", "rebel_groups", "SY", "de", "Islamic State (Syria)"),
        ("al-Shabaab", "rebel_groups", "SO", "nl", "Al Shabaab"),
        ("Burkinabe militants", "rebel_groups", "BF", "en", "Unidentified Armed Group (Burkina Faso)"),
        ("Some Unknown Front", "rebel_groups", "ML", "en", "Some Unknown Front"),
    ],
)
def test_actor_names_canonical(name, kind, country, lang, expected) -> None:
    found = canonical_actor(Actor(name, kind, country), lang, when=AFTER_COUP)
    assert (found.name, found.type, found.country) == (expected, kind, country)


def test_actor_names_period_follows_the_date() -> None:
    assert period("ML", dt.date(2020, 1, 1)) == ""
    assert period("ML", AFTER_COUP) == " (2021-)"
    assert (
        canonical_actor(Actor("Malian military", "state_forces", "ML"), "en").name
        == "Military Forces of Mali"
    )


def test_actor_names_without_country_keep_the_kind_name() -> None:
    assert canonical_actor(Actor("Police Forces", "state_forces", None), "en").name == "Police Forces"
    assert canonical_actor(Actor("betogers", "protesters", None), "nl").name == "Protesters"


def test_actor_names_one_name_per_actor_in_the_export(tmp_path) -> None:
    """Two reports naming Mali's army differently fuse into one incident under one ACLED-style name,
    and each source keeps the name its article gave."""
    where = place("Gao", "ML", 16.27, -0.04)
    names = [("Malian military", "en"), ("Malian Armed Forces (FAMa)", "fr")]
    with open_store(str(tmp_path / "k.db")) as store:
        for i, (name, lang) in enumerate(names):
            art = Article(f"a{i}", "x", date=DocDate.parse("2022-03-02", "x"))
            ev = event(
                "battles",
                "armed_clash",
                "2022-03-02",
                where,
                (name, "state_forces"),
                ("JNIM", "rebel_groups"),
            )
            store.save_batch([(art, ArticleResult(art.id, lang, art.date, (ev,)))])
        (incident,) = list(store.incidents())
        assert incident.actor1.name == "Military Forces of Mali (2021-)"
        assert {s.event.actor1.name for s in incident.sources} == {n for n, _ in names}
        out = io.StringIO()
        write_csv([incident], out)
    web = pytest.importorskip("kroniek.web", reason="the explorer needs the web extra")
    from fastapi.testclient import TestClient

    with TestClient(web.create_app(str(tmp_path / "k.db"))) as client:
        (listed,) = client.get("/incidents.json").json()["incidents"]
    assert listed["actor1"]["name"] == "Military Forces of Mali (2021-)"
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["actor1"], row["assoc_actor_1"]) == ("Military Forces of Mali (2021-)", "")
    assert row["actor2"] == "JNIM: Group for Support of Islam and Muslims"


def test_actor_names_canonical_event_keeps_provenance() -> None:
    ev = event(
        "battles", "armed_clash", "2022-03-02", place("Gao", "ML"), ("Malian military", "state_forces")
    )
    found = canonical_event(ev, "en")
    assert found.actor1.name == "Military Forces of Mali (2021-)" and found.provenance == ev.provenance
