"""`kroniek eval`: score the extractor against a gold file."""

from __future__ import annotations

import json

import click

from kroniek import evaluate as scoring


@click.command(name="eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--show-errors", is_flag=True, help="List each article's misses and false alarms.")
def evaluate(gold: str, as_json: bool, show_errors: bool) -> None:
    """Run the extractor on GOLD's articles (id, url, text only) and score it as devset/README.md defines."""
    report = scoring.evaluate_file(gold)
    if as_json:
        click.echo(json.dumps(report.to_dict(show_errors=show_errors), indent=2, ensure_ascii=False))
    else:
        click.echo(report.format_text(show_errors=show_errors))
