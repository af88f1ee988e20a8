"""`kroniek eval`: score the extractor against a gold file."""

from __future__ import annotations

import json

import click

from kroniek import evaluate as scoring
from kroniek.evaluate_report import report_dict, report_text


@click.command(name="eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--predictions",
    type=click.Path(exists=True, dir_okay=False),
    help="Score this saved `kroniek extract` output (JSONL or JSON) instead of running the extractor.",
)
@click.option(
    "--cv",
    type=click.IntRange(min=2),
    help="K-fold cross-validation of the detector over GOLD: each fold coded by a model fit on the others.",
)
@click.option(
    "--fusion",
    is_flag=True,
    help="Score fusion: store GOLD's articles in a throwaway database and compare incidents with the "
    "gold `incident` labels pairwise.",
)
@click.option("--rules", is_flag=True, help="Score the trigger rules alone, without the learned detector.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--show-errors", is_flag=True, help="List misses, false alarms, field differences.")
def evaluate(
    gold: tuple[str, ...],
    predictions: str | None,
    cv: int | None,
    fusion: bool,
    rules: bool,
    as_json: bool,
    show_errors: bool,
) -> None:
    """Run the extractor on GOLD's articles (id, url, text only) and score it as devset/README.md defines.

    Several GOLD files are scored as one set (per language below the total).

    The headline figures come last, so `kroniek eval GOLD --show-errors | tail -n 20` shows them.
    A predictions file is matched to GOLD by article id; make it from the texts alone (a gold file's
    "lang" field would otherwise reach the extractor).
    """
    if predictions and len(gold) > 1:
        raise click.UsageError("--predictions scores one GOLD file")
    if fusion and (cv or predictions):
        raise click.UsageError("--fusion runs the extractor itself: no --cv or --predictions")
    try:
        if fusion:
            from kroniek.evaluate_fusion import evaluate_fusion

            records = [record for path in gold for record in scoring.read_gold(path)]
            click.echo(f"storing {len(records)} articles and scoring their incidents ...", err=True)
            report = evaluate_fusion(records, " ".join(gold), rules_only=rules)
        elif cv:
            from kroniek.learn.crossval import cross_validate

            records = [record for path in gold for record in scoring.read_gold(path)]
            click.echo(f"{cv}-fold cross-validation over {len(records)} articles ...", err=True)
            report = cross_validate(records, cv)
        elif len(gold) == 1:
            report = scoring.evaluate_file(gold[0], predictions, rules_only=rules)
        else:
            records = [record for path in gold for record in scoring.read_gold(path)]
            report = scoring.evaluate_records(records, " ".join(gold), rules_only=rules)
    except scoring.GoldError as exc:
        raise click.ClickException(str(exc)) from exc
    if isinstance(report, scoring.Report):  # scores of events; a fusion report lays itself out
        shown = report_dict(report, show_errors) if as_json else report_text(report, show_errors)
    else:
        shown = report.to_dict(show_errors) if as_json else report.format_text(show_errors)
    click.echo(json.dumps(shown, indent=2, ensure_ascii=False) if as_json else shown)
