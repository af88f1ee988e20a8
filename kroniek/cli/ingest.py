"""`kroniek ingest`: extract articles and store them and their events; fuse incidents."""

from __future__ import annotations

import sys

import click

from kroniek.budget import TimeBudget
from kroniek.cli.extract import budget_option
from kroniek.cli.progress import Progress
from kroniek.cli.store_options import db_option, open_or_fail
from kroniek.ingest import read_articles
from kroniek.parallel import AUTO_MIN_ARTICLES
from kroniek.pipeline import extract_article
from kroniek.store import IngestSummary
from kroniek.store import ingest as ingest_articles


@click.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option(
    "--batch-size",
    default=250,
    show_default=True,
    type=click.IntRange(min=1),
    help="Articles per transaction: a killed run loses at most one batch of work.",
)
@click.option(
    "-j",
    "--jobs",
    default=0,
    type=click.IntRange(min=0),
    help="Extraction worker processes; 0 (the default): one per core when the input is large "
    f"({AUTO_MIN_ARTICLES}+ articles), 1: extract in this process.",
)
@budget_option
def ingest(paths: tuple[str, ...], db: str, batch_size: int, jobs: int, time_budget: float) -> None:
    """Extract the events of PATHS (.txt, .jsonl, folders, - for stdin) and store them in the database.

    Idempotent and resumable: articles already stored are skipped, an article whose text changed is
    replaced, and a killed run continues where it stopped when run again. Ends with a summary on stderr;
    the exit status is 1 when some input failed.
    """
    store = open_or_fail(db)
    progress = Progress("ingest")

    def on_batch(summary: IngestSummary) -> None:
        progress.advance(
            done=summary.read,
            errors=summary.failures,
            stored=summary.stored,
            skipped=sum(summary.skipped.values()),
        )

    with store:
        summary = ingest_articles(
            read_articles(paths),
            store,
            batch_size=batch_size,
            jobs=jobs,
            # From this module's namespace, so that `kroniek.cli.ingest.extract_article` can be replaced.
            extract=TimeBudget(extract_article, time_budget),
            on_batch=on_batch,
        )
    progress.close()
    click.echo(f"kroniek: {summary.format()}", err=True)
    if summary.failed:
        sys.exit(1)
