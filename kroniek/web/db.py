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
import threading
from collections.abc import Iterator

from kroniek.store.backends import Backend, StoreError
from kroniek.store.readonly import (
    QUERY_SECONDS,
    QueryTimeout,
    ReadOnlyPostgres,
    ReadOnlySQLite,
    check_schema,
    connect_read_only,
)

__all__ = ["QUERY_SECONDS", "QueryTimeout", "ReadOnlyDatabase", "ReadOnlyPostgres", "ReadOnlySQLite"]

POOL_SIZE = 8


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
            check_schema(first, url)
        except StoreError:
            first.close()
            raise
        # check_schema refuses a database older than this version, so the living chronicle's table is there
        self.has_history = True
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
