"""What a web page's metadata says about itself: when it was published, its title and language.

Only what the page states about itself is read, in order of how reliably outlets fill it in:
schema.org JSON-LD `datePublished`, then the publication meta tags (Open Graph, Dublin Core,
Parse.ly, ...), then `<time>` elements marked as the publication time. The date keeps the
precision it was written with (a month stays a month) and says where it came from, e.g.
`html:meta article:published_time`. A page's last-modified date is never taken for its publication.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import re
from collections.abc import Iterator
from typing import Any

from kroniek.model import DocDate

# <meta> attributes (name / property / itemprop) that hold the publication time, most reliable first.
PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "dcterms.issued",
    "dc.date.issued",
    "dcterms.created",
    "dc.date",
    "date",
)
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?=$|[T\s])")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:$|[T\s])")
_SLASHED = re.compile(r"^\s*(\d{4})/(\d{1,2})/(\d{1,2})\b")
_LANG = re.compile(r"^([A-Za-z]{2,3})(?:$|[-_])")
_EARLIEST = dt.date(1990, 1, 1)  # before the web had news sites: a placeholder, not a date


def page_date(tree: Any) -> DocDate | None:
    """The publication date a parsed page (an lxml tree) declares, or None."""
    for value, where in _candidates(tree):
        date = parse_page_date(value, where)
        if date is not None:
            return date
    return None


def parse_page_date(value: str, where: str) -> DocDate | None:
    """A metadata date value as a DocDate (day or month precision), None when it is not one.

    >>> parse_page_date("2024-03-05T22:10:00-05:00", "meta").iso()
    '2024-03-05'
    >>> parse_page_date("2024-03", "meta").precision
    'month'
    """
    source = f"html:{where}"
    try:
        if match := _ISO.match(value):
            year, month, day = match.groups()
            if day is None:
                date = DocDate(dt.date(int(year), int(month), 1), "month", source)
            else:
                date = DocDate(dt.date(int(year), int(month), int(day)), "day", source)
        elif match := _COMPACT.match(value) or _SLASHED.match(value):
            year, month, day = match.groups()
            date = DocDate(dt.date(int(year), int(month), int(day)), "day", source)
        else:
            # RFC 822 dates, as RSS and some CMSs write them: "Tue, 05 Mar 2024 10:00:00 GMT"
            stamp = email.utils.parsedate_to_datetime(value.strip())
            date = DocDate(stamp.date(), "day", source)
    except (ValueError, TypeError, IndexError):
        return None
    # a date in the future of the machine reading it is a CMS error, not a publication
    if not _EARLIEST <= date.value <= dt.date.today() + dt.timedelta(days=1):
        return None
    return date


def page_language(tree: Any) -> str | None:
    """The two-letter language the page declares (<html lang>, Content-Language, og:locale), or None."""
    candidates = [
        *tree.xpath("/html/@lang"),
        *tree.xpath("/html/@xml:lang", namespaces={"xml": "http://www.w3.org/XML/1998/namespace"}),
        *tree.xpath(
            '//meta[translate(@http-equiv,"CONTENT-LANGUAGE","content-language")="content-language"]/@content'
        ),
        *tree.xpath('//meta[@property="og:locale"]/@content'),
    ]
    for value in candidates:
        if match := _LANG.match(value.strip()):
            return match.group(1).lower()
    return None


def page_title(tree: Any) -> str | None:
    """The headline: og:title, else the only <h1>, else <title> (which often carries the site name)."""
    for value in tree.xpath('//meta[@property="og:title"]/@content | //meta[@name="twitter:title"]/@content'):
        if value.strip():
            return " ".join(value.split())
    headings = [" ".join(h.text_content().split()) for h in tree.xpath("//h1")]
    headings = [h for h in headings if h]
    if len(headings) == 1:
        return headings[0]
    for value in tree.xpath("//title/text()"):
        if value.strip():
            return " ".join(value.split())
    return None


def _candidates(tree: Any) -> Iterator[tuple[str, str]]:
    for data in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            parsed = json.loads(data)
        except ValueError:
            continue  # broken JSON-LD is common; the meta tags may still be right
        for value in _json_ld_published(parsed):
            yield value, "json-ld datePublished"
    metas: dict[str, str] = {}
    for meta in tree.xpath("//meta[@content]"):
        for attribute in ("property", "name", "itemprop"):
            key = (meta.get(attribute) or "").strip().lower()
            if key and key not in metas:
                metas[key] = meta.get("content")
    for key in PUBLISHED_META:
        if key in metas:
            yield metas[key], f"meta {key}"
    for value in tree.xpath('//time[@itemprop="datePublished"]/@datetime | //time[@pubdate]/@datetime'):
        yield value, "time datePublished"


def _json_ld_published(node: object) -> Iterator[str]:
    """Every `datePublished` in a JSON-LD document (objects, lists and @graph), in document order."""
    if isinstance(node, list):
        for item in node:
            yield from _json_ld_published(item)
    elif isinstance(node, dict):
        value = node.get("datePublished")
        if isinstance(value, str):
            yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if key in node:
                yield from _json_ld_published(node[key])
