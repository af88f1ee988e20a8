"""Issue 13, finding 1: concurrent writers leave the incidents a sequential run leaves.

The long run is `python tools/two_writers.py --trials 20 [--pg URL]`; here two trials per backend.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

import pytest

from kroniek.store import open_store

TOOL = Path(__file__).resolve().parents[1] / "tools" / "two_writers.py"
spec = importlib.util.spec_from_file_location("two_writers", TOOL)
assert spec and spec.loader
two_writers = importlib.util.module_from_spec(spec)
sys.modules["two_writers"] = two_writers
spec.loader.exec_module(two_writers)

KINDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.skipif(
    not os.environ.get("TEST_PG_DSN"), reason="TEST_PG_DSN is not set: no PostgreSQL server to test against"
))]  # fmt: skip


@pytest.mark.parametrize("kind", KINDS)
def test_store_two_writers_replacing_halves_equal_a_sequential_run(kind: str, tmp_path: Path) -> None:
    pg = os.environ.get("TEST_PG_DSN")
    expected = two_writers.sequential(kind, tmp_path, pg, 120)
    assert len(expected["incidents"]) > 20  # dense enough that both writers share incidents
    results = [two_writers.replacement_trial(kind, tmp_path, pg, 120, expected) for _ in range(2)]
    assert results == ["", ""]


@pytest.mark.parametrize("kind", KINDS)
def test_store_two_processes_creating_one_database_both_succeed(kind: str, tmp_path: Path) -> None:
    pg = os.environ.get("TEST_PG_DSN")
    assert [two_writers.creation_trial(kind, tmp_path, pg) for _ in range(3)] == ["", "", ""]


def test_store_report_cache_forgets_reports_when_another_process_replaced(tmp_path: Path) -> None:
    url = str(tmp_path / "k.db")
    version_a, version_b = two_writers.corpus(40, "A"), two_writers.corpus(40, "B")
    with open_store(url) as first, open_store(url) as second:
        first.save_batch(version_a[:20])
        first.save_batch(version_a[20:])  # `first` now caches reports of all 40 articles
        assert first._reports.reports
        second.save_batch(version_b[20:])  # another connection replaces half of them
        first.save_batch(version_b[:20])  # must not fuse with the old reports of the other half
        found = two_writers.incidents(url)
    sequential = str(tmp_path / "s.db")
    with open_store(sequential) as store:
        store.save_batch(version_a)
        store.save_batch(version_b)
    assert found == two_writers.incidents(sequential)
