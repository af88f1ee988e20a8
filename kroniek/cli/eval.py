"""`kroniek eval`: score the extractor against a gold file."""

from __future__ import annotations

import json

import click

from kroniek import evaluate as scoring


@click.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--predictions",
    type=click.Path(exists=True, dir_okay=False),
    help="Score this saved `kroniek extract` output (JSONL or JSON) instead of running the extractor.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--show-errors", is_flag=True, help="List misses, false alarms, field differences.")
def evaluate(gold: str, predictions: str | None, as_json: bool, show_errors: bool) -> None:
    """Run the extractor on GOLD's articles (id, url, text only) and score it as devset/README.md defines.

    The headline figures come last, so `kroniek eval GOLD --show-errors | tail -n 20` shows them.
    A predictions file is matched to GOLD by article id; make it from the texts alone (a gold file's
    "lang" field would otherwise reach the extractor).
    """
    try:
        report = scoring.evaluate_file(gold, predictions)
    except scoring.GoldError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(json.dumps(report.to_dict(show_errors=show_errors), indent=2, ensure_ascii=False))
    else:
        click.echo(report.format_text(show_errors=show_errors))
