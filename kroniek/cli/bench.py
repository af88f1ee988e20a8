"""`kroniek bench`: time the extractor on a set of articles (see bench/README.md)."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence

import click

from kroniek import benchmark


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-n",
    "--articles",
    "min_articles",
    default=4000,
    show_default=True,
    help="Repeat the texts to at least this many.",
)
@click.option("--no-cold", is_flag=True, help="Skip timing a fresh process to its first result.")
@click.option(
    "--no-first-sight", is_flag=True, help="Skip coding each distinct text once in fresh processes."
)
@click.option(
    "--save", type=click.Path(dir_okay=False), help="Append the figures as one JSON line to this file."
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON instead of a summary.")
def bench(
    paths: tuple[str, ...],
    min_articles: int,
    no_cold: bool,
    no_first_sight: bool,
    save: str | None,
    as_json: bool,
) -> None:
    """Time the full extraction over PATHS (.txt, .jsonl, folders), one process, one core.

    Reports articles/s, median and p95 per-article time, peak RSS, the time a fresh process
    needs for its first result, and the ratio to a bare `\\w+` tokenising pass over the same texts;
    then the same at first sight: each distinct text coded once in a fresh process (with and
    without the learned detector, and stage by stage).
    Only id, url and text of each input reach the extractor. Exits 130 after printing partial
    figures when interrupted.
    """
    sys.exit(run(paths, min_articles, cold=not no_cold, save=save, as_json=as_json, first=not no_first_sight))


def run(
    paths: Sequence[str], min_articles: int, cold: bool, save: str | None, as_json: bool, first: bool = True
) -> int:
    """Benchmark, print and (if `save`) append a results line; returns the exit status."""
    articles, failures = benchmark.load_articles(paths)
    for failure in failures[:5]:
        click.echo(f"kroniek bench: {failure.source}: {failure.message}", err=True)
    if not articles:
        click.echo(f"kroniek bench: no articles read from {', '.join(paths)}", err=True)
        return 2
    progress = _progress if sys.stderr.isatty() else None
    try:
        result = benchmark.run_benchmark(articles, min_articles, cold=cold, progress=progress)
    except KeyboardInterrupt:  # before any figure was taken (the timed loop handles its own)
        click.echo("kroniek bench: interrupted", err=True)
        return 130
    if progress:
        click.echo("\r" + " " * 40 + "\r", nl=False, err=True)
    if first and not result["partial"]:
        from kroniek.firstsight import first_sight

        try:
            result.update(first_sight(paths))
        except (RuntimeError, OSError, ValueError) as exc:
            result["first_sight_note"] = str(exc)
        except KeyboardInterrupt:
            result.update(first_sight_note="interrupted", partial=True)
    line = benchmark.record(result, paths)
    click.echo(json.dumps(line, indent=2, ensure_ascii=False) if as_json else benchmark.format_summary(line))
    if save:
        try:
            benchmark.append_record(line, save)
        except OSError as exc:
            click.echo(f"kroniek bench: could not save to {save}: {exc.strerror or exc}", err=True)
        else:
            if not as_json:
                click.echo(f"  saved to        {save}")
    return 130 if result["partial"] else 0


def _progress(message: str) -> None:
    click.echo(f"\r  {message}", nl=False, err=True)
