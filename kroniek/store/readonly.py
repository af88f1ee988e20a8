"""Read-only connections: SQLite with `mode=ro` and `query_only`, PostgreSQL in read-only transactions.

Commands that only read (`events`, `show`, `export`, `serve`) open the database through these: they
never migrate and never write, so they work on a read-only file or a read-only database role, and
every query is bounded in time.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kroniek.store.backends import (
    Backend,
    PostgresBackend,
    SQLiteBackend,
    StoreError,
    redact,
    register_functions,
)

QUERY_SECONDS = 10.0  # a query running longer is stopped: the page says so instead of hanging


class QueryTimeout(StoreError):
    """A query ran longer than QUERY_SECONDS and was stopped."""


class ReadOnlySQLite(SQLiteBackend):
    """A SQLite file opened read-only: writes fail in SQLite itself, not by convention."""

    def __init__(self, path: str) -> None:
        file = Path(path).expanduser()
        if not file.is_file():
            raise StoreError(f"no database at {path}: create one with `kroniek ingest ARTICLES --db {path}`")
        try:
            self.conn = sqlite3.connect(
                f"file:{quote(str(file.resolve()))}?mode=ro", uri=True, check_same_thread=False
            )
            register_functions(self.conn)
            self.conn.execute("PRAGMA query_only = ON")
            self.conn.execute("PRAGMA busy_timeout = 5000")
            self.conn.execute("PRAGMA cache_size = -65536")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open SQLite database {path} read-only: {exc}") from exc
        self._deadline = 0.0
        # Checked every few thousand VM steps: returning True interrupts the running statement.
        self.conn.set_progress_handler(self._over_time, 20_000)

    def _over_time(self) -> bool:
        return bool(self._deadline) and time.monotonic() > self._deadline

    def query(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        self._deadline = time.monotonic() + QUERY_SECONDS
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as exc:
            if "interrupted" in str(exc):
                raise QueryTimeout(
                    f"the query took longer than {QUERY_SECONDS:.0f} s and was stopped"
                ) from exc
            raise StoreError(f"database error: {exc}") from exc
        finally:
            self._deadline = 0.0

    def data_version(self) -> int:
        return data_version(self)


class ReadOnlyPostgres(PostgresBackend):
    """PostgreSQL with every transaction read-only and a statement timeout."""

    def __init__(self, dsn: str) -> None:
        super().__init__(dsn)
        self.conn.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
        self.conn.execute(f"SET statement_timeout = {int(QUERY_SECONDS * 1000)}")

    def query(self, sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
        import psycopg

        try:
            return super().query(sql, params)
        except psycopg.errors.QueryCanceled as exc:
            raise QueryTimeout(f"the query took longer than {QUERY_SECONDS:.0f} s and was stopped") from exc
        except psycopg.Error as exc:
            raise StoreError(f"database error: {exc}".strip()) from exc

    def data_version(self) -> int:
        return data_version(self)


def connect_read_only(url: str) -> ReadOnlySQLite | ReadOnlyPostgres:
    """A read-only backend for a database URL, as `kroniek.store.backends.connect` accepts them."""
    if url.startswith(("postgresql://", "postgres://")):
        return ReadOnlyPostgres(url)
    if url.startswith("sqlite:///"):
        url = url.removeprefix("sqlite:///")
    if "://" in url or url in ("", ":memory:"):
        raise StoreError(
            f"cannot read {redact(url)!r}: give a SQLite file path, sqlite:///path or postgresql://..."
        )
    return ReadOnlySQLite(url)


def data_version(backend: Backend) -> int:
    """A number that changes with every commit that changes the data, from any process or connection.

    Every writer moves `store_state.generation` inside its transaction (migration 0003); SQLite's
    `PRAGMA data_version` is per connection, so two pooled connections could give one number for
    different data, and PostgreSQL has no such counter at all.
    """
    return int(backend.query("SELECT generation FROM store_state WHERE id = 1")[0][0])


_TABLES_SQL = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table'",
    "postgres": "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
}
_TABLES = {"incidents", "incident_events", "events", "articles", "places", "actors", "schema_migrations"}


def check_schema(backend: Backend, url: str) -> None:
    """Raise StoreError unless `backend` holds a kroniek database at the schema this version writes."""
    tables = {row[0] for row in backend.query(_TABLES_SQL[backend.kind])}
    missing = _TABLES - tables
    if missing:
        raise StoreError(
            f"{redact(url)} is not a kroniek database (no table {', '.join(sorted(missing))}): "
            "create one with `kroniek ingest`"
        )
    have = int(backend.query("SELECT MAX(version) FROM schema_migrations")[0][0] or 0)
    want = max(version for version, _, _ in backend.migrations())
    if have < want:
        raise StoreError(
            f"{redact(url)} has schema version {have}, this kroniek reads version {want}: run "
            "`kroniek ingest` (or any writing command) on it once to upgrade it"
        )
