"""Loading a batch's Parquet outputs into a store, with the same skipping and fusion as `kroniek ingest`.

The articles and their results go through `kroniek.store.ingest` as (article, result) pairs: the same
identity rules (already stored, replaced, same text as another article), the same batches and
transactions, the same incident fusion, without extracting again. So loading is idempotent and
resumable like an ingest: a killed load run again skips what it committed, and the store ends up as
a `kroniek ingest` of the same inputs would leave it.

    >>> with open_store("kroniek.db") as store:  # doctest: +SKIP
    ...     print(ingest_outputs("out/", store).format())
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from kroniek.batch.outputs import OutputDir
from kroniek.batch.tables import pairs_from_tables
from kroniek.model import Article, ArticleResult
from kroniek.store import IngestSummary, Store, ingest


def ingest_outputs(
    out: str,
    store: Store,
    names: Sequence[str] | None = None,
    *,
    batch_size: int = 250,
    on_batch: Callable[[IngestSummary], None] | None = None,
) -> IngestSummary:
    """Store the done partitions of the folder `out` (only `names`, in that order, if given)."""
    return ingest(_pairs(OutputDir(out), names), store, batch_size=batch_size, jobs=1, on_batch=on_batch)


def _pairs(outputs: OutputDir, names: Sequence[str] | None) -> Iterator[tuple[Article, ArticleResult]]:
    # Partitions in reading order (by input, then position), as a serial ingest would meet them:
    # which of two copies of one text is kept depends on it.
    order = names if names is not None else [m["partition"] for m in outputs.manifests()]
    for name in order:
        articles, events = outputs.read_tables(name)
        yield from pairs_from_tables(articles, events)
