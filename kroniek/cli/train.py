"""`kroniek train`: rebuild the learned event detector from hand-coded articles."""

from __future__ import annotations

from pathlib import Path

import click

from kroniek import evaluate as scoring

MODELS = Path(__file__).resolve().parent.parent / "models"


@click.command()
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option(
    "-o",
    "--out",
    type=click.Path(file_okay=False),
    default=str(MODELS),
    show_default=True,
    help="Folder to write detector.npz and its manifest detector.json into.",
)
@click.option(
    "--check",
    "checks",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="A gold file never trained on: the new model's scores on it are recorded in the manifest.",
)
@click.option(
    "--cv",
    type=click.IntRange(min=2),
    help="Also record K-fold cross-validated figures over GOLD in the manifest (takes minutes).",
)
def train(gold: tuple[str, ...], out: str, checks: tuple[str, ...], cv: int | None) -> None:
    """Fit the event detector on GOLD files (coded articles, CODEBOOK.md format) and write the model.

    Deterministic: the same files give the same model. Needs scikit-learn (the `train` extra).
    The check set is never trained on: a file named dev.jsonl is refused.
    """
    from kroniek.learn.crossval import cross_validate
    from kroniek.learn.train import SETTINGS, fit, manifest
    from kroniek.model import Article
    from kroniek.pipeline import extract_article

    if any(Path(p).name == "dev.jsonl" for p in gold):
        raise click.ClickException("dev.jsonl is the check set: train on other coded articles")
    try:
        records = [record for path in sorted(gold) for record in scoring.read_gold(path)]
    except scoring.GoldError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"training on {len(records)} articles from {len(gold)} files ...", err=True)
    detector = fit(records)
    facts = manifest([Path(p).name for p in sorted(gold)], records, SETTINGS)
    facts["checks"] = {}
    for path in checks:
        report = scoring.score_records(
            [
                extract_article(Article(str(a["id"]), a["text"], a.get("url")), detector).to_dict()
                for a in scoring.read_gold(path)
            ],
            scoring.read_gold(path),
        )
        facts["checks"][Path(path).name] = report.overall.to_dict()
        click.echo(f"{path}: core-event F1 {report.overall.f1:.3f}", err=True)
    if cv:
        click.echo(f"{cv}-fold cross-validation ...", err=True)
        report = cross_validate(records, cv)
        facts["cross_validated"] = {
            "folds": cv,
            "overall": report.overall.to_dict(),
            "by_language": {code: tally.to_dict() for code, tally in sorted(report.by_lang.items())},
        }
        click.echo(f"cross-validated core-event F1 {report.overall.f1:.3f}", err=True)
    folder = Path(out)
    detector.save(folder, facts)
    click.echo(f"wrote {folder / 'detector.npz'} ({len(detector.keys)} features)", err=True)
