"""Web pages in: the main text of an outlet's page codes the same events as the article's clean text."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

pytest.importorskip("trafilatura")

from lxml import html as lxml_html
from pagekit import FIXTURES, clean_article, regional_page, wire_page

from kroniek.ingest import read_articles
from kroniek.ingest.html import PageError, extract_page, read_html_bytes
from kroniek.ingest.pagedate import parse_page_date
from kroniek.model import Article, ArticleResult, DocDate, InputError
from kroniek.pipeline import extract_article
from kroniek.store import ingest, open_store

PAGES = [
    (
        "en-market-bombing",
        wire_page,
        "2024-03-12T09:30:00+03:00",
        "https://courier.example/world/kirkuk-bomb",
    ),
    (
        "nl-rellen-utrecht",
        regional_page,
        "2024-03-09T08:15:00+01:00",
        "https://stadsnieuws.example/utrecht/412",
    ),
]


def _events(result: ArticleResult) -> list[tuple[object, ...]]:
    """What an event says, without the offsets (the page's text and the file's differ in layout)."""
    return [
        (
            e.event_type,
            e.sub_event_type,
            e.window,
            e.location.name,
            e.location.country,
            e.actor1.name if e.actor1 else None,
            e.actor2.name if e.actor2 else None,
            e.fatalities,
            e.injuries,
        )
        for e in result.events
    ]


def _visible_text(page: str) -> str:
    tree = lxml_html.document_fromstring(page)
    for node in tree.xpath("//script | //style"):
        node.drop_tree()
    return tree.text_content()


@pytest.mark.parametrize(("name", "layout", "published", "url"), PAGES)
def test_html_outlet_page_codes_the_events_of_its_clean_text(name, layout, published, url):
    title, paragraphs = clean_article(name)
    page = layout(title, paragraphs, url=url, published=published)
    article = read_html_bytes(page.encode(), "page.html", name)
    assert isinstance(article, Article)
    clean_text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").strip()
    assert article.text == clean_text  # title, blank line, paragraphs: no menu, ad, link or comment
    clean = extract_article(Article(name, clean_text, date=DocDate.parse(published, "field")))
    from_page = extract_article(article)
    assert _events(clean), "the test article must code at least one event"
    assert _events(from_page) == _events(clean)
    # The control: the page's whole visible text (boilerplate in) codes other events, so the
    # extractor, not the layout, is what this test measures.
    naive = extract_article(Article(name, _visible_text(page), date=DocDate.parse(published, "field")))
    assert _events(naive) != _events(clean)


@pytest.mark.parametrize(("name", "layout", "published", "url"), PAGES)
def test_html_metadata_title_date_language_canonical_url(name, layout, published, url):
    title, paragraphs = clean_article(name)
    page = extract_page(layout(title, paragraphs, url=url, published=published), "https://mirror.example/x")
    assert page.title == title
    assert page.url == url  # the canonical url, not the one it was fetched from
    assert page.lang == name[:2]
    assert (page.date.iso(), page.date.precision) == (published[:10], "day")
    # the publication date, never the later modification date both layouts also declare
    expected_source = (
        "html:json-ld datePublished" if layout is wire_page else "html:meta article:published_time"
    )
    assert page.date.source == expected_source


@pytest.mark.parametrize(
    ("value", "iso", "precision"),
    [
        ("2024-03-05T22:10:00-05:00", "2024-03-05", "day"),  # the date as the outlet wrote it, not UTC
        ("2024-03", "2024-03", "month"),
        ("20240305", "2024-03-05", "day"),
        ("2024/03/05 10:00", "2024-03-05", "day"),
        ("Tue, 05 Mar 2024 10:00:00 GMT", "2024-03-05", "day"),
        ("yesterday", None, None),
        ("1970-01-01T00:00:00Z", None, None),  # an epoch placeholder, not a date
        ("2999-01-01", None, None),  # in the future: a CMS error
    ],
)
def test_html_page_date_values(value, iso, precision):
    found = parse_page_date(value, "meta date")
    assert (found.iso() if found else None, found.precision if found else None) == (iso, precision)
    if found:
        assert found.source == "html:meta date"


def test_html_month_only_metadata_keeps_month_precision():
    title, paragraphs = clean_article("nl-rellen-utrecht")
    page = extract_page(regional_page(title, paragraphs, url="https://s.example/1", published="2024-03"))
    assert (page.date.iso(), page.date.precision) == ("2024-03", "month")


def test_html_without_date_metadata_falls_back_to_the_markup_or_nothing():
    title, paragraphs = clean_article("en-market-bombing")
    undated = wire_page(title, paragraphs, url="https://courier.example/world/kirkuk", published=None)
    assert extract_page(undated).date is None
    # a date in the canonical url, as htmldate reads it
    dated_url = undated.replace("/world/kirkuk", "/world/2024/03/11/kirkuk")
    in_url = extract_page(dated_url).date
    assert (in_url.iso(), in_url.source) == ("2024-03-11", "html:htmldate")
    # a <time> element that htmldate reads from the markup
    timed = undated.replace(
        '<div class="byline">', '<div class="byline"><time datetime="2024-03-12">12 March</time>'
    )
    page = extract_page(timed)
    assert (page.date.iso(), page.date.source) == ("2024-03-12", "html:htmldate")


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><nav><a href='/'>Home</a></nav><p>Page not found.</p></body></html>",
        "",
        "<html><body><ul>"
        + "".join(f"<li><a href='/{i}'>Story {i}</a></li>" for i in range(40))
        + "</ul></body></html>",
    ],
)
def test_html_page_without_article_text_is_an_input_error(page):
    result = read_html_bytes(page.encode(), "index.html", "index")
    assert isinstance(result, InputError)
    assert result.source == "index.html"
    with pytest.raises(PageError):
        extract_page(page)


def test_html_reading_uses_no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the HTML reader opened a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    title, paragraphs = clean_article("en-market-bombing")
    undated = wire_page(title, paragraphs, url="https://courier.example/2024/03/12/kirkuk", published=None)
    assert isinstance(read_html_bytes(undated.encode(), "p.html", "p"), Article)


def test_html_files_and_jsonl_html_field_are_read(tmp_path: Path):
    title, paragraphs = clean_article("nl-rellen-utrecht")
    page = regional_page(
        title, paragraphs, url="https://stadsnieuws.example/utrecht/412", published="2024-03-09"
    )
    (tmp_path / "utrecht.html").write_text(page, encoding="utf-8")
    records = [
        {"id": "given", "html": page, "url": "https://given.example/a", "date": "2024-03-10", "lang": "nl"},
        {"id": "bare", "html": page},
        {"id": "empty", "html": "<html><body></body></html>"},
    ]
    (tmp_path / "pages.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    from_file, given, bare, empty = read_articles(
        [str(tmp_path / "utrecht.html"), str(tmp_path / "pages.jsonl")]
    )
    assert (from_file.id, from_file.url, from_file.date.source) == (
        "utrecht",
        "https://stadsnieuws.example/utrecht/412",
        "html:meta article:published_time",
    )
    assert from_file.text.startswith(title + "\n\n")
    # what the record says wins over what the page says
    assert (given.url, given.date.iso(), given.date.source, given.lang) == (
        "https://given.example/a",
        "2024-03-10",
        "field",
        "nl",
    )
    assert (bare.url, bare.date.iso(), bare.lang) == (
        "https://stadsnieuws.example/utrecht/412",
        "2024-03-09",
        None,
    )
    assert bare.text == from_file.text
    assert isinstance(empty, InputError) and empty.source.endswith("pages.jsonl:3")


def test_html_store_keeps_the_extracted_text_and_evidence_points_into_it(tmp_path: Path):
    title, paragraphs = clean_article("en-market-bombing")
    page = wire_page(
        title, paragraphs, url="https://courier.example/k", published="2024-03-12T09:30:00+03:00"
    )
    (tmp_path / "kirkuk.html").write_text(page, encoding="utf-8")
    with open_store(str(tmp_path / "k.db")) as store:
        summary = ingest(read_articles([str(tmp_path / "kirkuk.html")]), store)
        assert summary.stored == 1
        text = store.article_text("kirkuk")
        (incident,) = list(store.incidents())
        sources = store.get_incident(incident.id).sources
    assert text == (FIXTURES / "en-market-bombing.txt").read_text(encoding="utf-8").strip()
    assert "cookies" not in text and "truthseeker77" not in text
    spans = [span for source in sources for span in source.event.evidence]
    assert spans
    for span in spans:
        assert text[span.start : span.end] == span.text
