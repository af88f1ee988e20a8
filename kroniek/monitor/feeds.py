"""RSS and Atom feeds: the entries an outlet announces, read by feedparser from bytes already fetched.

feedparser never fetches here (it is given bytes): fetching is `kroniek.monitor.fetch`'s job, with its
limits.

    >>> entries = parse_feed(b"<rss version='2.0'><channel><item><link>https://o.example/a</link>"
    ...                      b"<pubDate>Tue, 12 Mar 2024 08:00:00 GMT</pubDate></item></channel></rss>")
    >>> entries[0].url, entries[0].published.iso()
    ('https://o.example/a', '2024-03-12')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kroniek.model import DocDate


@dataclass(frozen=True, slots=True)
class Entry:
    url: str  # the entry's link: the page to fetch
    title: str
    published: DocDate | None  # the feed's date for it (source "feed:published"): a page's own date wins


class FeedError(ValueError):
    """Bytes that are not a feed (an HTML page, an error page, garbage)."""


def parse_feed(data: bytes) -> list[Entry]:
    """The entries of an RSS/Atom feed, in the feed's order, each url once; raises FeedError."""
    import feedparser  # the monitor extra

    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise FeedError(f"not an RSS or Atom feed{f' ({problem})' if problem else ''}")
    entries: list[Entry] = []
    seen: set[str] = set()
    for item in parsed.entries:
        url = (item.get("link") or "").strip()
        if not url.startswith(("http://", "https://")) or url in seen:
            continue
        seen.add(url)
        entries.append(Entry(url=url, title=(item.get("title") or "").strip(), published=_published(item)))
    return entries


def _published(item: dict[str, object]) -> DocDate | None:
    stamp = item.get("published_parsed") or item.get("updated_parsed")
    if not stamp:
        return None
    try:
        day = dt.date(stamp[0], stamp[1], stamp[2])  # type: ignore[index]
    except (TypeError, ValueError, IndexError):
        return None
    return DocDate(day, "day", "feed:published")
