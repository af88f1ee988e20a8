"""Web archives: `.warc` and `.warc.gz` files (CC-NEWS and any crawler's) read record by record.

Every successful (HTTP 200) response whose content type is HTML becomes an article: its id is the
record's WARC-Record-ID, its url the page's canonical url (else the record's target URI), its date
the page's own (`kroniek.ingest.html`), else the fetch date (WARC-Date, precision "day", source
"warc:fetch-date": a page is never published after it was fetched, and news is fetched within days).
Every other record (requests, metadata, redirects, images, PDFs, robots.txt) is counted and skipped.

    >>> counts = WarcCounts()
    >>> articles = list(read_warc(Path("crawl.warc.gz"), counts))  # doctest: +SKIP
    >>> counts.html, counts.skipped  # doctest: +SKIP
    (812, {'request': 830, 'response 301': 12, 'response image/jpeg': 6})
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from kroniek.ingest.html import MAX_PAGE_BYTES, PageError, extract_page, page_article
from kroniek.model import Article, DocDate, InputError

WARC_SUFFIXES = (".warc", ".warc.gz")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class WebRecord:
    """One archived HTML response, before extraction."""

    record_id: str  # the WARC-Record-ID without <urn:uuid: ... >
    url: str  # WARC-Target-URI
    fetched: dt.date | None  # WARC-Date
    body: bytes  # the HTTP payload, transfer- and content-encoding undone


@dataclass(slots=True)
class WarcCounts:
    """What a WARC file held: HTML responses read, and every other record by kind."""

    html: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    def format(self) -> str:
        others = ", ".join(f"{kind} {n}" for kind, n in self.skipped.most_common())
        return f"{self.html} HTML pages" + (f"; skipped {others}" if others else "")


def html_records(stream: IO[bytes], counts: WarcCounts | None = None) -> Iterator[WebRecord]:
    """The HTML responses of a WARC stream (plain or gzip, detected), counting what is skipped."""
    counts = counts if counts is not None else WarcCounts()
    for record in ArchiveIterator(stream):
        if record.format != "warc":
            # warcio also reads the ARC format, and takes lines of any text file for ARC records
            raise ArchiveLoadFailed(f"not a WARC file (found {record.format} records)")
        kind = _skip_reason(record)
        if kind:
            counts.skipped[kind] += 1
            continue
        length = int(record.rec_headers.get_header("Content-Length") or 0)
        if length > MAX_PAGE_BYTES:
            counts.skipped["response too large"] += 1
            continue
        body = record.content_stream().read(MAX_PAGE_BYTES + 1)
        if len(body) > MAX_PAGE_BYTES:
            counts.skipped["response too large"] += 1
            continue
        if getattr(record.raw_stream, "limit", 0) > 0:
            # warcio hands out what there is of a record the file ends inside: half a page would be
            # coded as if it were the article
            raise EOFError(
                f"the file ends inside the record of {record.rec_headers.get_header('WARC-Target-URI')}"
            )
        counts.html += 1
        yield WebRecord(
            record_id=_record_id(record.rec_headers.get_header("WARC-Record-ID") or ""),
            url=record.rec_headers.get_header("WARC-Target-URI") or "",
            fetched=_warc_date(record.rec_headers.get_header("WARC-Date")),
            body=body,
        )


def read_warc(
    path: Path, counts: WarcCounts | None = None, label: str | None = None
) -> Iterator[Article | InputError]:
    """The articles of a WARC file; a page without article text is an InputError naming its record."""
    label = label or str(path)
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield InputError(label, f"cannot read: {exc.strerror or exc}")
        return
    with stream:
        yield from read_warc_stream(stream, label, counts)


def read_warc_stream(
    stream: IO[bytes], label: str, counts: WarcCounts | None = None, strict: bool = False
) -> Iterator[Article | InputError]:
    """The articles of an open WARC stream; `label` names the file in sources.

    A file that is not a WARC, or is cut short, ends with an InputError after what could be read;
    with `strict` it raises instead (`kroniek batch` then retries the partition and reports it).
    """
    try:
        for record in html_records(stream, counts):
            yield record_article(record, label)
    except (ArchiveLoadFailed, OSError, EOFError) as exc:
        if strict:
            raise
        yield InputError(label, f"cannot read further: {exc}")


def record_article(record: WebRecord, label: str) -> Article | InputError:
    """The article of one archived page."""
    source = f"{label}#{record.record_id}"
    try:
        page = extract_page(record.body, record.url or None)
    except PageError as exc:
        return InputError(source, f"{record.url}: {exc}")
    article = page_article(page, record.record_id, source)
    if article.date is None and record.fetched is not None:
        article = _with_date(article, DocDate(record.fetched, "day", "warc:fetch-date"))
    if article.url is None and record.url:
        article = _with_url(article, record.url)
    return article


def _skip_reason(record: object) -> str:
    """Why a record is not an HTML page to read, or "" when it is one."""
    rec_type = record.rec_type  # type: ignore[attr-defined]
    if rec_type != "response":
        return str(rec_type)
    http = record.http_headers  # type: ignore[attr-defined]
    if http is None:
        return "response without HTTP headers"
    status = http.get_statuscode()
    if status != "200":
        return f"response {status}"
    content_type = (http.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if content_type not in _HTML_TYPES:
        return f"response {content_type or 'without content type'}"
    return ""


def _record_id(value: str) -> str:
    return value.strip("<>").removeprefix("urn:uuid:")


def _warc_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _with_date(article: Article, date: DocDate) -> Article:
    return Article(article.id, article.text, article.url, date, article.lang, article.source)


def _with_url(article: Article, url: str) -> Article:
    return Article(article.id, article.text, url, article.date, article.lang, article.source)
