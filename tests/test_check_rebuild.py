"""`kroniek check` finds incidents and an FTS index out of step with the stored events; `rebuild` repairs."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from click.testing import CliRunner
from storekit import pg_url, store_url  # noqa: F401  (fixtures: SQLite, and PostgreSQL when TEST_PG_DSN is set)

from kroniek.cli import cli
from kroniek.store import ingest, open_store
from kroniek.store.check import check_store

TOOL = Path(__file__).resolve().parents[1] / "tools" / "two_writers.py"
spec = importlib.util.spec_from_file_location("two_writers_for_check", TOOL)
assert spec and spec.loader
two_writers = importlib.util.module_from_spec(spec)
sys.modules["two_writers_for_check"] = two_writers
spec.loader.exec_module(two_writers)


def test_store_check_then_rebuild_repairs_damaged_incidents(store_url: str) -> None:  # noqa: F811
    with open_store(store_url) as store:
        ingest(two_writers.corpus(80, "A"), store, batch_size=20, jobs=1)
        assert check_store(store).ok
        good = two_writers.incidents(store_url)
        b = store.backend
        with b.transaction():  # what the cache leak of issue 13 left behind: links lost, fields wrong
            victims = [
                row[0] for row in b.query("SELECT event_id FROM incident_events ORDER BY event_id LIMIT 5")
            ]
            for eid in victims:
                b.execute("DELETE FROM incident_events WHERE event_id = ?", (eid,))
            b.execute("UPDATE incidents SET signature = 'x' WHERE id = (SELECT MIN(id) FROM incidents)")
            if store.kind == "sqlite":
                b.execute(
                    "INSERT INTO articles_fts (articles_fts, rowid, text) "
                    "SELECT 'delete', pk, text FROM articles ORDER BY pk LIMIT 1"
                )
    result = CliRunner().invoke(cli, ["check", "--db", store_url])
    assert result.exit_code == 1
    assert "5 event(s) on the wrong incident or on none" in result.output
    assert "1 incident(s) with other fields" in result.output
    assert ("full-text index" in result.output) == (not store_url.startswith("postgres"))
    result = CliRunner().invoke(cli, ["rebuild", "--db", store_url])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["check", "--db", store_url])
    assert result.exit_code == 0 and "consistent" in result.output, result.output
    assert two_writers.incidents(store_url) == good
