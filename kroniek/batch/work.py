"""One partition's work, as a Dask worker (or any process) does it: read, extract, write, mark done.

Extraction is `kroniek.pipeline.extract_article`, the function every other path uses. An article it
raises on is recorded in the manifest as failed ("extract") and not written; like `kroniek ingest`,
which tries such an article again on its next run, the next batch run does such a partition again.
Lines that cannot be read are recorded too ("read"); they stay failed until the input changes. A
file that cannot be read at all raises, so that Dask retries the task and the run reports it;
nothing is marked done then.
"""

from __future__ import annotations

import datetime as dt
import socket
import time
from dataclasses import dataclass

from kroniek import __version__
from kroniek.batch.outputs import OutputDir
from kroniek.batch.partitions import Partition, read_partition
from kroniek.batch.tables import articles_table, events_table
from kroniek.model import Article, ArticleResult, InputError
from kroniek.parallel import extract_safely


@dataclass(frozen=True, slots=True)
class PartitionReport:
    """What one partition held: articles read, extracted, events, and the failures (source, reason)."""

    name: str
    articles: int
    extracted: int
    events: int
    failures: tuple[tuple[str, str], ...]
    seconds: float = 0.0
    skipped: bool = False  # done by an earlier run

    @classmethod
    def from_manifest(cls, manifest: dict, skipped: bool = False) -> PartitionReport:
        return cls(
            manifest["partition"],
            manifest["articles"],
            manifest["extracted"],
            manifest["events"],
            tuple((f["source"], f["message"]) for f in manifest["failures"]),
            manifest["seconds"],
            skipped,
        )


def run_partition(part: Partition, out: str) -> PartitionReport:
    """Extract the articles of `part` and write its tables and manifest into the folder `out`."""
    from kroniek.pipeline import extract_article  # the one per-article function, imported on the worker

    started = time.perf_counter()
    pairs: list[tuple[Article, ArticleResult]] = []
    failures: list[dict[str, str]] = []
    read = 0
    for item in read_partition(part):
        read += 1
        if isinstance(item, InputError):
            failures.append({"kind": "read", "source": item.source, "message": item.message})
            continue
        result = extract_safely(extract_article, item)
        if isinstance(result, InputError):
            failures.append({"kind": "extract", "source": result.source, "message": result.message})
        else:
            pairs.append((item, result))
    outputs = OutputDir(out)
    outputs.create()  # cheap, and a worker may be the first to write into a fresh folder
    outputs.write_tables(part.name, articles_table(pairs), events_table(pairs))
    seconds = time.perf_counter() - started
    manifest = {
        "partition": part.name,
        "input": part.label,
        "url": part.url,
        "start": part.start,
        "stop": part.stop,
        "fingerprint": part.fingerprint,
        "articles": read,
        "extracted": len(pairs),
        "events": sum(len(result.events) for _, result in pairs),
        "failures": failures,
        "seconds": round(seconds, 3),
        "kroniek": __version__,
        "host": socket.gethostname(),
        "finished": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    outputs.write_manifest(manifest)  # last: only now does the partition count as done
    return PartitionReport.from_manifest(manifest)
