"""Benchmark: database size against the article text it holds, on SQLite and PostgreSQL (issue 11).

Extracts the shared dev set's train and dev articles once, stores them with `kroniek.store.ingest`
into a fresh SQLite file (and, with `--pg DSN`, into a fresh PostgreSQL database made and dropped on
that server), and prints each database's size, its ratio to the UTF-8 bytes of the article texts, and
what takes the space: per table and index (SQLite's dbstat, PostgreSQL's relation sizes).

The database is also measured after the first `--first` articles (ingest's first batch, so that the
database ends the same as when stored at once): `growth` is what the rest added, as a ratio to their
text. A database's fixed cost (a page or more per table and index, PostgreSQL's free-space maps) weighs
on 479 short articles, not on an archive; `growth` leaves it out.

    python bench/db_size.py
    python bench/db_size.py --pg postgresql://postgres@127.0.0.1:55433/postgres --json
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from kroniek.ingest import read_articles
from kroniek.model import Article
from kroniek.pipeline import extract_article
from kroniek.store import ingest, open_store

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "devset"


def devset_files(folder: Path) -> list[str]:
    return [str(p) for p in sorted((folder / "train").glob("*.jsonl"))] + [str(folder / "dev.jsonl")]


def sqlite_size(path: Path) -> tuple[int, dict[str, int]]:
    """(bytes of the file once the WAL is checkpointed, bytes per table or index)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        parts: dict[str, int] = {}
        try:
            for name, size in conn.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name"):
                parts[name] = int(size)
        except sqlite3.OperationalError:  # built without the dbstat table
            pass
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
        if free:
            parts["(free pages)"] = free * page_size
    finally:
        conn.close()
    return page_size * pages, parts


def postgres_size(dsn: str) -> tuple[int, dict[str, int]]:
    """(bytes of kroniek's tables with their indexes and TOAST, bytes per table or index)."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT c.relname, c.relkind, pg_total_relation_size(c.oid), "
            "CASE WHEN c.relkind = 'r' THEN pg_table_size(c.oid) ELSE pg_relation_size(c.oid) END "
            "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')"
        ).fetchall()
    total = sum(int(full) for _, kind, full, _ in rows if kind == "r")  # tables with TOAST and indexes
    parts = {name: int(own) for name, _, _, own in rows}  # tables with TOAST; indexes on their own
    return total, parts


def fresh_postgres(dsn: str, name: str) -> str:
    """Create database `name` on the server of `dsn` (dropping one left by a killed run); its DSN."""
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(dsn)._replace(path="/" + name))


def drop_postgres(dsn: str, name: str) -> None:
    import psycopg

    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


def report(
    label: str, size: int, parts: dict[str, int], text_bytes: int, top: int, first: tuple[int, int]
) -> dict[str, Any]:
    """Print and return the sizes; `first` is (database bytes, text bytes) after the first articles."""
    growth = (size - first[0]) / (text_bytes - first[1]) if text_bytes > first[1] else None
    print(
        f"{label}: {size / 1e6:.2f} MB = {size / text_bytes:.2f}x the article text"
        + (f"; the articles after the first added {growth:.2f}x their text" if growth is not None else "")
    )
    for name, part in sorted(parts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]:
        print(f"    {name:32} {part / 1e3:9.1f} kB  {part / text_bytes:5.2f}x")
    return {
        "bytes": size,
        "ratio": round(size / text_bytes, 3),
        "growth": round(growth, 3) if growth is not None else None,
        "parts": parts,
    }


def store_in_two(url: str, articles: list[Article], results: dict[str, Any], first: int, measure: Any) -> int:
    """Store `articles[:first]`, then the rest; the size `measure()` gave in between."""
    with open_store(url) as store:
        ingest(articles[:first], store, extract=lambda a: results[a.id])
    between = measure()
    with open_store(url) as store:
        ingest(articles[first:], store, extract=lambda a: results[a.id])
    return int(between)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--devset", type=Path, default=DEVSET, help="folder with train/*.jsonl and dev.jsonl")
    parser.add_argument(
        "--pg", metavar="DSN", help="also measure PostgreSQL (a fresh database on this server)"
    )
    parser.add_argument("--top", type=int, default=12, help="largest tables and indexes to list")
    parser.add_argument("--json", action="store_true", help="also print the figures as one JSON line")
    parser.add_argument("--keep", type=Path, help="keep the SQLite database at this path (to look inside)")
    parser.add_argument(
        "--first", type=int, default=250, help="articles stored before the database is measured a first time"
    )
    args = parser.parse_args()

    articles = [a for a in read_articles(devset_files(args.devset)) if isinstance(a, Article)]
    results = {a.id: extract_article(a) for a in articles}
    text_bytes = sum(len(a.text.encode()) for a in articles)
    first = (args.first, sum(len(a.text.encode()) for a in articles[: args.first]))
    print(f"input: {len(articles)} articles, {text_bytes / 1e6:.2f} MB of article text (UTF-8)")
    out: dict[str, Any] = {"articles": len(articles), "text_bytes": text_bytes, "first": args.first}

    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "size.db"
        if path.exists():
            raise SystemExit(f"{path} exists: give a new file")
        between = store_in_two(str(path), articles, results, args.first, lambda: sqlite_size(path)[0])
        with open_store(str(path)) as store:
            counts = store.counts()
        print(
            f"stored: {counts['articles']} articles, {counts['events']} events, "
            f"{counts['incidents']} incidents"
        )
        out["sqlite"] = report("sqlite", *sqlite_size(path), text_bytes, args.top, (between, first[1]))

    if args.pg:
        name = f"kroniek_size_{os.getpid()}"
        dsn = fresh_postgres(args.pg, name)
        try:
            between = store_in_two(dsn, articles, results, args.first, lambda: postgres_size(dsn)[0])
            out["postgres"] = report(
                "postgres", *postgres_size(dsn), text_bytes, args.top, (between, first[1])
            )
        finally:
            drop_postgres(args.pg, name)
    if args.json:
        print(json.dumps(out, sort_keys=True))


if __name__ == "__main__":
    main()
