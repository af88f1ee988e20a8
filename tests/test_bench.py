"""The benchmark's output shape and its behaviour on odd runs; no timing is asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kroniek import benchmark, firstsight, pipeline
from kroniek.cli import cli
from kroniek.model import Article, ArticleResult
from kroniek.stages import langid

REPO = Path(__file__).parents[1]

TEXTS = [
    "Bij een schietpartij in Rotterdam is zondagavond een man om het leven gekomen. De daders zijn gevlucht.",
    "Police fired tear gas at protesters in Nairobi on Tuesday after a march against rising food prices.",
]
FIGURES = (
    "articles", "distinct_articles", "chars_mean", "articles_per_s", "median_ms", "p95_ms",
    "ms_per_1500_chars", "floor_articles_per_s", "extract_to_floor", "events", "errors", "peak_rss_mb",
    "partial", "stages_ms", "first_result_s", "import_s", "first_article_s",
)  # fmt: skip


@pytest.fixture
def articles() -> list[Article]:
    return [Article(id=f"t{i}", text=text) for i, text in enumerate(TEXTS)]


@pytest.fixture
def input_file(tmp_path: Path) -> Path:
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps({"id": f"t{i}", "text": t}) + "\n" for i, t in enumerate(TEXTS)))
    return path


def test_bench_result_shape(articles: list[Article]) -> None:
    result = benchmark.run_benchmark(articles, min_articles=5, cold=False)
    assert set(FIGURES) <= set(result)
    assert (result["articles"], result["distinct_articles"], result["errors"]) == (6, 2, 0)  # whole rounds
    assert result["partial"] is False
    assert result["median_ms"] > 0 and result["p95_ms"] >= result["median_ms"]
    assert result["extract_to_floor"] > 0
    assert "(total)" in result["stages_ms"]
    assert result["first_result_s"] is None and result["cold_note"] == "skipped"


def test_bench_stage_calls_follow_the_pipeline(articles: list[Article]) -> None:
    calls = {f"{module.__name__}.{name}" for module, name in benchmark._stage_calls(pipeline)}
    assert {"kroniek.stages.langid.detect_language", "kroniek.stages.events.find_events"} <= calls
    original = langid.detect_language
    timings = benchmark.stage_breakdown(articles)
    assert "langid.detect_language" in timings
    assert langid.detect_language is original  # the timers are removed again


def test_bench_counts_failing_articles(articles: list[Article], monkeypatch: pytest.MonkeyPatch) -> None:
    real = pipeline.extract_article

    def flaky(article: Article) -> ArticleResult:
        if article.id == "t1":
            raise ValueError("broken stage")
        return real(article)

    monkeypatch.setattr(pipeline, "extract_article", flaky)
    result = benchmark.run_benchmark(articles, min_articles=4, cold=False)
    assert (result["articles"], result["errors"]) == (2, 2)
    assert result["first_error"] == "t1: ValueError: broken stage"


def test_bench_interrupted_run_is_partial(articles: list[Article], monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def interrupted(article: Article) -> ArticleResult:
        calls.append(article.id)
        if len(calls) == len(articles) + 4:  # after the warm-up and three timed articles
            raise KeyboardInterrupt
        return ArticleResult(article.id, "nl", None, ())

    monkeypatch.setattr(pipeline, "extract_article", interrupted)
    result = benchmark.run_benchmark(articles, min_articles=100, cold=True)
    assert result["partial"] is True
    assert result["articles"] == 3
    assert result["first_result_s"] is None and result["stages_ms"] is None
    assert "partial" in benchmark.format_summary(benchmark.record(result, ["x"]))


@pytest.mark.slow  # a fresh interpreter loads the language models
def test_bench_cold_start_in_a_fresh_process() -> None:
    figures = benchmark.cold_start(TEXTS[1], runs=1)
    assert figures["cold_note"] is None, figures
    assert figures["first_result_s"] >= figures["import_s"] + figures["first_article_s"] > 0


def test_bench_cli_appends_a_results_line(input_file: Path, tmp_path: Path) -> None:
    results = tmp_path / "results.jsonl"
    for _ in range(2):
        outcome = CliRunner().invoke(
            cli, ["bench", str(input_file), "-n", "4", "--no-cold", "--save", str(results)]
        )
        assert outcome.exit_code == 0, outcome.output
    assert outcome.output.startswith("kroniek bench: 4 articles (2 distinct")
    assert "extract / floor" in outcome.output
    lines = [json.loads(line) for line in results.read_text().splitlines()]
    assert len(lines) == 2
    assert {"date", "commit", "dirty", "machine", "input", *FIGURES} <= set(lines[0])
    assert {"platform", "cpu", "cores", "python"} <= set(lines[0]["machine"])


def test_bench_first_sight_codes_each_distinct_text_once(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    twice = [*TEXTS, TEXTS[0]]  # a repeated text is coded once
    path.write_text("".join(json.dumps({"id": f"t{i}", "text": t}) + "\n" for i, t in enumerate(twice)))
    figures = firstsight.first_sight([str(path)])
    full, rules = figures["first_sight"], figures["first_sight_rules"]
    assert (full["distinct_articles"], full["articles"], rules["articles"]) == (2, 2, 2)
    assert (full["mode"], rules["mode"]) == ("full", "rules")
    assert full["median_ms"] > 0 and full["first_to_warm"] > 0 and full["peak_rss_mb"] > 0
    stages = figures["first_sight_stages_ms"]
    assert {"(total)", "events.scan_mentions", "places.find_places", "sentence_features"} <= set(stages)
    summary = benchmark.format_summary({**figures, "machine": benchmark.machine()})
    assert "first sight     2 distinct texts" in summary


def test_bench_cli_without_articles(tmp_path: Path) -> None:
    outcome = CliRunner().invoke(cli, ["bench", str(tmp_path / "missing.jsonl")])
    assert outcome.exit_code == 2
    assert "no articles read" in outcome.output


@pytest.mark.slow
def test_bench_script_runs(input_file: Path, tmp_path: Path) -> None:
    results = tmp_path / "results.jsonl"
    args = ["--input", str(input_file), "-n", "3", "--no-cold", "--results", str(results), "--json"]
    done = subprocess.run(
        [sys.executable, str(REPO / "bench/run.py"), *args], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed["articles"] == 4
    assert json.loads(results.read_text()) == printed
