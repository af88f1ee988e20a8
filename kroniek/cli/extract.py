"""`kroniek extract`: code the events of articles and write them out."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import click
from tqdm import tqdm

from kroniek.ingest import read_articles
from kroniek.model import ArticleResult, InputError
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
def extract(paths: tuple[str, ...], fmt: str, output: click.utils.LazyFile) -> None:
    """Code the events in PATHS: .txt files, .jsonl dumps, folders, or - for stdin.

    Writes one record per article: {"id", "lang", "doc_date", "doc_date_precision", "events": [...]}.
    Inputs that cannot be read are reported on stderr; the rest goes on, and the exit status is 1.
    """
    failures: list[InputError] = []
    writer = ResultWriter(output, fmt)
    progress = tqdm(unit=" articles", desc="extract", disable=None, file=sys.stderr)
    for result in _results(paths, failures):
        writer.write(result)
        progress.update()
    progress.close()
    writer.close()
    for failure in failures:
        click.echo(f"kroniek: {failure.source}: {failure.message}", err=True)
    if failures:
        click.echo(f"kroniek: {len(failures)} input(s) failed, {writer.count} article(s) written", err=True)
        sys.exit(1)


def _results(paths: tuple[str, ...], failures: list[InputError]) -> Iterator[ArticleResult]:
    for item in read_articles(paths):
        if isinstance(item, InputError):
            failures.append(item)
        else:
            yield extract_article(item)
