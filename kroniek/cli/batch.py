"""`kroniek batch`: extract partitions of an archive on a Dask cluster, then (optionally) store them."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from kroniek.cli.progress import Progress
from kroniek.cli.store_options import open_or_fail

if TYPE_CHECKING:  # the dask extra is imported only when the command runs
    from kroniek.batch import BatchSummary


@click.command()
@click.argument("inputs", nargs=-1)
@click.option(
    "--out",
    required=True,
    metavar="DIR",
    help="Output folder or fsspec URL: events/, articles/ (Parquet) and done/ (manifests) per partition.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    envvar="DASK_SCHEDULER_ADDRESS",
    help="Dask scheduler of an existing cluster (tcp://host:8786); default: a LocalCluster on this machine.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="Worker processes of the LocalCluster (default: one per core); ignored with --scheduler.",
)
@click.option(
    "--split",
    type=click.IntRange(min=1),
    metavar="N",
    help="Partitions of N articles (Parquet, uncompressed JSONL); default: one partition per file.",
)
@click.option(
    "--retries",
    default=2,
    show_default=True,
    type=click.IntRange(min=0),
    help="Times Dask runs a failed partition again before it is reported as failed.",
)
@click.option("--force", is_flag=True, help="Run every partition again, also those already done.")
@click.option(
    "--db",
    metavar="URL",
    help="Then store the events in this database (SQLite path or postgresql://...) as `ingest` does.",
)
@click.option(
    "--batch-size",
    default=250,
    show_default=True,
    type=click.IntRange(min=1),
    help="Articles per transaction when storing (--db).",
)
def batch(
    inputs: tuple[str, ...],
    out: str,
    scheduler: str | None,
    workers: int | None,
    split: int | None,
    retries: int,
    force: bool,
    db: str | None,
    batch_size: int,
) -> None:
    """Extract the articles of INPUTS on a Dask cluster: one task per partition, Parquet out.

    INPUTS are JSONL, JSONL.gz, Parquet (columns id, text, url, date, lang) or WARC files, folders or globs,
    local or fsspec URLs (s3://...). A partition is a file, or N articles of one with --split. Each
    writes DIR/events/<partition>.parquet (one row per event), DIR/articles/<partition>.parquet, and
    last DIR/done/<partition>.json. Re-running skips partitions done from the same input; a partition
    that keeps failing is reported, and the exit status is 1 when anything failed.

    With --db the results are then stored as `kroniek ingest` stores them (same skipping and fusion).
    Without INPUTS, `--out DIR --db URL` stores what DIR holds. See docs/scale.md.
    """
    if not inputs and not db:
        raise click.UsageError("give INPUTS to extract, or --db to store what --out holds")
    try:
        from kroniek import batch as batching
    except ImportError as exc:
        raise click.ClickException(
            f"kroniek batch needs the dask extra ({exc.name} is missing): pip install 'kroniek[dask]'"
        ) from exc

    if inputs:
        summary = _run(inputs, out, scheduler, workers, split, retries, force)
    else:
        summary = batching.BatchSummary(
            [batching.PartitionReport.from_manifest(m, True) for m in batching.OutputDir(out).manifests()]
        )
    click.echo(f"kroniek: {summary.format()}", err=True)
    failed = not summary.ok
    if db:
        with open_or_fail(db) as store:
            progress = Progress("batch store")
            stored = batching.ingest_outputs(
                out,
                store,
                [report.name for report in summary.reports],
                batch_size=batch_size,
                on_batch=lambda s: progress.advance(done=s.read, errors=len(s.failed), stored=s.stored),
            )
            progress.close()
        click.echo(f"kroniek: stored: {stored.format()}", err=True)
        failed = failed or bool(stored.failed)
    if failed:
        sys.exit(1)


def _run(
    inputs: tuple[str, ...],
    out: str,
    scheduler: str | None,
    workers: int | None,
    split: int | None,
    retries: int,
    force: bool,
) -> BatchSummary:
    from kroniek import batch as b

    partitions, errors = b.plan_partitions(inputs, split)
    progress = Progress("batch", "partitions", total=len(partitions))
    try:
        summary = b.run_batch(
            partitions,
            out,
            scheduler=scheduler,
            workers=workers,
            retries=retries,
            force=force,
            on_partition=lambda _: progress.advance(),
        )
    except (b.BatchError, OSError) as exc:  # no cluster, or the output folder cannot be written
        raise click.ClickException(str(exc)) from exc
    finally:
        progress.close()
    summary.input_errors += errors
    return summary
