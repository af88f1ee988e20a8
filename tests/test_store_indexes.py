"""Schema v7: the fusion candidates' index split into one-day events and wider windows (issue 11).

A version-6 database migrated forward holds what a new one holds, on SQLite and PostgreSQL, and the
queries of store/fusing.py read each kind through its own partial index.
"""

from __future__ import annotations

import pytest
import storekit
from storekit import load_stories, snapshot, story_result

from kroniek.model import Article, ArticleResult
from kroniek.store import open_store
from kroniek.store.backends import Backend
from kroniek.store.check import check_store

store_url, pg_url = storekit.store_url, storekit.pg_url
STORIES = load_stories()
_MIGRATIONS = Backend.migrations


def _batches() -> list[list[tuple[Article, ArticleResult]]]:
    pairs = [(item.article, story_result(item)) for item in STORIES]
    return [pairs[: len(pairs) // 2], pairs[len(pairs) // 2 :], pairs[:1]]  # the last one replaces


def test_store_indexes_version_6_database_migrates(
    store_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with monkeypatch.context() as v6:
        v6.setattr(Backend, "migrations", lambda self: [m for m in _MIGRATIONS(self) if m[0] <= 6])
        with open_store(store_url) as store:
            for batch in _batches()[:2]:
                store.save_batch(batch)
            assert store.schema_version() == 6
    with open_store(store_url) as store:  # migrates, then replaces an article the new way
        assert store.schema_version() == len(store.backend.migrations())
        store.save_batch(_batches()[2])
        assert check_store(store).ok
        migrated = snapshot(store)
    with open_store(str(tmp_path / "fresh.db")) as store:
        for batch in _batches():
            store.save_batch(batch)
        assert snapshot(store) == migrated


@pytest.mark.parametrize(
    ("condition", "index"),
    [("date_end = date_start", "events_days"), ("date_end > date_start", "events_windows")],
)
def test_store_indexes_candidate_queries_use_the_partial_indexes(
    tmp_path, condition: str, index: str
) -> None:
    with open_store(str(tmp_path / "k.db")) as store:
        plan = store.backend.query(
            "EXPLAIN QUERY PLAN SELECT id FROM events WHERE event_type IN (?, ?) AND country = ? "
            f"AND date_start >= ? AND date_start <= ? AND {condition}",
            ("protests", "riots", "NL", "2023-03-01", "2023-03-31"),
        )
    assert index in " ".join(str(row[-1]) for row in plan)
