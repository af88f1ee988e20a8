"""`kroniek extract`: code the events of articles and write them out."""

from __future__ import annotations

import sys

import click

from kroniek.cli.progress import Progress
from kroniek.ingest import read_articles
from kroniek.model import InputError
from kroniek.parallel import AUTO_MIN_ARTICLES, extract_all
from kroniek.pipeline import extract_article
from kroniek.writers import FORMATS, ResultWriter


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.File("w", encoding="utf-8"),
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
def extract(paths: tuple[str, ...], fmt: str, output: click.utils.LazyFile, jobs: int) -> None:
    """Code the events in PATHS: .txt files, .jsonl dumps, folders, or - for stdin.

    Writes one record per article, in input order: {"id", "lang", "doc_date", "doc_date_precision",
    "events": [...]}. Inputs that cannot be read or extracted are reported on stderr; the rest goes on,
    and the exit status is 1.
    """
    failures: list[InputError] = []
    writer = ResultWriter(output, fmt)
    progress = Progress("extract")
    # Passed from this module's namespace, so that `kroniek.cli.extract.extract_article` can be replaced.
    for result in extract_all(read_articles(paths), jobs, extract_article):
        if isinstance(result, InputError):
            failures.append(result)
            progress.advance(0, errors=len(failures))
            continue
        writer.write(result)
        progress.advance()
    progress.close()
    writer.close()
    for failure in failures:
        click.echo(f"kroniek: {failure.source}: {failure.message}", err=True)
    if failures:
        click.echo(f"kroniek: {len(failures)} input(s) failed, {writer.count} article(s) written", err=True)
        sys.exit(1)
