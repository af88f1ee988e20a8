"""Database connections: SQLite (stdlib) and PostgreSQL (psycopg 3), behind one small interface.

The store writes its SQL once, with `?` placeholders; a backend translates placeholders, opens
transactions and knows how full-text search is spelled. Everything else is plain SQL both accept.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import time
import zlib
from collections.abc import Iterator, Sequence
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

_WORD = re.compile(r"\w+")
# A word as FTS5's unicode61 tokenizer reads one (an underscore separates): the index keeps no positions
# (detail=none), so each quoted word must be one token, never a phrase.
_TOKEN = re.compile(r"[^\W_]+")


class StoreError(RuntimeError):
    """The database cannot be opened or used as asked."""


class Backend:
    """What the store needs from a database: statements, queries, transactions, full text."""

    kind = ""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        raise NotImplementedError

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def transaction(self) -> contextlib.AbstractContextManager[None]:
        raise NotImplementedError

    def text_match(self, alias: str) -> str:
        """An SQL condition, with one `?` for `fts_query(words)`, that articles `alias` contain the words."""
        raise NotImplementedError

    def fts_query(self, words: str) -> str:
        raise NotImplementedError

    def run_script(self, sql: str) -> None:
        """Run a migration file's statements inside the current transaction."""
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def migrations(self) -> list[tuple[int, str, str]]:
        """(version, name, sql) of this backend's migration files, in order."""
        folder = resources.files("kroniek.store") / "migrations" / self.kind
        found = []
        for item in folder.iterdir():
            number, _, rest = item.name.partition("_")
            if item.name.endswith(".sql") and number.isdigit():
                found.append((int(number), rest.removesuffix(".sql"), item.read_text(encoding="utf-8")))
        return sorted(found)


# PRAGMA application_id of a kroniek SQLite file ("kron"), set by migration 0003.
APPLICATION_ID = 1802661742


def unpack_text(value: str | bytes | None) -> str | None:
    """SQL function `kroniek_text`: an articles.text value as text (stored zlib-compressed since v6).

    The full-text index reads the articles through it (view `articles_text`), so every connection to a
    kroniek SQLite file registers it (`register_functions`).
    """
    return zlib.decompress(value).decode() if isinstance(value, bytes) else value


def register_functions(conn: sqlite3.Connection) -> None:
    conn.create_function("kroniek_text", 1, unpack_text, deterministic=True)


def redact(url: str) -> str:
    """`url` with its password (if any) replaced by ***, for messages and logs.

    >>> redact("postgresql://kroniek:s3cret@db.example:5432/chronicle")
    'postgresql://kroniek:***@db.example:5432/chronicle'
    """
    parts = urlsplit(url)
    if "://" not in url or parts.password is None:
        return url
    user, _, host = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=f"{user.partition(':')[0]}:***@{host}"))


class SQLiteBackend(Backend):
    """A SQLite file in WAL mode: readers are not blocked by a running ingest, commits are atomic."""

    kind = "sqlite"

    def __init__(self, path: str) -> None:
        if path != ":memory:":
            parent = Path(path).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"cannot create database {path}: folder {parent} does not exist")
        try:
            # Autocommit mode: transactions are opened explicitly (BEGIN IMMEDIATE), one per batch.
            self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            self.conn.execute("PRAGMA busy_timeout = 10000")
            register_functions(self.conn)
            self._check_owner(path)  # before WAL: switching to it writes to the file
            self._use_wal()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open SQLite database {path}: {exc}") from exc
        # NORMAL in WAL mode survives a killed process (only power loss can lose the last commit).
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA temp_store = MEMORY")
        self.conn.execute("PRAGMA cache_size = -65536")

    def _check_owner(self, path: str) -> None:
        """Refuse a SQLite file that another application made: kroniek would write its tables into it."""
        app_id = int(self.conn.execute("PRAGMA application_id").fetchone()[0])
        if app_id == APPLICATION_ID:
            return
        if app_id:
            raise StoreError(
                f"{path} belongs to another application (SQLite application_id {app_id}); "
                "kroniek writes only into its own databases: give a new file"
            )
        tables = sorted(
            row[0] for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        )
        user_version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        if (tables or user_version) and "schema_migrations" not in tables:  # not kroniek's, not empty
            shown = (
                ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "") or f"user_version {user_version}"
            )
            raise StoreError(
                f"{path} is not a kroniek database (it holds {shown}); kroniek writes only into its "
                "own databases: give a new file"
            )

    def _use_wal(self) -> None:
        # Switching a new file to WAL needs it to itself, and SQLite answers "database is locked" at once,
        # without waiting out busy_timeout, when another process is opening it too: try again a while.
        deadline = time.monotonic() + 10
        while True:
            try:
                self.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(sql, params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(sql, params).fetchall()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def text_match(self, alias: str) -> str:
        return f"{alias}.pk IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"

    def fts_query(self, words: str) -> str:
        # Each word quoted, so user input is never read as FTS5 syntax; all words must occur.
        return " ".join(f'"{w}"' for w in _TOKEN.findall(words))

    def run_script(self, sql: str) -> None:
        # executescript() would COMMIT the open transaction first; run complete statements one by one.
        statement = ""
        for line in sql.splitlines(keepends=True):
            statement += line
            if sqlite3.complete_statement(statement):
                self.conn.execute(statement)
                statement = ""

    def close(self) -> None:
        self.conn.close()


class PostgresBackend(Backend):
    """PostgreSQL 15 through psycopg 3 (the `postgres` extra)."""

    kind = "postgres"

    def __init__(self, dsn: str) -> None:
        try:
            import psycopg
        except ImportError as exc:
            raise StoreError('PostgreSQL needs psycopg: pip install "kroniek[postgres]"') from exc
        try:
            self.conn = psycopg.connect(dsn, autocommit=True)
        except psycopg.Error as exc:
            message = f"cannot connect to PostgreSQL: {exc}".strip()
            password = urlsplit(dsn).password if "://" in dsn else None
            if password:  # a driver message may quote the connection string; never show the password
                message = message.replace(password, "***")
            raise StoreError(message) from None

    @staticmethod
    def _sql(sql: str) -> str:
        return sql.replace("?", "%s")

    def execute(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(self._sql(sql), params)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(self._sql(sql), rows)

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.conn.execute(self._sql(sql), params).fetchall()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        with self.conn.transaction():
            # One writer at a time, as BEGIN IMMEDIATE gives on SQLite: two ingests re-fusing the same
            # incidents concurrently would each miss the other's events.
            self.conn.execute("SELECT pg_advisory_xact_lock(7274321)")
            yield

    def text_match(self, alias: str) -> str:
        # The expression of the GIN index articles_text_tsv (migration 0006), so that the index is used.
        return f"to_tsvector('simple', {alias}.text) @@ plainto_tsquery('simple', ?)"

    def fts_query(self, words: str) -> str:
        return " ".join(_WORD.findall(words))

    def run_script(self, sql: str) -> None:
        self.conn.execute(sql)

    def close(self) -> None:
        self.conn.close()


def connect(url: str) -> SQLiteBackend | PostgresBackend:
    """A backend for a database URL: `postgresql://...`, `sqlite:///path`, or a plain file path.

    >>> connect(":memory:").kind
    'sqlite'
    """
    if url.startswith(("postgresql://", "postgres://")):
        return PostgresBackend(url)
    if url.startswith("sqlite:///"):
        url = url.removeprefix("sqlite:///")
    elif url.startswith("sqlite://"):
        url = url.removeprefix("sqlite://") or ":memory:"
    if "://" in url:
        raise StoreError(
            f"unknown database URL {redact(url)!r}: use a file path, sqlite:///path or postgresql://..."
        )
    if not url.strip():  # sqlite3 would open a private temporary database that is gone at the end
        raise StoreError("no database given: use a file path, sqlite:///path or postgresql://...")
    return SQLiteBackend(url)
