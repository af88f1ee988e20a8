"""Answers kept until the data changes: whole-table aggregates are slow to recompute on every request.

Keys combine what was asked (a Filters value, a bucket) with the database's data version
(`store_state.generation`, which every writing transaction moves; see `kroniek.store.readonly`), so an
ingest running beside the server is seen on the next request after its commit, whichever pooled
connection answers it.

    >>> cache = ResultCache(size=2)
    >>> class Db:
    ...     def data_version(self): return 1
    >>> cache.get(Db(), "k", lambda: 41 + 1), cache.get(Db(), "k", lambda: 0)
    (42, 42)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


class ResultCache:
    """A small LRU of computed answers, keyed on (data version, key); thread-safe."""

    def __init__(self, size: int = 128) -> None:
        self._size = size
        self._items: OrderedDict[tuple[int, Hashable], Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, backend: Any, key: Hashable, compute: Callable[[], T]) -> T:
        full = (backend.data_version(), key)
        with self._lock:
            if full in self._items:
                self._items.move_to_end(full)
                return self._items[full]  # type: ignore[no-any-return]
        # Computed outside the lock: two threads may both compute a missing answer, which is harmless.
        value = compute()
        with self._lock:
            self._items[full] = value
            self._items.move_to_end(full)
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value
