"""`kroniek watch`: poll feeds and folders, fetch and store what is new, remember what was seen.

One poll goes through the sources in order. A feed (an http(s) url) is fetched with its last ETag and
Last-Modified; each entry whose page is not done yet (`kroniek.monitor.state`) is fetched, its main
text extracted (`kroniek.ingest.html`) and stored with `kroniek.store.ingest`, then remembered. A
folder (or a file) is read with `kroniek.ingest.read_articles` and ingested; the store skips what it
already holds. A source that fails is logged and tried again at the next poll: it never stops the
others.

    >>> with open_store("news.db") as store:  # doctest: +SKIP
    ...     summary = poll(["https://outlet.example/rss.xml", "inbox/"], store, Fetcher())
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from kroniek.ingest import read_articles
from kroniek.ingest.html import page_id, read_html_bytes
from kroniek.model import Article
from kroniek.monitor.feeds import Entry, FeedError, parse_feed
from kroniek.monitor.fetch import Fetcher, FetchError, Robots
from kroniek.monitor.state import MAX_ATTEMPTS, FetchState, WatchState
from kroniek.store import Store, ingest

log = logging.getLogger("kroniek.watch")

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
_HTML_TYPES = ("text/html", "application/xhtml+xml", "")  # "": a server that does not say


@dataclass(slots=True)
class PollSummary:
    """What one poll did."""

    sources: int = 0
    failed_sources: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    unchanged_feeds: int = 0  # 304 Not Modified
    entries: int = 0  # feed entries seen
    fetched: int = 0  # pages fetched
    stored: int = 0  # articles stored (pages and folder files)
    events: int = 0
    retry: int = 0  # pages to try again at the next poll
    skipped: Counter[str] = field(default_factory=Counter)  # why pages were given up, by reason

    def format(self) -> str:
        line = (
            f"{self.sources} sources ({len(self.failed_sources)} failed, {self.unchanged_feeds} unchanged); "
            f"{self.entries} feed entries, {self.fetched} pages fetched, {self.stored} articles stored "
            f"({self.events} events), {self.retry} to retry, {sum(self.skipped.values())} skipped"
        )
        lines = [line]
        lines += [f"  skipped {n}: {reason}" for reason, n in sorted(self.skipped.items())]
        lines += [f"  failed source: {source}: {reason}" for source, reason in self.failed_sources]
        return "\n".join(lines)


def poll(sources: Sequence[str], store: Store, fetcher: Fetcher, robots: Robots | None = None) -> PollSummary:
    """Poll every source once; a failing source is logged and recorded, and the others go on.

    Pages are fetched only where the outlet's robots.txt allows (`robots`, made from `fetcher` when
    not given; keep one across polls to read each robots.txt once an hour). The feeds named as
    sources are fetched as asked.
    """
    summary = PollSummary()
    state = WatchState(store)
    robots = robots or Robots(fetcher)
    for source in sources:
        summary.sources += 1
        try:
            if source.startswith(("http://", "https://")):
                _poll_feed(source, store, state, fetcher, robots, summary)
            else:
                _poll_path(source, store, summary)
        except (FetchError, FeedError, OSError) as exc:
            log.warning("kroniek watch: %s: %s", source, exc)
            summary.failed_sources.append((source, str(exc)))
        except Exception as exc:  # a bug or a broken source must not stop a monitor's other sources
            log.exception("kroniek watch: %s: unexpected error", source)
            summary.failed_sources.append((source, f"unexpected error: {exc!r}"))
    return summary


def watch(
    sources: Sequence[str],
    store: Store,
    fetcher: Fetcher,
    *,
    every: float,
    once: bool = False,
    on_poll: Callable[[PollSummary], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    polls: int | None = None,
) -> None:
    """Poll the sources, then every `every` seconds (only once with `once`; `polls` times if given)."""
    done = 0
    robots = Robots(fetcher)
    while True:
        started = time.monotonic()
        summary = poll(sources, store, fetcher, robots)
        done += 1
        if on_poll is not None:
            on_poll(summary)
        if once or (polls is not None and done >= polls):
            return
        sleep(max(0.0, every - (time.monotonic() - started)))


def _poll_feed(
    url: str, store: Store, state: WatchState, fetcher: Fetcher, robots: Robots, summary: PollSummary
) -> None:
    previous = state.get([url]).get(url)
    etag = previous.etag if previous else None
    last_modified = previous.last_modified if previous else None
    try:
        response = fetcher.get(url, etag=etag, last_modified=last_modified, accept=FEED_ACCEPT)
        if response.status == 304:
            summary.unchanged_feeds += 1
            state.put(url, "feed", "not modified", etag=etag, last_modified=last_modified)
            return
        entries = parse_feed(response.body)
    except (FetchError, FeedError) as exc:
        attempts = (previous.attempts if previous else 0) + 1
        state.put(url, "feed", f"failed: {exc}", attempts=attempts, etag=etag, last_modified=last_modified)
        raise
    summary.entries += len(entries)
    known = state.get([entry.url for entry in entries])
    todo = [entry for entry in entries if entry.url not in known or not known[entry.url].done]
    pending: list[tuple[Entry, Article]] = []
    for entry in todo:
        if not robots.allowed(entry.url):
            # not remembered: the rules may change, and the page is asked about again at the next poll
            summary.skipped["disallowed by robots.txt"] += 1
            continue
        article = _fetch_page(entry, known.get(entry.url), state, fetcher, summary)
        if article is not None:
            pending.append((entry, article))
    _store(pending, store, state, summary)
    # The validators are kept only when every entry is done: a 304 at the next poll must not hide an
    # entry still to retry (its page is found through the feed).
    retrying = any(not s.done for s in state.get([e.url for e in todo]).values())
    state.put(
        url,
        "feed",
        "ok",
        etag=None if retrying else response.etag,
        last_modified=None if retrying else response.last_modified,
    )


def _fetch_page(
    entry: Entry, previous: FetchState | None, state: WatchState, fetcher: Fetcher, summary: PollSummary
) -> Article | None:
    attempts = previous.attempts if previous else 0
    try:
        response = fetcher.get(entry.url, want=lambda kind: kind in _HTML_TYPES)
    except FetchError as exc:
        attempts += 1
        if exc.transient and attempts < MAX_ATTEMPTS:
            log.info("kroniek watch: %s: %s (will retry)", entry.url, exc.reason)
            state.put(entry.url, "page", f"retry: {exc.reason}", attempts=attempts)
            summary.retry += 1
        else:
            log.info("kroniek watch: %s: %s (skipped)", entry.url, exc.reason)
            state.put(entry.url, "page", f"skipped: {exc.reason}", attempts=attempts)
            summary.skipped[_reason_kind(exc.reason)] += 1
        return None
    summary.fetched += 1
    article = read_html_bytes(response.body, entry.url, page_id(entry.url), url=response.url)
    if not isinstance(article, Article):
        state.put(entry.url, "page", f"skipped: {article.message}", attempts=attempts)
        summary.skipped["no article text"] += 1
        return None
    if article.date is None and entry.published is not None:
        article = replace(article, date=entry.published)
    return article


def _store(
    pending: list[tuple[Entry, Article]], store: Store, state: WatchState, summary: PollSummary
) -> None:
    if not pending:
        return
    result = ingest([article for _, article in pending], store, jobs=1)
    summary.stored += result.stored
    summary.events += result.events
    # Remembered after the articles are committed: a crash in between makes the next run fetch the
    # page again, and the store skips the article it already holds.
    for entry, article in pending:
        state.put(entry.url, "page", "stored", article_id=article.id)


def _poll_path(source: str, store: Store, summary: PollSummary) -> None:
    if not Path(source).exists():
        raise FileNotFoundError(f"no such file or folder: {source}")
    result = ingest(read_articles([source]), store, jobs=1)
    summary.stored += result.stored
    summary.events += result.events
    for where, reason in result.failed:
        log.warning("kroniek watch: %s: %s", where, reason)


def _reason_kind(reason: str) -> str:
    """A reason without its figures, to count alike ones together ("too large: 52.4 MB" -> "too large")."""
    return reason.split(":")[0]
