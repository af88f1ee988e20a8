"""`kroniek extract`: code the events of articles and write them out."""

from __future__ import annotations

import sys

import click

from kroniek.budget import DEFAULT_SECONDS, TimeBudget
from kroniek.cli.progress import Progress
from kroniek.ingest import read_articles
from kroniek.model import InputError
from kroniek.parallel import AUTO_MIN_ARTICLES, extract_all
from kroniek.pipeline import extract_article
from kroniek.writers import FORMATS, ResultWriter

budget_option = click.option(
    "--time-budget",
    "time_budget",
    default=DEFAULT_SECONDS,
    show_default=True,
    type=click.FloatRange(min=0),
    help="Seconds of extraction per article; a slower article is reported as failed and the run goes on "
    "(0: no limit).",
)


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option(
    "-o",
    "--output",
    # atomic: written under a temporary name and renamed when complete, so a killed run leaves the
    # previous file, not a truncated one.
    type=click.File("w", encoding="utf-8", atomic=True),
    default="-",
    help="File to write (default stdout).",
)
@click.option(
    "-j",
    "--jobs",
    default=0,
    type=click.IntRange(min=0),
    help="Worker processes; 0 (the default): one per core when the input is large "
    f"({AUTO_MIN_ARTICLES}+ articles), 1: extract in this process. The output is the same either way.",
)
@budget_option
def extract(
    paths: tuple[str, ...], fmt: str, output: click.utils.LazyFile, jobs: int, time_budget: float
) -> None:
    """Code the events in PATHS: .txt files, .jsonl dumps, folders, or - for stdin.

    Writes one record per article, in input order: {"id", "lang", "doc_date", "doc_date_precision",
    "events": [...]}. Inputs that cannot be read or extracted are reported on stderr; the rest goes on,
    and the exit status is 1.
    """
    failures = 0
    writer = ResultWriter(output, fmt)
    progress = Progress("extract")
    # Passed from this module's namespace, so that `kroniek.cli.extract.extract_article` can be replaced.
    extractor = TimeBudget(extract_article, time_budget)
    for result in extract_all(read_articles(paths), jobs, extractor):
        if isinstance(result, InputError):
            # Said at once and not kept: an input that fails on every line costs no memory.
            failures += 1
            click.echo(f"kroniek: {result.source}: {result.message}", err=True)
            progress.advance(0, errors=failures)
            continue
        writer.write(result)
        progress.advance()
    progress.close()
    writer.close()
    if failures:
        click.echo(f"kroniek: {failures} input(s) failed, {writer.count} article(s) written", err=True)
        sys.exit(1)
