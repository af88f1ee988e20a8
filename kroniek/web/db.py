"""Read-only access to a kroniek database for the web app: never migrates, never writes.

`open_store` would migrate (write) on open, so the explorer opens its own connections: SQLite with
`mode=ro` and `query_only`, PostgreSQL in read-only transactions with a statement timeout. A small pool
hands one connection to each request thread; every query is bounded in time.

    >>> db = ReadOnlyDatabase("kroniek.db")        # doctest: +SKIP
    >>> with db.backend() as backend:              # doctest: +SKIP
    ...     backend.query("SELECT COUNT(*) FROM incidents")
"""

from __future__ import annotations

import contextlib
import queue
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from kroniek.store.backends import Backend, PostgresBackend, SQLiteBackend, StoreError

QUERY_SECONDS = 10.0  # a query running longer is stopped: the page says so instead of hanging
POOL_SIZE = 8


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
        """Changes whenever another connection commits: the key for caches of slow-changing facts."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])


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
        # No cheap change counter: caches keyed on this expire by time instead (see cache.py).
        return int(time.monotonic() // 60)


def connect_read_only(url: str) -> ReadOnlySQLite | ReadOnlyPostgres:
    """A read-only backend for a database URL, as `kroniek.store.backends.connect` accepts them."""
    if url.startswith(("postgresql://", "postgres://")):
        return ReadOnlyPostgres(url)
    if url.startswith("sqlite:///"):
        url = url.removeprefix("sqlite:///")
    if "://" in url or url in ("", ":memory:"):
        raise StoreError(f"cannot serve {url!r}: give a SQLite file path, sqlite:///path or postgresql://...")
    return ReadOnlySQLite(url)


class ReadOnlyDatabase:
    """A pool of read-only connections to one database, checked to be a kroniek database on open."""

    def __init__(self, url: str, size: int = POOL_SIZE) -> None:
        self.url = url
        self._idle: queue.LifoQueue[ReadOnlySQLite | ReadOnlyPostgres] = queue.LifoQueue()
        self._all: list[Backend] = []
        self._lock = threading.Lock()
        self._size = size
        first = connect_read_only(url)
        self._all.append(first)
        self.kind = first.kind
        try:
            tables = {row[0] for row in first.query(_TABLES_SQL[first.kind])}
        except StoreError:
            first.close()
            raise
        missing = {"incidents", "incident_events", "events", "articles", "places", "actors"} - tables
        # a database last written by a kroniek before the living chronicle (migration 4) has no history
        self.has_history = "incident_changes" in tables
        if missing:
            first.close()
            raise StoreError(
                f"{url} is not a kroniek database (no table {', '.join(sorted(missing))}): "
                "create one with `kroniek ingest`"
            )
        self._idle.put(first)

    @contextlib.contextmanager
    def backend(self) -> Iterator[ReadOnlySQLite | ReadOnlyPostgres]:
        """A connection for the duration of the block; a new one is opened while fewer than `size` exist."""
        try:
            conn = self._idle.get_nowait()
        except queue.Empty:
            with self._lock:
                grow = len(self._all) < self._size
                if grow:
                    conn = connect_read_only(self.url)
                    self._all.append(conn)
            if not grow:
                try:
                    conn = self._idle.get(timeout=QUERY_SECONDS * 2)
                except queue.Empty:
                    raise StoreError("the database is busy: every connection is in use, try again") from None
        try:
            yield conn
        finally:
            self._idle.put(conn)

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                with contextlib.suppress(Exception):
                    conn.close()
            self._all.clear()


_TABLES_SQL = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'table'",
    "postgres": "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()",
}
