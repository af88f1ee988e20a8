"""Running partitions on a Dask cluster: an existing one (its scheduler address) or a LocalCluster.

Each partition is one task, `kroniek.batch.work.run_partition`; Dask places, runs and retries the
tasks (`retries`), kroniek only skips what is done and reports what failed. A task that still fails
after its retries (or whose worker kept dying) is listed with its error, and nothing of it is marked
done, so the next run tries it again: a partition is never silently dropped.

    >>> summary = run_batch(partitions, "out/", scheduler="tcp://scheduler:8786")  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from distributed import Client, LocalCluster, as_completed

from kroniek import __version__
from kroniek.batch.outputs import OutputDir
from kroniek.batch.partitions import Partition
from kroniek.batch.work import PartitionReport, run_partition
from kroniek.model import InputError
from kroniek.parallel import cores


class BatchError(RuntimeError):
    """The cluster cannot run kroniek: not reachable, workers without it or with another version."""


@dataclass
class BatchSummary:
    """What a batch run did; `format()` says it in one paragraph, `ok` whether anything failed."""

    reports: list[PartitionReport] = field(default_factory=list)  # done, now or before
    failed: list[tuple[str, str]] = field(default_factory=list)  # (partition, error) after retries
    input_errors: list[InputError] = field(default_factory=list)  # inputs that name nothing readable
    seconds: float = 0.0

    @property
    def article_failures(self) -> list[tuple[str, str]]:
        return [failure for report in self.reports for failure in report.failures]

    @property
    def ok(self) -> bool:
        return not (self.failed or self.input_errors or self.article_failures)

    def format(self, max_failures: int = 20) -> str:
        done_now = [r for r in self.reports if not r.skipped]
        articles = sum(r.articles for r in self.reports)
        rate = sum(r.articles for r in done_now) / self.seconds if done_now and self.seconds else 0.0
        lines = [
            f"{len(self.reports) + len(self.failed)} partition(s): {len(done_now)} done now, "
            f"{len(self.reports) - len(done_now)} already done, {len(self.failed)} failed; "
            f"{articles} article(s) read, {sum(r.extracted for r in self.reports)} extracted "
            f"({sum(r.events for r in self.reports)} events), {len(self.article_failures)} failed; "
            f"{self.seconds:.1f} s" + (f" ({rate:.0f} articles/s)" if rate else "")
        ]
        lines += [f"  failed partition: {name}: {error}" for name, error in self.failed]
        lines += [f"  failed: {e.source}: {e.message}" for e in self.input_errors]
        failures = self.article_failures
        lines += [f"  failed: {source}: {reason}" for source, reason in failures[:max_failures]]
        if len(failures) > max_failures:
            lines.append(f"  ... and {len(failures) - max_failures} more (see the manifests in done/)")
        return "\n".join(lines)


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client of the cluster at `scheduler`, or of a new LocalCluster of `workers` processes.

    Local workers get one thread each: extraction is pure Python, so threads would share one core.
    """
    if scheduler:
        try:
            client = Client(scheduler)
        except OSError as exc:  # a wrong address, or a scheduler that is down: distributed times out
            raise BatchError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from exc
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers or cores(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # any free port: several runs on one machine do not collide
            silence_logs=logging.CRITICAL,  # failed tasks are reported in the summary, once
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def check_workers(client: Client) -> None:
    """Raise BatchError unless every worker imports this version of kroniek."""
    try:
        found = client.run(_worker_version)
    except Exception as exc:  # the function cannot even be unpickled there: kroniek is missing
        raise BatchError(f"the workers cannot run kroniek ({type(exc).__name__}: {exc})") from exc
    other = {address: version for address, version in found.items() if version != __version__}
    if other:
        listed = ", ".join(f"{address} has {version}" for address, version in sorted(other.items()))
        raise BatchError(f"workers run another kroniek than this {__version__}: {listed}")


def run_batch(
    partitions: Sequence[Partition],
    out: str,
    *,
    client: Client | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    retries: int = 2,
    force: bool = False,
    on_partition: Callable[[PartitionReport | None], None] | None = None,
) -> BatchSummary:
    """Run every partition not done yet (all with `force`) and wait for all of them.

    On `client`, or else on a cluster opened for the run (`dask_client(scheduler, workers)`) only
    when there is work left: a finished run checked again starts nothing.
    """
    started = time.perf_counter()
    outputs = OutputDir(out)
    outputs.create()
    summary = BatchSummary()
    todo = []
    for part in partitions:
        manifest = None if force else outputs.manifest(part)
        if manifest is None:
            outputs.forget(part)
            todo.append(part)
        else:
            summary.reports.append(PartitionReport.from_manifest(manifest, skipped=True))
    if todo:
        with contextlib.ExitStack() as stack:
            if client is None:
                client = stack.enter_context(dask_client(scheduler, workers))
            check_workers(client)
            _submit_and_wait(client, todo, outputs.location, retries, summary, on_partition)
    order = {part.name: part.order for part in partitions}
    summary.reports.sort(key=lambda report: order[report.name])
    summary.seconds = time.perf_counter() - started
    return summary


def _submit_and_wait(
    client: Client,
    todo: Sequence[Partition],
    out: str,
    retries: int,
    summary: BatchSummary,
    on_partition: Callable[[PartitionReport | None], None] | None,
) -> None:
    run = uuid.uuid4().hex[:8]
    futures = {
        client.submit(
            run_partition, part, out, key=f"kroniek-{part.name}-{run}", retries=retries, pure=False
        ): part
        for part in todo
    }
    try:
        for future in as_completed(futures):
            part, status = futures[future], future.status
            report = future.result() if status == "finished" else None
            if report is not None:
                summary.reports.append(report)
            else:  # an error after the retries, or cancelled: say so, never drop it
                error = future.exception() if status == "error" else None
                reason = f"{type(error).__name__}: {error}" if error is not None else status
                summary.failed.append((_describe(part), reason))
            future.release()
            if on_partition is not None:
                on_partition(report)
    except BaseException:
        client.cancel(list(futures))
        raise


def _describe(part: Partition) -> str:
    if part.start == 0 and part.stop is None:
        return f"{part.label} [{part.name}]"
    unit = "rows" if part.kind == "parquet" else "lines"
    return f"{part.label} {unit} {part.start + 1}-{part.stop or 'end'} [{part.name}]"


def _worker_version() -> str:
    from kroniek import __version__ as version

    return version
