"""`kroniek ingest / events / show / export` through click, with the story codings as the extractor.

The extractor is replaced by the stories' hand codings (story.toml), so these tests check storing,
skipping, replacing, querying and exporting whatever the extractor's quality today.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import storekit
from click.testing import CliRunner
from storekit import load_stories, snapshot, story_result

from kroniek.cli import cli
from kroniek.model import Article, ArticleResult
from kroniek.store import ingest, open_store

STORIES = load_stories()
pg_url = storekit.pg_url  # a fresh PostgreSQL database (skips without TEST_PG_DSN)
BY_TEXT = {item.article.text: item for item in STORIES}


def fake_extract(article: Article) -> ArticleResult:
    if "EXPLODE" in article.text:
        raise ValueError("cannot parse this")
    item = BY_TEXT.get(article.text)
    if item is None:
        return ArticleResult(article.id, "und", None, ())
    result = story_result(item)
    return ArticleResult(article.id, result.lang, result.doc_date, result.events)


@pytest.fixture(autouse=True)
def _coded_extractor(monkeypatch) -> None:
    monkeypatch.setattr("kroniek.cli.ingest.extract_article", fake_extract)


def write_jsonl(path: Path, records: list[dict]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return str(path)


def story_records() -> list[dict]:
    return [{"id": item.article.id, "text": item.article.text} for item in STORIES]


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_ingest_cli_stores_then_skips_everything(tmp_path) -> None:
    src, db = write_jsonl(tmp_path / "a.jsonl", story_records()), str(tmp_path / "k.db")
    first = run("ingest", src, "--db", db)
    assert first.exit_code == 0, first.output
    assert f"read {len(STORIES)}, stored {len(STORIES)} (0 replaced" in first.output
    with open_store(db) as store:
        before = snapshot(store)
    second = run("ingest", src, "--db", db)
    assert second.exit_code == 0
    assert "stored 0 " in second.output and f"skipped {len(STORIES)}: already stored" in second.output
    with open_store(db) as store:
        assert snapshot(store) == before


def test_ingest_cli_replaces_changed_and_skips_copies(tmp_path) -> None:
    db = str(tmp_path / "k.db")
    records = story_records()
    run("ingest", write_jsonl(tmp_path / "a.jsonl", records), "--db", db)
    changed = dict(records[0], text=records[0]["text"] + "\nUpdate: no further incidents overnight.")
    copy = dict(records[1], id="syndicated-copy")
    result = run("ingest", write_jsonl(tmp_path / "b.jsonl", [changed, copy]), "--db", db)
    assert "stored 1 (1 replaced" in result.output
    assert "skipped 1: same text as another article" in result.output
    with open_store(db) as store:
        assert store.counts()["articles"] == len(STORIES)
        assert store.article_text(changed["id"]).endswith("overnight.")


def test_ingest_cli_reports_failures_and_goes_on(tmp_path) -> None:
    records = [*story_records()[:3], {"id": "bad", "text": "EXPLODE"}]
    src = write_jsonl(tmp_path / "a.jsonl", records)
    (tmp_path / "broken.jsonl").write_text('{"id": "x", "text": 3}\nnot json\n', encoding="utf-8")
    inputs = [src, str(tmp_path / "broken.jsonl"), str(tmp_path / "missing")]
    result = CliRunner().invoke(cli, ["ingest", *inputs, "--db", str(tmp_path / "k.db")])
    assert result.exit_code == 1
    assert "stored 3 " in result.output and "failed 4" in result.output
    assert "extraction failed: ValueError: cannot parse this" in result.output
    assert "no such file or folder" in result.output and "invalid JSON" in result.output


def test_ingest_cli_parallel_jobs_give_the_same_database(tmp_path) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", story_records())
    snaps = []
    for jobs in ("1", "2"):
        db = str(tmp_path / f"k{jobs}.db")
        result = run("ingest", src, "--db", db, "--jobs", jobs, "--batch-size", "4")
        assert result.exit_code == 0, result.output
        with open_store(db) as store:
            snaps.append(snapshot(store))
    assert snaps[0] == snaps[1]


@pytest.fixture
def db(tmp_path) -> str:
    path = str(tmp_path / "k.db")
    with open_store(path) as store:
        ingest([item.article for item in STORIES], store, extract=fake_extract)
    return path


@pytest.mark.parametrize(
    ("args", "places"),
    [
        (["--country", "NL"], {"Rotterdam", "Eindhoven"}),
        (["--country", "FRA", "--type", "peaceful_protest"], {"Lyon"}),
        (["--type", "riots", "--from", "2023-03-01", "--to", "2023-03"], {"Rotterdam", "Eindhoven"}),
        (["--text", "ambulances"], {"Mogadishu"}),
        (["--from", "2025-01-01"], set()),
    ],
)
def test_ingest_cli_events_filters(db: str, args: list[str], places: set[str]) -> None:
    result = run("events", "--db", db, "--json", *args)
    assert result.exit_code == 0, result.output
    found = {
        json.loads(line)["location"]["name"] for line in result.output.splitlines() if line.startswith("{")
    }
    assert found == places


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--country", "Atlantis"], "unknown country"),
        (["--type", "football"], "unknown type"),
        (["--from", "yesterday"], "not a date"),
    ],
)
def test_ingest_cli_events_rejects_bad_filters(db: str, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["events", "--db", db, *args])
    assert result.exit_code == 2
    assert message in result.output


def test_ingest_cli_show_prints_fields_sources_and_evidence(db: str) -> None:
    listing = run("events", "--db", db, "--country", "SO")
    incident_id = listing.output.split()[0]
    shown = run("show", incident_id, "--db", db)
    assert shown.exit_code == 0
    text = shown.output
    assert f"Incident {incident_id}" in text and "SOM" in text
    assert "remote_explosive_landmine_ied" in text and "2024-05-18 .. 2024-05-18  (day)" in text
    assert "12  (reports: 12-18, lowest kept)" in text
    assert "Sources (5 articles)" in text and "merged by: founding report" in text
    assert '"Car bomb kills at least 12 near busy restaurant in Mogadishu"' in text
    missing = CliRunner().invoke(cli, ["show", "000000000000", "--db", db])
    assert missing.exit_code == 1 and "no incident" in missing.output


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "geojson", "parquet"])
def test_ingest_cli_export_writes_each_format(db: str, tmp_path, fmt: str) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / f"out.{fmt}"
    result = run("export", "--db", db, "--format", fmt, "--country", "NL", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "2 incident(s) written" in result.output
    assert out.stat().st_size > 0


def test_ingest_cli_export_to_stdout_and_parquet_needs_a_file(db: str) -> None:
    result = run("export", "--db", db, "--type", "protests")
    assert result.stdout.splitlines()[0].startswith("event_id_cnty,event_date,year,time_precision")
    refused = CliRunner().invoke(cli, ["export", "--db", db, "--format", "parquet"])
    assert refused.exit_code == 2 and "-o" in refused.output


def test_ingest_cli_postgres_round_trip(pg_url: str, tmp_path) -> None:
    src = write_jsonl(tmp_path / "a.jsonl", story_records())
    assert run("ingest", src, "--db", pg_url).exit_code == 0
    again = run("ingest", src, "--db", pg_url)
    assert f"skipped {len(STORIES)}: already stored" in again.output
    found = run("events", "--db", pg_url, "--text", "Mogadiscio", "--json")
    assert [json.loads(line)["location"]["name"] for line in found.stdout.splitlines()] == ["Mogadishu"]
    out = tmp_path / "pg.geojson"
    assert run("export", "--db", pg_url, "-o", str(out)).exit_code == 0
    assert len(json.loads(out.read_text())["features"]) == len({i.story for i in STORIES})
