"""Progress of long commands: a bar on a terminal, log lines everywhere else (cron, nohup, CI).

A log line every `KRONIEK_LOG_EVERY` seconds (default 30) and one at the end:

    2026-12-06T05:01:02Z kroniek ingest: 1200 articles done, 45.2 articles/s, 3 errors (stored=1180)
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO, TypeVar

from tqdm import tqdm

T = TypeVar("T")
DEFAULT_EVERY = 30.0


class Progress:
    """Count work done; show it as a bar on a terminal, else as log lines on `stream`."""

    def __init__(
        self,
        desc: str,
        unit: str = "articles",
        *,
        total: int | None = None,
        stream: TextIO | None = None,
        every: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.desc, self.unit, self.total = desc, unit, total
        self.stream = stream if stream is not None else sys.stderr
        self.every = every if every is not None else float(os.environ.get("KRONIEK_LOG_EVERY", DEFAULT_EVERY))
        self.clock = clock
        self.done = self.errors = 0
        self.extra: dict[str, object] = {}
        self._start = self._last = clock()
        is_tty = getattr(self.stream, "isatty", lambda: False)()
        self._bar = (
            tqdm(unit=f" {unit}", desc=desc, total=total, file=self.stream, dynamic_ncols=True)
            if is_tty
            else None
        )

    def advance(
        self, step: int = 1, *, done: int | None = None, errors: int | None = None, **extra: object
    ) -> None:
        """Count `step` more done (or set the count with `done`), the errors so far, and other figures."""
        new = self.done + step if done is None else done
        if self._bar is not None:
            self._bar.update(new - self.done)
            if extra:
                self._bar.set_postfix(
                    errors=errors if errors is not None else self.errors, **extra, refresh=False
                )
        self.done = new
        if errors is not None:
            self.errors = errors
        self.extra.update(extra)
        now = self.clock()
        if self._bar is None and now - self._last >= self.every:
            self._last = now
            self._log(now)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        else:
            self._log(self.clock(), final=True)

    def _log(self, now: float, *, final: bool = False) -> None:
        elapsed = now - self._start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        total = f" of {self.total}" if self.total is not None else ""
        extra = ", ".join(f"{k}={v}" for k, v in self.extra.items())
        stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        line = (
            f"{stamp} kroniek {self.desc}: {self.done}{total} {self.unit} {'finished' if final else 'done'}, "
            f"{rate:.1f} {self.unit}/s, {self.errors} errors" + (f" ({extra})" if extra else "")
        )
        self.stream.write(line + "\n")
        self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def counted(items: Iterable[T], progress: Progress) -> Iterator[T]:
    """Pass `items` through, counting each in `progress`."""
    for item in items:
        yield item
        progress.advance()
