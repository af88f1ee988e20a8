"""A time budget per article: extraction that runs longer is stopped and reported, naming the article.

Some inputs make the extractor slow (issue 13: event clustering grows quadratically with the number of
trigger words in one article), and a run over millions of articles must not stall on one of them.
`TimeBudget(extract, seconds)` is an extractor that raises `OverBudget` once `seconds` have passed
(SIGALRM, so it interrupts compiled stages too); `kroniek.parallel.extract_safely` turns that into
an InputError. It is a plain picklable object, so worker processes apply the same budget.

    >>> from kroniek.pipeline import extract_article
    >>> TimeBudget(extract_article, 30).seconds
    30
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType

from kroniek.model import Article, ArticleResult

# Typical articles take about 5 ms; a 1 MB one of dense riot reports took a minute before issue 13.
DEFAULT_SECONDS = 30.0


class OverBudget(BaseException):
    """Extraction ran past its budget. A BaseException, so no `except Exception` inside a stage eats it."""


@dataclass(frozen=True)
class TimeBudget:
    """`extract`, stopped after `seconds` per article (0: no limit)."""

    extract: Callable[[Article], ArticleResult]
    seconds: float

    def __call__(self, article: Article) -> ArticleResult:
        if self.seconds <= 0 or not hasattr(signal, "setitimer"):
            return self.extract(article)
        if threading.current_thread() is not threading.main_thread():
            return self.extract(article)  # signals reach the main thread only (Dask's threads run unbudgeted)

        def stop(signum: int, frame: FrameType | None) -> None:
            size = len(article.text.encode("utf-8", "surrogatepass")) / 1e6
            raise OverBudget(
                f"extraction took longer than the {self.seconds:g} s budget per article "
                f"({size:.2f} MB of text; see --time-budget)"
            )

        previous = signal.signal(signal.SIGALRM, stop)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        try:
            return self.extract(article)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
