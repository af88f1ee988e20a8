"""Ingesting: read articles, skip what is stored, extract the rest, store them batch by batch.

Article identity is its id plus a hash of everything extraction reads (text, url, given date and
language):
- same id, same input: skipped, "already stored";
- same id, changed input: extracted again and stored in place of the old version ("replaced"),
  its old events leaving their incidents;
- another id with the same text: skipped, "same text as <id>" (a syndicated copy is one witness,
  and counting it twice is the error fusion exists to avoid);
- an article the extractor fails on: "failed", not stored, so a later run tries it again;
- an (article, result) pair is stored with that result, not extracted again (`kroniek batch` output).

Each batch is written in one transaction, so a killed ingest resumes where the last commit ended.
With `jobs > 1` extraction runs in worker processes (`kroniek.parallel`) while the main process writes
the previous batch.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from kroniek.model import Article, ArticleResult, InputError
from kroniek.parallel import Extracted, ExtractionPool, Extractor, extract_safely, plan_jobs
from kroniek.pipeline import extract_article
from kroniek.store.core import Store
from kroniek.store.rows import input_hash, text_hash

# Failures kept to report by name; beyond these only their number grows, so memory stays bounded on
# an input that fails line after line.
MAX_KEPT_FAILURES = 1000

ALREADY_STORED = "already stored"
SAME_TEXT = "same text as another article"
SUPERSEDED = "a later copy with the same id came in the same input"


@dataclass
class IngestSummary:
    """What an ingest run did; `format()` says it in one paragraph."""

    read: int = 0
    stored: int = 0
    replaced: int = 0
    events: int = 0
    incidents_written: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason): the first ones
    failures: int = 0  # all failures, also those beyond MAX_KEPT_FAILURES
    seconds: float = 0.0

    def fail(self, source: str, reason: str) -> None:
        self.failures += 1
        if len(self.failed) < MAX_KEPT_FAILURES:
            self.failed.append((source, reason))

    @property
    def rate(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0

    def format(self, max_failures: int = 20) -> str:
        skipped = sum(self.skipped.values())
        lines = [
            f"read {self.read}, stored {self.stored} ({self.replaced} replaced, {self.events} events), "
            f"skipped {skipped}, failed {self.failures}; {self.incidents_written} incident rows written; "
            f"{self.seconds:.1f} s ({self.rate:.0f} articles/s)"
        ]
        lines += [f"  skipped {n}: {reason}" for reason, n in sorted(self.skipped.items())]
        lines += [f"  failed: {source}: {reason}" for source, reason in self.failed[:max_failures]]
        if self.failures > max_failures:
            lines.append(f"  ... and {self.failures - max_failures} more failures")
        return "\n".join(lines)


Item = Article | InputError | tuple[Article, ArticleResult]
Work = tuple[list[tuple[Article, bool]], Iterator[Extracted]]


def ingest(
    items: Iterable[Item],
    store: Store,
    *,
    batch_size: int = 250,
    jobs: int = 1,
    extract: Extractor | None = None,
    on_batch: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Store the articles of `items` (from `kroniek.ingest.read_articles`, or (article, result) pairs
    extracted before, as `kroniek.batch` loads them) and their events.

    `extract` defaults to `kroniek.pipeline.extract_article`; `jobs` 0 means one process per core
    when the input is large (`kroniek.parallel.plan_jobs`); `on_batch` is called after every
    committed batch (for a progress display).
    """
    extract = extract or extract_article
    summary = IngestSummary()
    started = time.perf_counter()
    jobs, iterator = plan_jobs(items, jobs)
    pool = ExtractionPool(jobs, extract) if jobs > 1 else None
    try:
        previous: Work | None = None
        for batch in _batches(iterator, batch_size):
            given: dict[int, ArticleResult] = {}  # id(article) -> its result, for pairs
            articles_in = [_unpair(item, given) for item in batch]
            todo = _select(articles_in, store, summary, previous[0] if previous else [])
            results = _results([article for article, _ in todo], given, pool, extract)
            if previous is not None:
                _write(store, previous, summary, started, on_batch)
            previous = (todo, results)
            if pool is None:  # serial: nothing runs ahead, write now
                _write(store, previous, summary, started, on_batch)
                previous = None
        if previous is not None:
            _write(store, previous, summary, started, on_batch)
    except BaseException:
        if pool is not None:
            pool.close(abort=True)
        raise
    if pool is not None:
        pool.close()
    summary.seconds = time.perf_counter() - started
    return summary


def _batches(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _unpair(item: Item, given: dict[int, ArticleResult]) -> Article | InputError:
    if isinstance(item, tuple):
        article, result = item
        given[id(article)] = result
        return article
    return item


def _results(
    articles: list[Article], given: dict[int, ArticleResult], pool: ExtractionPool | None, extract: Extractor
) -> Iterator[Extracted]:
    """Results of `articles` in order: given ones as they are, the others extracted (started now)."""
    missing = [article for article in articles if id(article) not in given]
    if pool is not None and missing:
        extracted = pool.submit(missing)
    else:
        extracted = (extract_safely(extract, article) for article in missing)
    return (given[id(a)] if id(a) in given else next(extracted) for a in articles)


def _select(
    batch: list[Article | InputError],
    store: Store,
    summary: IngestSummary,
    in_flight: list[tuple[Article, bool]],
) -> list[tuple[Article, bool]]:
    """The articles of a batch that need extracting, each with whether it replaces a stored one."""
    summary.read += len(batch)
    articles = []
    for item in batch:
        if isinstance(item, InputError):
            summary.fail(item.source, item.message)
        else:
            articles.append(item)
    known = store.known_articles([a.id for a in articles])
    owners = store.articles_with_text([text_hash(a.text) for a in articles])
    # The batch still being extracted is not committed yet: treat it as stored.
    for article, _ in in_flight:
        known[article.id] = input_hash(article)
        owners.setdefault(text_hash(article.text), article.id)
    chosen: dict[str, tuple[Article, bool]] = {}
    for article in articles:
        ihash, thash = input_hash(article), text_hash(article.text)
        if article.id in chosen:
            if input_hash(chosen[article.id][0]) == ihash:
                summary.skipped[ALREADY_STORED] += 1
                continue
            summary.skipped[SUPERSEDED] += 1
            del chosen[article.id]  # the later version wins, as it would in a later run
        elif known.get(article.id) == ihash:
            summary.skipped[ALREADY_STORED] += 1
            continue
        owner = owners.get(thash)
        if owner is not None and owner != article.id:
            summary.skipped[SAME_TEXT] += 1
            continue
        owners.setdefault(thash, article.id)
        chosen[article.id] = (article, article.id in known)
    return list(chosen.values())


def _write(
    store: Store,
    work: Work,
    summary: IngestSummary,
    started: float,
    on_batch: Callable[[IngestSummary], None] | None,
) -> None:
    todo, results = work
    pairs = []
    for (article, replaces), result in zip(todo, results, strict=True):
        if isinstance(result, InputError):
            summary.fail(result.source, result.message)
            continue
        pairs.append((article, result))
        summary.replaced += replaces
        summary.events += len(result.events)
    summary.incidents_written += store.save_batch(pairs)
    summary.stored += len(pairs)
    summary.seconds = time.perf_counter() - started
    if on_batch is not None:
        on_batch(summary)
