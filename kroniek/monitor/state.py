"""What `kroniek watch` remembers in the database (table `web_fetches`), so that a restart never re-fetches.

A page is done once stored or skipped for good; a page whose fetch failed in a way that may pass
(`retry: ...`) is tried again at later polls, and given up after `MAX_ATTEMPTS`. A feed keeps its
ETag and Last-Modified for the next conditional request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from kroniek.store import Store
from kroniek.store.fusing import chunks, marks

MAX_ATTEMPTS = 3  # polls at which a failing page is tried, before it is given up


@dataclass(frozen=True, slots=True)
class FetchState:
    url: str
    kind: str  # feed | page
    status: str
    attempts: int
    etag: str | None
    last_modified: str | None
    article_id: str | None

    @property
    def done(self) -> bool:
        """A page not to fetch again."""
        return not self.status.startswith("retry")


class WatchState:
    """The `web_fetches` rows of a store."""

    def __init__(self, store: Store) -> None:
        self.backend = store.backend

    def get(self, urls: Sequence[str]) -> dict[str, FetchState]:
        found: dict[str, FetchState] = {}
        for part in chunks(list(urls)):
            rows = self.backend.query(
                "SELECT url, kind, status, attempts, etag, last_modified, article_id FROM web_fetches "
                f"WHERE url IN ({marks(len(part))})",
                part,
            )
            found.update({row[0]: FetchState(*row) for row in rows})
        return found

    def put(
        self,
        url: str,
        kind: str,
        status: str,
        *,
        attempts: int = 0,
        etag: str | None = None,
        last_modified: str | None = None,
        article_id: str | None = None,
    ) -> None:
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self.backend.transaction():
            self.backend.execute(
                "INSERT INTO web_fetches (url, kind, status, attempts, etag, last_modified, article_id, "
                "first_seen, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET kind = excluded.kind, status = excluded.status, "
                "attempts = excluded.attempts, etag = excluded.etag, last_modified = excluded.last_modified, "
                "article_id = excluded.article_id, checked_at = excluded.checked_at",
                (url, kind, status, attempts, etag, last_modified, article_id, now, now),
            )
