"""Schema migrations: numbered SQL files per backend, applied once each, in order, never edited.

`migrate(backend)` brings a database up to date and returns the versions it applied. Each file runs
in its own transaction together with its row in `schema_migrations`, so a crash leaves a database at
a whole version. To change the schema, add `migrations/{sqlite,postgres}/NNNN_what.sql`.
"""

from __future__ import annotations

import datetime as dt

from kroniek.store.backends import Backend

_BOOKKEEPING = (
    "CREATE TABLE IF NOT EXISTS schema_migrations "
    "(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
)


def migrate(backend: Backend) -> list[int]:
    """Apply the backend's pending migrations; returns the versions applied now."""
    with backend.transaction():
        # In a transaction, which takes the writers' lock on both backends: two processes creating a
        # new database at once would otherwise both create this table (a UniqueViolation on PostgreSQL).
        backend.execute(_BOOKKEEPING)
    applied = []
    for version, name, sql in backend.migrations():
        with backend.transaction():
            # Checked inside the transaction: two processes opening a new database do not both migrate.
            if backend.query("SELECT 1 FROM schema_migrations WHERE version = ?", (version,)):
                continue
            backend.run_script(sql)
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            backend.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (version, name, now),
            )
        applied.append(version)
    return applied


def schema_version(backend: Backend) -> int:
    """The highest migration applied (0 for an empty database)."""
    backend.execute(_BOOKKEEPING)
    rows = backend.query("SELECT MAX(version) FROM schema_migrations")
    return int(rows[0][0] or 0)
