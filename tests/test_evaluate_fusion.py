"""Fusion scoring: pairs of gold events across articles, binned by where the system lost them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from storekit import event, place

from kroniek.cli import cli
from kroniek.evaluate_fusion import score_fusion
from kroniek.model import ArticleResult
from kroniek.store.rows import event_id

ROTTERDAM = place("Rotterdam", "NL", 51.9225, 4.47917, admin1="South Holland", gid=2747891)
DEVSET = Path(__file__).resolve().parents[2] / "shared" / "devset" / "fusion" / "fusion-dev.jsonl"


def gold(article: str, *events: tuple[str, str, bool]) -> dict[str, object]:
    """A gold article with (date, incident label, core) events, all riots in Rotterdam."""
    return {
        "id": article,
        "events": [
            {"core": core, "event_type": "riots", "date": day, "date_precision": "day", "country": "NL",
             "location": "Rotterdam", "incident": label}
            for day, label, core in events
        ],
    }  # fmt: skip


def result(article: str, *days: str) -> ArticleResult:
    return ArticleResult(
        article, "nl", None, tuple(event("riots", "violent_demonstration", d, ROTTERDAM) for d in days)
    )


def test_fusion_score_bins_every_pair() -> None:
    articles = [
        gold("a", ("2023-03-11", "R1", True), ("2023-03-12", "R2", True)),
        gold("b", ("2023-03-11", "R1", True), ("2023-03-12", "R2", True)),
        gold("c", ("2023-03-11", "R1", True), ("2023-03-12", "R2", False)),
    ]
    results = [
        result("a", "2023-03-11", "2023-03-12"),
        result("b", "2023-03-11", "2023-03-12"),
        result("c", "2023-03-11"),
    ]
    incident_of = {
        event_id("a", 0): "i1", event_id("b", 0): "i1",  # R1 a-b fused
        event_id("c", 0): "i3",  # R1 c apart from a and b: extracted, not fused
        event_id("a", 1): "i2", event_id("b", 1): "i1",  # R2 a-b apart, and b's R2 fused into R1 wrongly
    }  # fmt: skip
    report = score_fusion(articles, results, incident_of, "test")
    figures = report.figures()
    # Gold pairs (core-core, one label, two articles): R1 a-b, a-c, b-c and R2 a-b (c's R2 is optional).
    assert figures["gold_pairs"] == 4
    assert (figures["fused"], figures["not_fused"], figures["not_extracted"]) == (1, 3, 0)
    # Fused pairs: R1 a-b right; b's R2 with a's R1 and with b's... (same article: not a pair) -> 1 wrong.
    assert figures["fused_wrongly"] == 1
    assert figures["precision"] == pytest.approx(0.5)
    assert figures["recall"] == pytest.approx(0.25)
    assert figures["near_miss_merges"] == 0  # R1 and R2 are one story's labels


def test_fusion_score_counts_a_missed_side_as_not_extracted() -> None:
    articles = [gold("a", ("2023-03-11", "R1", True)), gold("b", ("2023-03-11", "R1", True))]
    results = [result("a", "2023-03-11"), result("b")]
    report = score_fusion(articles, results, {event_id("a", 0): "i1"}, "test")
    assert report.figures()["not_extracted"] == 1
    assert report.figures()["fused_share_of_extracted"] is None
    assert "not extracted: R1 in a / R1 in b" in report.format_text(show_errors=True)


@pytest.mark.skipif(not DEVSET.exists(), reason="needs ../shared/devset")
def test_fusion_eval_command_scores_the_fusion_devset() -> None:
    out = CliRunner().invoke(cli, ["eval", "--fusion", "--json", str(DEVSET)])
    assert out.exit_code == 0, out.output
    figures = json.loads(out.stdout)
    assert figures["gold_pairs"] == 90
    assert figures["fused"] + figures["not_fused"] + figures["not_extracted"] == 90
    # Floors for the current extractor and fuser (issue 11 targets 0.95 and 95%).
    assert figures["precision"] >= 0.9
    assert figures["near_miss_merges"] == 0
