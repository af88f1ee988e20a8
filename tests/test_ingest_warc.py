"""Web archives in: the HTML responses of a WARC file become articles, every other record is counted."""

from __future__ import annotations

import datetime as dt
import gzip as gzip_module
import io
from pathlib import Path

import pytest

pytest.importorskip("warcio")
pytest.importorskip("trafilatura")

from pagekit import FIXTURES, clean_article, regional_page, warc_bytes, wire_page

from kroniek.ingest import read_articles
from kroniek.ingest.warc import WarcCounts, html_records, read_warc, read_warc_stream
from kroniek.model import Article, DocDate, InputError
from kroniek.pipeline import extract_article

EN_URL = "https://courier.example/world/kirkuk-bomb"
NL_URL = "https://stadsnieuws.example/utrecht/412"


def _pages(en_published: str | None = "2024-03-12T09:30:00+03:00") -> list[tuple[str, bytes, str]]:
    en_title, en_paragraphs = clean_article("en-market-bombing")
    nl_title, nl_paragraphs = clean_article("nl-rellen-utrecht")
    return [
        (
            EN_URL,
            wire_page(en_title, en_paragraphs, url=EN_URL, published=en_published).encode(),
            "text/html",
        ),
        (
            NL_URL + "?utm_source=feed",
            regional_page(nl_title, nl_paragraphs, url=NL_URL, published="2024-03-09T08:15:00+01:00").encode(
                "utf-8"
            ),
            "text/html; charset=utf-8",
        ),
    ]


def _crawl(gzip: bool = True) -> bytes:
    """Two article pages, and what else a crawl of a news site holds (WARC files concatenate)."""
    return (
        warc_bytes(_pages(), gzip=gzip)
        + warc_bytes(
            [("https://courier.example/gone", b"<html>Not found</html>", "text/html")],
            gzip=gzip,
            status="404 Not Found",
            others=False,
        )
        + warc_bytes(
            [("https://courier.example/old", b"", "text/html")],
            gzip=gzip,
            status="301 Moved Permanently",
            headers=(("Location", EN_URL),),
            others=False,
        )
        + warc_bytes(
            [("https://courier.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")],
            gzip=gzip,
            others=False,
        )
        + warc_bytes(
            [("https://courier.example/robots.txt", b"User-agent: *\nAllow: /\n", "text/plain")],
            gzip=gzip,
            others=False,
        )
    )


@pytest.mark.parametrize("gzip", [True, False])
def test_warc_html_responses_become_articles_and_the_rest_is_counted(tmp_path: Path, gzip: bool):
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    path.write_bytes(_crawl(gzip))
    counts = WarcCounts()
    en, nl = read_warc(path, counts)
    assert counts.html == 2
    assert dict(counts.skipped) == {
        "warcinfo": 5,
        "request": 2,
        "metadata": 2,
        "response 404": 1,
        "response 301": 1,
        "response image/png": 1,
        "response text/plain": 1,
    }
    assert "2 HTML pages; skipped" in counts.format()
    assert (en.url, en.date.iso(), en.date.source) == (EN_URL, "2024-03-12", "html:json-ld datePublished")
    assert nl.url == NL_URL  # the canonical url, not the crawled one with its tracking query
    assert en.source == f"{path}#{en.id}"
    assert len(en.id) == 36 and en.id != nl.id  # the record's uuid
    assert en.text == (FIXTURES / "en-market-bombing.txt").read_text(encoding="utf-8").strip()


def test_warc_articles_code_the_events_of_the_clean_text(tmp_path: Path):
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(_crawl())
    for article, name in zip(read_warc(path), ["en-market-bombing", "nl-rellen-utrecht"], strict=True):
        clean_text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").strip()
        clean = extract_article(Article(name, clean_text, date=article.date))
        found = extract_article(article)
        assert clean.events
        assert [(e.event_type, e.window, e.location.name, e.fatalities) for e in found.events] == [
            (e.event_type, e.window, e.location.name, e.fatalities) for e in clean.events
        ]


def test_warc_fetch_date_is_the_fallback_publication_date():
    data = warc_bytes(_pages(en_published=None)[:1], fetched=dt.datetime(2024, 3, 14, 23, 50, tzinfo=dt.UTC))
    (article,) = read_warc_stream(io.BytesIO(data), "c.warc.gz")
    assert article.date == DocDate(dt.date(2024, 3, 14), "day", "warc:fetch-date")


def test_warc_payload_transfer_and_content_encoding_are_undone():
    body = _pages()[0][1]
    packed = gzip_module.compress(body)
    chunked = b"%x\r\n" % len(packed) + packed + b"\r\n0\r\n\r\n"
    data = warc_bytes(
        [(EN_URL, chunked, "text/html")],
        headers=(("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")),
    )
    (record,) = html_records(io.BytesIO(data))
    assert record.body == body


def test_warc_truncated_or_not_a_warc_is_reported_after_what_could_be_read(tmp_path: Path):
    whole = warc_bytes(_pages(), others=False)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole + warc_bytes(_pages())[: len(whole) // 2])
    items = list(read_warc(cut))
    assert [type(i) for i in items[:2]] == [Article, Article]
    assert isinstance(items[-1], InputError) and items[-1].source == str(cut)
    with pytest.raises(Exception):  # noqa: B017 (batch wants the reader's own error, to retry the task)
        list(read_warc_stream(io.BytesIO(whole + warc_bytes(_pages())[: len(whole) // 2]), "x", strict=True))
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"this is not a web archive\n" * 10)
    (error,) = read_articles([str(junk)])
    assert isinstance(error, InputError) and "cannot read" in error.message


def test_warc_files_are_read_by_read_articles_in_folders(tmp_path: Path):
    (tmp_path / "b.warc.gz").write_bytes(_crawl())
    (tmp_path / "a.warc").write_bytes(_crawl(gzip=False))
    articles = [item for item in read_articles([str(tmp_path)]) if isinstance(item, Article)]
    assert [a.source.split("#")[0] for a in articles] == [str(tmp_path / "a.warc")] * 2 + [
        str(tmp_path / "b.warc.gz")
    ] * 2
