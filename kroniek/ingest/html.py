"""Web pages: the main text of an HTML page, with its title, date, language and canonical url.

The main text is found by trafilatura (menus, cookie banners, ads, related links and comments
left out). The article's text is the page's title, a blank line, then the main text: that is what
the store keeps and what evidence offsets point into. The raw page is not kept.

The publication date is read from the page's metadata (`kroniek.ingest.pagedate`), with its
precision and the element it came from ("html:meta article:published_time", ...).

    >>> page = extract_page(b"<html lang='en'><head><title>T</title></head><body>...</body></html>")
    ... # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kroniek.ingest.pagedate import page_date, page_language, page_title
from kroniek.model import Article, DocDate, InputError

# Pages carry scripts, styles and inline images around the text: a 5 MB article limit would refuse
# real pages, 20 MB still refuses a dump or a video served as text/html.
MAX_PAGE_BYTES = 20_000_000
# trafilatura's precision mode: drops more of the borderline blocks (bylines, teasers, captions); on news
# pages a lost caption costs less than a related-links block read as the article.
FAVOR_PRECISION = True
# Below this many characters of main text a page is an index, a paywall stub or an error page.
MIN_TEXT_CHARS = 80


@dataclass(frozen=True, slots=True)
class Page:
    """What a web page says about itself, and its main text."""

    title: str | None
    text: str  # the main text: paragraphs separated by a blank line
    date: DocDate | None  # from the page's metadata, with its precision and source
    lang: str | None  # declared by the page (<html lang>, og:locale): the detector decides (see below)
    url: str | None  # canonical url (<link rel=canonical>, og:url), else the url the page came from

    def article_text(self) -> str:
        """The text kroniek codes and stores: the title, a blank line, the main text."""
        if self.title and not self.text.startswith(self.title):
            return f"{self.title}\n\n{self.text}"
        return self.text


class PageError(ValueError):
    """A page with no main text to code (an index, a stub, an error page, not HTML)."""


def extract_page(html: bytes | str, url: str | None = None) -> Page:
    """The main text and metadata of an HTML page; raises PageError when it holds no article."""
    try:  # imported here: only HTML input pays for it (about 0.3 s)
        import trafilatura
        from lxml import html as lxml_html
    except ImportError as exc:
        missing = f"reading web pages needs the monitor extra: pip install 'kroniek[monitor]' ({exc})"
        raise PageError(missing) from exc

    if isinstance(html, bytes):
        html = _decode(html)
    if not html.strip():
        raise PageError("empty page")
    try:
        tree = lxml_html.document_fromstring(html)
    except Exception as exc:  # lxml raises a few unrelated types on garbage (ParserError, ValueError)
        raise PageError(f"not an HTML page: {exc}") from exc
    # Metadata is read here, not by trafilatura (with_metadata): the same fields in a third of the time;
    # before the extraction, which need not leave the tree as it found it.
    title, lang, date = page_title(tree), page_language(tree), page_date(tree)
    canonical = _canonical(tree) or url
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=False,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=FAVOR_PRECISION,
        deduplicate=False,
    )
    text = _paragraphs(_field(document, "text"))
    if len(text) < MIN_TEXT_CHARS:
        raise PageError(f"no article text found ({len(text)} characters of main text)")
    date = date or _markup_date(tree, url)
    return Page(title=title, text=text, date=date, lang=lang, url=canonical)


def _markup_date(tree: Any, url: str | None) -> DocDate | None:
    """htmldate's reading of the markup (time elements, bylines, the url): less certain than a meta tag."""
    from htmldate import find_date

    found = find_date(tree, url=url, extensive_search=False, original_date=True)
    if not found:
        return None
    try:
        return DocDate.parse(found, source="html:htmldate")
    except ValueError:
        return None


def page_article(page: Page, article_id: str, source: str, lang: str | None = None) -> Article:
    """The Article kroniek codes from a page.

    The page's declared language is not passed on: templates often declare the site's default
    language on every page, while the detector reads the text itself. `lang` given with the input wins.
    """
    return Article(
        id=article_id,
        text=page.article_text(),
        url=page.url,
        date=page.date,
        lang=lang,
        source=source,
    )


def read_html_file(path: Path) -> Article | InputError:
    """One `.html` file as one article; its stem is the id."""
    try:
        size = path.stat().st_size
        if size > MAX_PAGE_BYTES:
            return InputError(str(path), _too_big(size))
        data = path.read_bytes()
    except OSError as exc:
        return InputError(str(path), f"cannot read: {exc.strerror or exc}")
    return read_html_bytes(data, str(path), path.stem)


def read_html_bytes(
    data: bytes | str, source: str, article_id: str, url: str | None = None, lang: str | None = None
) -> Article | InputError:
    """A page read from anywhere (a file, a JSONL `html` field, a WARC record, the web)."""
    if len(data) > MAX_PAGE_BYTES:
        return InputError(source, _too_big(len(data)))
    try:
        page = extract_page(data, url)
    except PageError as exc:
        return InputError(source, str(exc))
    return page_article(page, article_id, source, lang)


def page_id(url: str) -> str:
    """A stable article id for a page known only by its url."""
    return "web-" + hashlib.sha1(url.encode()).hexdigest()[:16]


def _decode(data: bytes) -> str:
    # The declared charset (meta tag) first, then UTF-8, then the guess of charset_normalizer
    # (a trafilatura dependency); a page is never refused for its encoding.
    from trafilatura.utils import decode_file

    return str(decode_file(data))


def _paragraphs(text: str | None) -> str:
    """trafilatura's lines (one paragraph each) as paragraphs separated by blank lines."""
    if not text:
        return ""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line)


def _field(document: Any, name: str) -> str:
    if document is None:
        return ""
    value = document.get(name) if isinstance(document, dict) else getattr(document, name, None)
    return value.strip() if isinstance(value, str) else ""


def _canonical(tree: Any) -> str | None:
    for xpath in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content'):
        for value in tree.xpath(xpath):
            value = value.strip()
            if value.startswith(("http://", "https://")):
                return str(value)
    return None


def _too_big(size: int) -> str:
    return f"{size / 1e6:.1f} MB is larger than the {MAX_PAGE_BYTES / 1e6:.0f} MB limit for one page"


def record_page(record: dict[str, object], source: str) -> Page | InputError:
    """The page in the `html` field of a JSONL record (its `url`, when given, is where it came from)."""
    html = record["html"]
    assert isinstance(html, str)
    url = record.get("url")
    try:
        return extract_page(html, url if isinstance(url, str) else None)
    except PageError as exc:
        return InputError(source, str(exc))
