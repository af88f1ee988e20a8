"""The Store: articles, their events and the fused incidents in one database, SQLite or PostgreSQL.

Every write is one transaction per batch of articles: the articles, their events, places and actors,
and the incidents re-fused around them. A process killed at any moment leaves the whole batch or
none of it, and re-running skips what is already stored.

    >>> from kroniek.store import open_store
    >>> with open_store(":memory:") as store:
    ...     store.counts()["articles"]
    0
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from kroniek.model import Article, ArticleResult
from kroniek.place_fallback import with_fallback_place
from kroniek.store import fusing, history, read, reports
from kroniek.store.backends import Backend, connect
from kroniek.store.fusing import Seed
from kroniek.store.history import IncidentChange
from kroniek.store.migrate import migrate, schema_version
from kroniek.store.readonly import check_schema, connect_read_only
from kroniek.store.records import IncidentQuery, StoredIncident
from kroniek.store.reports import chunks, marks
from kroniek.store.rows import (
    EVENT_COLUMNS,
    actor_row,
    article_text,
    as_date,
    event_row,
    input_hash,
    pack_text,
    place_row,
    text_hash,
)

_TABLES = ("articles", "events", "incidents", "incident_events", "places", "actors")


class Store:
    """A kroniek database. Open with `open_store(url)`; use as a context manager to close it."""

    def __init__(self, backend: Backend, url: str = "", *, read_only: bool = False) -> None:
        self.backend = backend
        self.url = url
        self._reports = reports.ReportCache()
        if read_only:
            check_schema(backend, url)  # never migrates: that would be a write
        else:
            migrate(backend)

    @property
    def kind(self) -> str:
        return self.backend.kind

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.backend.close()

    # ------------------------------------------------------------------ what is stored

    def known_articles(self, ids: Sequence[str]) -> dict[str, str]:
        """Article id -> input hash, for those of `ids` already stored."""
        found: dict[str, str] = {}
        for part in chunks(list(ids)):
            sql = f"SELECT id, input_hash FROM articles WHERE id IN ({marks(len(part))})"
            found.update(self.backend.query(sql, part))
        return found

    def articles_with_text(self, hashes: Sequence[str]) -> dict[str, str]:
        """Text hash -> the id of a stored article with that text (the smallest id when several)."""
        found: dict[str, str] = {}
        for part in chunks(sorted(set(hashes))):
            sql = (
                f"SELECT text_hash, MIN(id) FROM articles WHERE text_hash IN ({marks(len(part))}) "
                "GROUP BY text_hash"
            )
            found.update(self.backend.query(sql, part))
        return found

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        return {t: int(self.backend.query(f"SELECT COUNT(*) FROM {t}")[0][0]) for t in _TABLES}

    def schema_version(self) -> int:
        return schema_version(self.backend)

    # ------------------------------------------------------------------ writing

    def save_result(self, article: Article, result: ArticleResult) -> int:
        """Store one article and its events (replacing an article with the same id); see `save_batch`."""
        return self.save_batch([(article, result)])

    def save_batch(self, items: Sequence[tuple[Article, ArticleResult]]) -> int:
        """Store articles with their events and re-fuse the incidents they touch, in one transaction.

        An article whose id is already stored replaces it (its old events leave their incidents); of
        two items with one id, the later wins. Returns how many incident rows were (re)written.
        """
        items = list({article.id: (article, result) for article, result in items}.values())
        if not items:
            return 0
        try:
            return self._save(items)
        except BaseException:
            self._reports.clear()  # it may hold reports of events that were rolled back
            raise

    def _save(self, items: Sequence[tuple[Article, ArticleResult]]) -> int:
        b = self.backend
        with b.transaction():
            self._reports.check(self._replacements())
            seeds, stale, removed = self._remove([article.id for article, _ in items])
            self._count_change(replaced=removed)
            now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            b.executemany(
                "INSERT INTO articles (id, text_hash, input_hash, lang, url, doc_date, doc_date_precision, "
                "source, text, n_events, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [_article_row(article, result, now, b.kind) for article, result in items],
            )
            places: dict[Any, tuple[Any, ...]] = {}
            actors: dict[Any, tuple[Any, ...]] = {}
            events = []
            for article, result in items:
                for index, found in enumerate(result.events):
                    # Every located event gets a point: its region's or country's when the gazetteer
                    # lacks the town (geo_precision 3), so that no incident falls off the map.
                    event = with_fallback_place(found)
                    row = place_row(event.location)
                    if row[0] is not None:
                        places[row[0]] = row
                    for actor in (event.actor1, event.actor2):
                        if actor is not None:
                            arow = actor_row(actor)
                            actors[arow[0]] = arow
                    events.append(event_row(article.id, index, event, article.text))
                    seeds.append(
                        Seed(
                            events[-1][0],
                            event.event_type,
                            event.location.country,
                            event.window.start,
                            event.window.end,
                        )
                    )
            b.executemany(
                "INSERT INTO places (id, geonames_id, name, admin1, country, lat, lon) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                sorted(places.values(), key=lambda r: r[0]),
            )
            b.executemany(
                "INSERT INTO actors (id, name, type, country) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (id) DO NOTHING",
                sorted(actors.values(), key=lambda r: r[0]),
            )
            b.executemany(f"INSERT INTO events ({EVENT_COLUMNS}) VALUES ({marks(18)})", events)
            return fusing.refuse(b, seeds, stale, self._reports)

    def _replacements(self) -> int:
        """How many transactions replaced articles so far, in any process (see reports.ReportCache)."""
        return int(self.backend.query("SELECT replaced FROM store_state WHERE id = 1")[0][0])

    def _count_change(self, *, replaced: bool) -> None:
        """Move the store's change counters, inside the writing transaction."""
        self.backend.execute(
            "UPDATE store_state SET generation = generation + 1, replaced = replaced + ? WHERE id = 1",
            (int(replaced),),
        )
        if replaced and self._reports.replaced is not None:
            self._reports.replaced += 1  # this process forgot the reports it replaced itself

    def _remove(self, ids: list[str]) -> tuple[list[Seed], set[str], bool]:
        """Delete stored articles with these ids; returns their events as seeds, their incidents, and
        whether any article was there to delete."""
        seeds: list[Seed] = []
        stale: set[str] = set()
        removed = False
        for part in chunks(ids):
            rows = self.backend.query(
                "SELECT e.id, e.event_type, e.country, e.date_start, e.date_end, ie.incident_id "
                "FROM events e LEFT JOIN incident_events ie ON ie.event_id = e.id "
                f"WHERE e.article_id IN ({marks(len(part))})",
                part,
            )
            self._reports.forget(row[0] for row in rows)  # their ids come back with new content
            for eid, etype, country, start, end, incident in rows:
                seeds.append(Seed(eid, etype, country, as_date(start), as_date(end), removed=True))
                if incident:
                    stale.add(incident)
            if self.backend.query(f"SELECT 1 FROM articles WHERE id IN ({marks(len(part))}) LIMIT 1", part):
                self.backend.execute(f"DELETE FROM articles WHERE id IN ({marks(len(part))})", part)
                removed = True
        return seeds, stale, removed

    def rebuild_incidents(self) -> int:
        """Recompute every incident from the stored events; returns how many were written."""
        self._reports.clear()
        with self.backend.transaction():
            self._count_change(replaced=False)
            return fusing.rebuild_all(self.backend)

    # ------------------------------------------------------------------ reading

    def incidents(self, query: IncidentQuery | None = None) -> Iterator[StoredIncident]:
        """Incidents matching the filters, earliest first, each with its sources and evidence."""
        return read.query_incidents(self.backend, query or IncidentQuery())

    def get_incident(self, incident_id: str) -> StoredIncident | None:
        return read.get_incident(self.backend, incident_id)

    def history(self, incident_id: str) -> list[IncidentChange]:
        """When the incident was created and every later change to it, oldest first."""
        return history.history(self.backend, incident_id)

    def changes(self, since: int = 0, limit: int | None = None) -> list[IncidentChange]:
        """Every incident change at or after unix time `since`, in order (`kroniek changes`)."""
        return history.changes_since(self.backend, since, limit)

    def article_text(self, article_id: str) -> str | None:
        rows = self.backend.query("SELECT text FROM articles WHERE id = ?", (article_id,))
        return article_text(rows[0][0]) if rows else None


def _article_row(article: Article, result: ArticleResult, now: str, kind: str) -> tuple[Any, ...]:
    doc_date = result.doc_date or article.date
    return (
        article.id,
        text_hash(article.text),
        input_hash(article),
        result.lang,
        article.url or result.url,
        doc_date.value.isoformat() if doc_date else None,
        doc_date.precision if doc_date else None,
        article.source,
        pack_text(article.text) if kind == "sqlite" else article.text,  # PostgreSQL compresses itself
        len(result.events),
        now,
    )


def open_store(url: str = "kroniek.db", *, read_only: bool = False) -> Store:
    """Open (creating and migrating if needed) a store: a SQLite path, `sqlite:///path`, or `postgresql://...`.

    `read_only`: open an existing store for reading only (SQLite `mode=ro`, PostgreSQL read-only
    transactions): nothing is created or migrated, and a write fails in the database itself.

    >>> open_store(":memory:").kind
    'sqlite'
    """
    if read_only:
        backend = connect_read_only(url)
        try:
            return Store(backend, url, read_only=True)
        except BaseException:
            backend.close()
            raise
    return Store(connect(url), url)
