"""Consistency of a store: are the incidents those a rebuild gives, is the full-text index in step?

`kroniek check` reports; `kroniek rebuild` repairs (both in `kroniek.cli.maintain`). Ingest keeps a
store consistent by itself; these are for a store that was changed by hand, restored from pieces, or
written by a version with a bug (issue 13: concurrent replacements left wrong incidents behind).

    >>> from kroniek.store import open_store
    >>> with open_store(":memory:") as store:
    ...     check_store(store).ok
    True
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from kroniek import fusion
from kroniek.store import fusing
from kroniek.store.core import Store
from kroniek.store.reports import load_reports


@dataclass(frozen=True)
class Consistency:
    """What `check_store` found: counts, and a line per kind of difference."""

    events: int
    incidents_expected: int
    incidents_stored: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_store(store: Store) -> Consistency:
    """Compare the stored incidents with clustering all stored events again, and check the FTS index."""
    backend = store.backend
    event_ids = sorted(row[0] for row in backend.query("SELECT id FROM events"))
    reports = load_reports(backend, event_ids)
    incidents = [fusion.fuse(members) for members in fusion.cluster_reports(reports)]
    expected = {inc.id: fusing.incident_row(inc, 0)[-2] for inc in incidents}
    expected_links = {(m.report.event_id, inc.id, m.rule) for inc in incidents for m in inc.members}
    stored = {iid: signature for iid, signature in backend.query("SELECT id, signature FROM incidents")}
    stored_links = set(backend.query("SELECT event_id, incident_id, rule FROM incident_events"))
    problems = []
    missing, extra = expected.keys() - stored.keys(), stored.keys() - expected.keys()
    changed = {iid for iid in expected.keys() & stored.keys() if expected[iid] != stored[iid]}
    if missing:
        problems.append(f"{len(missing)} incident(s) missing, e.g. {sorted(missing)[0]}")
    if extra:
        problems.append(f"{len(extra)} incident(s) that a rebuild would not make, e.g. {sorted(extra)[0]}")
    if changed:
        problems.append(
            f"{len(changed)} incident(s) with other fields than a rebuild, e.g. {sorted(changed)[0]}"
        )
    wrong_links = expected_links ^ stored_links
    if wrong_links:
        eids = sorted({link[0] for link in wrong_links})
        problems.append(f"{len(eids)} event(s) on the wrong incident or on none, e.g. {eids[0]}")
    fts = fts_problem(store)
    if fts:
        problems.append(fts)
    return Consistency(len(event_ids), len(expected), len(stored), tuple(problems))


def fts_problem(store: Store) -> str:
    """ "" when the full-text index matches the articles (SQLite FTS5's own check), else what is wrong.

    PostgreSQL's index is on an expression of the text, in step by construction.
    """
    if store.kind != "sqlite":
        return ""
    try:
        # rank 1: compare the index with the articles table too, not only with itself
        store.backend.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    except sqlite3.DatabaseError as exc:
        return f"the full-text index does not match the articles ({exc})"
    return ""


def rebuild_store(store: Store) -> int:
    """Rebuild the full-text index (SQLite) and every incident; returns the incident rows written."""
    if store.kind == "sqlite":
        with store.backend.transaction():
            store.backend.execute("INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')")
    return store.rebuild_incidents()
