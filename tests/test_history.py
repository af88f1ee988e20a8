"""The living chronicle: an incident's creation and every later change, in store, CLI and explorer."""

from __future__ import annotations

import json
import time

import pytest
import storekit
from click.testing import CliRunner
from storekit import event, place

from kroniek.cli import cli
from kroniek.export.acled import acled_row
from kroniek.model import Article, ArticleResult, DocDate
from kroniek.store import history, open_store
from kroniek.store.backends import Backend
from kroniek.store.records import IncidentQuery

store_url, pg_url = storekit.store_url, storekit.pg_url  # SQLite, and PostgreSQL with TEST_PG_DSN

KABUL = place("Kabul", "AF", 34.53, 69.17, gid=1138958)


def _bombing(article_id: str, published: str, toll: int | None, when: str = "2024-03-12") -> tuple:
    coded = event("explosions_remote_violence", "suicide_bomb", when, KABUL, fatalities=toll)
    article = Article(
        article_id, f"Report {article_id} on the bombing in Kabul.", date=DocDate.parse(published, "field")
    )
    return article, ArticleResult(article_id, "en", article.date, (coded,))


def _kinds(changes) -> list[tuple]:
    return [(c.kind, c.changes, c.reports, c.related) for c in changes]


def test_history_created_then_updated_by_a_later_report(store_url: str):
    with open_store(store_url) as store:
        store.save_batch([_bombing("wire-1", "2024-03-12", 20)])
        (incident,) = store.incidents()
        store.save_batch([_bombing("wire-2", "2024-03-13", 53)])
        (after,) = store.incidents()
        assert after.id == incident.id
        created, updated = store.history(incident.id)
    assert created.kind == "created" and created.reports == ("wire-1",) and created.related == ()
    assert created.changes["fatalities"] == (None, 20) and created.changes["location"] == (None, "Kabul")
    # fusion keeps the lowest toll (ACLED's rule): the later, higher toll widens the range
    assert (updated.kind, updated.reports) == ("updated", ("wire-2",))
    assert updated.changes == {"fatalities_high": (20, 53), "n_sources": (1, 2)}
    assert updated.describe() == "updated: fatalities_high 20 -> 53, n_sources 1 -> 2, from report wire-2"
    assert after.updated_at == updated.at  # ACLED's timestamp is the time of the last change
    assert acled_row(after)["timestamp"] == updated.at


def test_history_an_earlier_report_renames_the_incident_and_says_so(store_url: str):
    with open_store(store_url) as store:
        store.save_batch([_bombing("late", "2024-03-13", 20)])
        (first,) = store.incidents()
        store.save_batch([_bombing("early", "2024-03-12", 22)])  # the incident is named after it now
        (renamed,) = store.incidents()
        assert renamed.id != first.id
        changes = store.changes()
    assert _kinds(changes) == [
        ("created", changes[0].changes, ("late",), ()),
        ("created", changes[1].changes, ("early",), (first.id,)),
        ("merged", {}, (), (renamed.id,)),
    ]
    assert [c.incident_id for c in changes] == [first.id, renamed.id, first.id]


def test_history_a_replaced_article_that_reports_nothing_removes_its_incident(store_url: str):
    with open_store(store_url) as store:
        store.save_batch([_bombing("only", "2024-03-12", 5)])
        (incident,) = store.incidents()
        article = Article(
            "only", "Correction: no bombing took place.", date=DocDate.parse("2024-03-12", "field")
        )
        store.save_batch([(article, ArticleResult("only", "en", article.date, ()))])
        assert list(store.incidents()) == []
        assert [c.kind for c in store.history(incident.id)] == ["created", "removed"]


def test_history_is_not_rewritten_by_a_rebuild_or_a_change_of_nothing(store_url: str):
    with open_store(store_url) as store:
        store.save_batch([_bombing("a", "2024-03-12", 3), _bombing("b", "2024-03-12", 3)])
        before = store.changes()
        store.rebuild_incidents()
        store.save_batch([_bombing("a", "2024-03-12", 3)])  # stored again, same content
        assert store.changes() == before
        assert len(before) == 1 and before[0].reports == ("a", "b")


def test_history_cli_changes_since_and_show(tmp_path):
    db = str(tmp_path / "k.db")
    with open_store(db) as store:
        store.save_batch([_bombing("wire-1", "2024-03-12", 20)])
        store.save_batch([_bombing("wire-2", "2024-03-13", 53)])
        (incident,) = store.incidents()
        last = store.changes()[-1].at
    runner = CliRunner()
    everything = runner.invoke(cli, ["changes", "--since", "2020-01-01", "--db", db])
    assert everything.exit_code == 0, everything.output
    lines = [json.loads(line) for line in everything.stdout.splitlines()]
    assert [(line["kind"], line["incident_id"], line["reports"]) for line in lines] == [
        ("created", incident.id, ["wire-1"]),
        ("updated", incident.id, ["wire-2"]),
    ]
    assert lines[1]["changes"]["fatalities_high"] == [20, 53] and lines[1]["timestamp"] == last
    later = runner.invoke(cli, ["changes", "--since", str(int(time.time()) + 60), "--db", db])
    assert later.exit_code == 0 and later.stdout == ""
    bad = runner.invoke(cli, ["changes", "--since", "last tuesday", "--db", db])
    assert bad.exit_code == 2 and "not a date" in bad.output
    shown = runner.invoke(cli, ["show", incident.id, "--db", db])
    assert "History (2 changes)" in shown.stdout
    assert "updated: fatalities_high 20 -> 53, n_sources 1 -> 2, from report wire-2" in shown.stdout
    as_json = json.loads(runner.invoke(cli, ["show", incident.id, "--db", db, "--json"]).stdout)
    assert [change["kind"] for change in as_json["history"]] == ["created", "updated"]


def test_history_on_the_explorers_incident_page(tmp_path):
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from kroniek.web import create_app, schemas

    db = str(tmp_path / "k.db")
    with open_store(db) as store:
        store.save_batch([_bombing("wire-1", "2024-03-12", 20)])
        store.save_batch([_bombing("wire-2", "2024-03-13", 53)])
        (incident,) = store.incidents()
    with TestClient(create_app(db)) as client:
        page = client.get(f"/incidents/{incident.id}").text
        data = client.get(f"/incidents/{incident.id}.json").json()
    assert "updated: fatalities_high 20 -&gt; 53, n_sources 1 -&gt; 2, from report wire-2" in page
    schemas.IncidentDetail.model_validate(data)
    assert [change["kind"] for change in data["history"]] == ["created", "updated"]


def _stored(store, incident_id: str) -> list[tuple[str, object]]:
    """(kind, changes as stored) of an incident's history rows."""
    rows = store.backend.query(
        "SELECT kind, changes FROM incident_changes WHERE incident_id = ? ORDER BY seq", (incident_id,)
    )
    return [(kind, json.loads(changes)) for kind, changes in rows]


def test_history_a_created_row_reads_its_incident_until_the_incident_changes(store_url: str):
    # Stored pending (null) while the incident holds the values it was created with, written with the
    # values before the change when the incident first changes: the history reads the same throughout.
    with open_store(store_url) as store:
        store.save_batch([_bombing("wire-1", "2024-03-12", 20)])
        (incident,) = store.incidents()
        assert _stored(store, incident.id) == [("created", None)]
        (created,) = store.history(incident.id)
        assert created.changes["fatalities"] == (None, 20) and created.changes["location"] == (None, "Kabul")
        assert store.changes() == [created]
        store.save_batch([_bombing("wire-2", "2024-03-13", 53)])
        [(_, values), (kind, _)] = _stored(store, incident.id)
        assert kind == "updated"
        assert values[:3] == ["explosions_remote_violence", "suicide_bomb", "2024-03-12"]
        assert store.history(incident.id)[0] == created  # the values it was created with, not 53


def test_history_a_removed_incident_keeps_its_created_values(store_url: str):
    with open_store(store_url) as store:
        store.save_batch([_bombing("only", "2024-03-12", 5)])
        (incident,) = store.incidents()
        article = Article("only", "Correction: no bombing.", date=DocDate.parse("2024-03-12", "field"))
        store.save_batch([(article, ArticleResult("only", "en", article.date, ()))])
        created, removed = store.history(incident.id)
    assert created.changes["fatalities"] == (None, 5) and removed.kind == "removed"


def test_history_a_rebuild_writes_the_created_values_before_dropping_the_incidents(store_url: str):
    with open_store(store_url) as store:
        store.save_batch([_bombing("a", "2024-03-12", 3)])
        (incident,) = store.incidents()
        before = store.history(incident.id)
        # A repair tool's rebuild, after the incident row was damaged: the history keeps what was
        # recorded (and the rebuild writes the incident as fusion makes it, without a history row).
        store.backend.execute("UPDATE incidents SET fatalities = 99 WHERE id = ?", (incident.id,))
        with store.backend.transaction():
            history.settle_all(store.backend)  # what rebuild_incidents does first
        store.backend.execute("UPDATE incidents SET fatalities = 3 WHERE id = ?", (incident.id,))
        store.rebuild_incidents()
        [(kind, values)] = _stored(store, incident.id)
        assert kind == "created" and values is not None
        assert store.history(incident.id)[0].changes["fatalities"] == (None, 99)
        assert store.history(incident.id)[0].changes["location"] == before[0].changes["location"]


def test_history_migration_8_makes_unchanged_created_rows_pending(store_url: str, monkeypatch):
    # A version-7 database (created rows holding their values) upgraded: the rows whose incident holds
    # exactly those values become pending; one that differs (a damaged or rebuilt incident) stays.
    every = Backend.migrations
    with monkeypatch.context() as old:
        old.setattr(Backend, "migrations", lambda self: [m for m in every(self) if m[0] <= 7])
        old.setattr(
            history,
            "_stored_changes",
            lambda kind, changes: (
                [changes[n][1] if n in changes else None for n in history.FIELDS]
                if kind == "created"
                else {n: list(p) for n, p in changes.items()}
            ),
        )
        with open_store(store_url) as store:
            store.save_batch([_bombing("kabul", "2024-03-12", 20)])
            store.save_batch([_bombing("kabul-later", "2024-03-13", 53)])
            store.save_batch([_bombing("other", "2024-05-02", 4, when="2024-05-01")])
            store.save_batch([_bombing("third", "2024-06-02", 7, when="2024-06-01")])
            assert store.schema_version() == 7
            first, other, third = (i.id for i in store.incidents())
            store.backend.execute("UPDATE incidents SET fatalities = 8 WHERE id = ?", (third,))
            old_changes = store.changes()
            assert all(values is not None for _, values in _stored(store, other))
    with open_store(store_url) as store:
        assert store.schema_version() == len(store.backend.migrations())
        assert store.changes() == old_changes
        assert _stored(store, other) == [("created", None)]
        assert _stored(store, first)[0][1] is not None  # updated since: its values are not the incident's
        assert _stored(store, third)[0][1] is not None  # the incident differs from what was recorded
        assert store.history(third)[0].changes["fatalities"] == (None, 7)
        assert [i.id for i in store.incidents(IncidentQuery(text="bombing"))] == [first, other, third]
