"""Extracting on all cores of one machine: the one per-article function in worker processes.

Every path (serial, `--jobs`, Dask) codes an article with `kroniek.pipeline.extract_article`; this
module only spreads that call over processes and gives the results back in input order, so the
output of `--jobs N` is the output of one process, line for line.

    >>> from kroniek.model import Article
    >>> articles = [Article(str(i), "Rellen in Utrecht.", lang="nl") for i in range(3)]
    >>> [result.id for result in extract_all(articles, jobs=2)]  # doctest: +SKIP
    ['0', '1', '2']

An article the extractor raises on comes back as an `InputError` in its place (one bad article must
not end a long run); an `InputError` among the items (a line that could not be read) passes through
in its place too.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

from kroniek.budget import OverBudget
from kroniek.model import Article, ArticleResult, InputError

Extractor = Callable[[Article], ArticleResult]
Item = Article | InputError
Extracted = ArticleResult | InputError
T = TypeVar("T")

# Below this many articles a run stays in one process. Measured with `kroniek extract` on 2 cores:
# 100 articles took as long with 2 processes as with 1 (~2.6 s, mostly loading the data once), 200
# were 13% faster, 2,000 1.4x (starting the pool itself: ~0.05 s, bench/scale.py).
AUTO_MIN_ARTICLES = 200
# Articles per task: large enough that pickling and queueing (~0.1 ms an article) stay small next to
# extracting (~5 ms), small enough that the last tasks of a batch keep every worker busy.
CHUNK = 16
# Tasks in flight per worker when streaming: workers never wait, memory stays bounded on any input.
PREFETCH = 4


def extract_safely(extract: Extractor, article: Article) -> Extracted:
    """`extract(article)`, or an InputError naming the article and the exception."""
    try:
        return extract(article)
    except OverBudget as exc:
        return InputError(article.source or article.id, str(exc))
    except Exception as exc:  # one bad article must not stop a long run; it is reported instead
        return InputError(article.source or article.id, f"extraction failed: {type(exc).__name__}: {exc}")


def cores() -> int:
    """Cores this process may run on (the affinity mask where there is one, e.g. under taskset or SLURM)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def plan_jobs(items: Iterable[T], jobs: int) -> tuple[int, Iterator[T]]:
    """How many processes to extract `items` with, and the items again (those looked at put back).

    `jobs` >= 1 is taken as asked. `jobs` 0 means: one per core when the input holds at least
    AUTO_MIN_ARTICLES articles (read ahead to find out, so it works on stdin too), else 1.

    >>> plan_jobs(iter([Article("a", "x")]), 0)[0]
    1
    """
    iterator = iter(items)
    if jobs >= 1:
        return jobs, iterator
    head: list[T] = []
    articles = 0
    for item in iterator:
        head.append(item)
        articles += isinstance(item, Article)
        if articles >= AUTO_MIN_ARTICLES:
            return max(1, cores()), itertools.chain(head, iterator)
    return 1, iter(head)


def extract_all(
    items: Iterable[Item], jobs: int = 0, extract: Extractor | None = None
) -> Iterator[Extracted]:
    """Extract every article of `items`, in input order; see `plan_jobs` for `jobs` (0: automatic)."""
    extract = extract or _default_extractor()
    jobs, iterator = plan_jobs(items, jobs)
    if jobs <= 1:
        for item in iterator:
            yield item if isinstance(item, InputError) else extract_safely(extract, item)
        return
    with ExtractionPool(jobs, extract) as pool:
        yield from pool.map(iterator)


class ExtractionPool:
    """Worker processes that extract chunks of articles; results come back in input order.

    `map` streams any input with bounded memory; `submit` starts a finite batch at once and returns
    its results as an iterator (the ingest writes one batch while workers extract the next).
    A worker that dies (out of memory, killed) raises BrokenProcessPool instead of hanging the run.
    """

    def __init__(self, jobs: int, extract: Extractor | None = None, chunk_size: int = CHUNK) -> None:
        self.jobs = max(1, jobs)
        self.extract = extract or _default_extractor()
        self.chunk_size = max(1, chunk_size)
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self.close(abort=kind is not None)

    def submit(self, articles: Sequence[Item]) -> Iterator[Extracted]:
        """Start extracting all of `articles` now; iterate the result to collect them in order."""
        futures = [self._submit(chunk) for chunk in _chunks(articles, self.chunk_size)]
        return (result for future in futures for result in future.result())

    def map(self, items: Iterable[Item]) -> Iterator[Extracted]:
        """Extract `items` as they come, at most jobs * PREFETCH chunks ahead of the reader."""
        pending: deque[Future[list[Extracted]]] = deque()
        chunks = _chunks(items, self.chunk_size)
        for chunk in chunks:
            pending.append(self._submit(chunk))
            if len(pending) >= self.jobs * PREFETCH:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()

    def close(self, abort: bool = False) -> None:
        """Stop the workers: after their work when all went well, at once after an error."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        if abort:
            # shutdown() would let each worker finish its chunk and leave the queue to drain; nobody
            # reads those results (Python 3.14 has terminate_workers() for this).
            for process in list((getattr(executor, "_processes", None) or {}).values()):
                process.terminate()
        executor.shutdown(wait=not abort, cancel_futures=True)

    def _submit(self, chunk: list[Item]) -> Future[list[Extracted]]:
        if self._executor is None:
            self._executor = self._start(chunk)
        return self._executor.submit(_extract_chunk, self.extract, chunk)

    def _start(self, sample: list[Item]) -> ProcessPoolExecutor:
        articles = [item for item in sample if isinstance(item, Article)]
        if "fork" in multiprocessing.get_all_start_methods():
            # Load the language data, gazetteer and detector once, here: forked workers share the
            # loaded pages instead of each spending seconds and ~300 MB loading its own copy.
            _warm(self.extract, articles)
            context, warm_with = multiprocessing.get_context("fork"), []
        else:  # spawn: every worker starts empty and warms itself once
            context, warm_with = multiprocessing.get_context(), articles
        return ProcessPoolExecutor(
            self.jobs, mp_context=context, initializer=_init_worker, initargs=(self.extract, warm_with)
        )


def _default_extractor() -> Extractor:
    from kroniek.pipeline import extract_article  # here, so that importing this module stays light

    return extract_article


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _extract_chunk(extract: Extractor, chunk: list[Item]) -> list[Extracted]:
    return [item if isinstance(item, InputError) else extract_safely(extract, item) for item in chunk]


def _warm(extract: Extractor, articles: Sequence[Article]) -> None:
    """Extract one article per given language (None: detected), so each one's data is loaded."""
    seen: set[str | None] = set()
    for article in articles:
        if article.lang not in seen:
            seen.add(article.lang)
            extract_safely(extract, article)  # a failure shows again when the article's turn comes


def _init_worker(extract: Extractor, warm_with: Sequence[Article]) -> None:
    # Workers must not outlive a killed parent (kill -9 gives it no chance to stop them); Ctrl-C goes
    # to the whole process group, and the parent alone decides what to do with it.
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _warm(extract, warm_with)
