"""`kroniek batch` on WARC files: a real 2-worker Dask LocalCluster gives the events of a plain run."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytest.importorskip("warcio")
pytest.importorskip("trafilatura")

from click.testing import CliRunner
from distributed import Client, LocalCluster
from pagekit import clean_article, regional_page, warc_bytes, wire_page
from scalekit import DEV_SET

from kroniek.batch import OutputDir, plan_partitions, run_batch
from kroniek.batch.tables import pairs_from_tables
from kroniek.cli import cli
from kroniek.ingest import read_articles
from kroniek.model import ArticleResult
from kroniek.parallel import extract_all

_HEADER = re.compile(r"^\s*date \d{4}-\d{2}(-\d{2})?\s*")


def _fixture_pages() -> list[tuple[str, bytes, str]]:
    pages = []
    for name, layout, published in [
        ("en-market-bombing", wire_page, "2024-03-12T09:30:00+03:00"),
        ("nl-rellen-utrecht", regional_page, "2024-03-09"),
    ]:
        title, paragraphs = clean_article(name)
        url = f"https://outlet.example/{name}"
        pages.append((url, layout(title, paragraphs, url=url, published=published).encode(), "text/html"))
    return pages


def _dev_pages(limit: int = 12) -> list[tuple[str, bytes, str]]:
    """Dev set articles laid out as outlet pages (the fixtures again, under other urls, without it)."""
    if not DEV_SET.is_file():
        return [(url + "-again", body, kind) for url, body, kind in _fixture_pages()]
    pages = []
    for line in DEV_SET.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        blocks = [" ".join(b.split()) for b in _HEADER.sub("", record["text"]).split("\n\n") if b.strip()]
        if len(blocks) >= 2 and len(pages) < limit:
            url = f"https://outlet.example/{record['id']}"
            page = wire_page(blocks[0], blocks[1:], url=url, published=record.get("doc_date"))
            pages.append((url, page.encode(), "text/html; charset=utf-8"))
    return pages


def _results(pairs) -> dict[str, tuple]:
    return {article.id: (article, result) for article, result in pairs}


def test_batch_on_two_warc_files_gives_the_events_of_a_plain_run(tmp_path: Path) -> None:
    first, second = tmp_path / "crawl-1.warc.gz", tmp_path / "crawl-2.warc"
    first.write_bytes(warc_bytes(_fixture_pages()))
    second.write_bytes(warc_bytes(_dev_pages(), gzip=False))
    parts, errors = plan_partitions([str(first), str(second)], split=1)  # WARCs stay whole
    assert not errors and [p.kind for p in parts] == ["warc", "warc"]

    items = list(read_articles([str(first), str(second)]))
    expected = {}
    for item, result in zip(items, extract_all(items, jobs=1), strict=True):
        assert isinstance(result, ArticleResult)
        expected[item.id] = (item, result)
    assert sum(len(result.events) for _, result in expected.values()) >= 3

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster,
        Client(cluster) as client,
    ):
        summary = run_batch(parts, str(tmp_path / "out"), client=client)
        assert not summary.failed and not summary.article_failures
        folder = OutputDir(str(tmp_path / "out"))
        found = {}
        for manifest in folder.manifests():
            found.update(_results(pairs_from_tables(*folder.read_tables(manifest["partition"]))))
        assert found == expected  # same ids (record ids), texts, urls, dates, events and offsets

        result = CliRunner().invoke(
            cli,
            [
                "batch",
                str(first),
                str(second),
                "--out",
                str(tmp_path / "cli"),
                "--scheduler",
                client.scheduler.address,
                "--db",
                str(tmp_path / "k.db"),
            ],
        )
    assert result.exit_code == 0, result.output
    assert "2 partition(s): 2 done now" in result.stderr
    # The store keeps one article per text: without the dev set the second file repeats the fixtures' texts.
    texts = {article.text for article, _ in expected.values()}
    assert f"stored {len(texts)} " in result.stderr
