"""Web pages, feeds and web archives built for the monitor tests, around articles written for them.

Two outlet layouts, written after the shape of real news sites: a menu, a cookie banner, ads, the
article, related links, a most-read box and reader comments. The boilerplate is full of words that
report events ("killed", "aangehouden", places and figures): an extractor that lets any of it into
the main text codes events that the clean text does not hold, which is what the tests catch.
"""

from __future__ import annotations

import datetime as dt
import html
import io
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "monitor"


def clean_article(name: str) -> tuple[str, list[str]]:
    """The title and paragraphs of a test article (`tests/fixtures/monitor/<name>.txt`)."""
    blocks = [b.strip() for b in (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").split("\n\n")]
    return blocks[0], [b for b in blocks[1:] if b]


def wire_page(title: str, paragraphs: list[str], *, url: str, published: str | None, lang: str = "en") -> str:
    """An English-language outlet: <article> markup, JSON-LD, comments below, related links beside."""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    json_ld = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
        f'"headline": "{html.escape(title)}", "datePublished": "{published}", '
        '"dateModified": "2031-01-01T00:00:00Z"}</script>'
        if published
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{html.escape(title)} | The Daily Courier</title>
<link rel="canonical" href="{url}">
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:url" content="{url}">
{json_ld}
<script>window.dataLayer = window.dataLayer || []; function track(e) {{ dataLayer.push(e); }}</script>
<style>.ad {{ height: 250px }} nav a {{ margin: 4px }}</style>
</head>
<body>
<div id="cookie-banner" class="consent">We use cookies to improve your experience and to show you
personalised advertising. By clicking Accept you agree to our use of cookies. <button>Accept</button>
<button>Manage settings</button></div>
<header class="site-header"><a href="/" class="logo">The Daily Courier</a>
<nav class="main-nav"><ul><li><a href="/world">World</a></li><li><a href="/middle-east">Middle East</a></li>
<li><a href="/politics">Politics</a></li><li><a href="/business">Business</a></li>
<li><a href="/sport">Sport</a></li><li><a href="/opinion">Opinion</a></li>
<li><a href="/live">Live: Gunmen kill 12 in Lagos attack</a></li></ul></nav>
</header>
<div class="ad ad-leaderboard">Advertisement<br>Bomb-proof savings: 5% interest, open an account today!</div>
<main>
<div class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/world">World</a> &gt;
<a href="/middle-east">Middle East</a></div>
<article class="story">
<h1 class="headline">{html.escape(title)}</h1>
<div class="byline">By Courier staff and wire reporters</div>
<div class="story-body">
{body}
</div>
<div class="share">Share this article: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Email</a></div>
</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/world/2024/ambush">Three soldiers killed in ambush near Mosul</a></li>
<li><a href="/world/2024/protest">Police fire tear gas at protesters in Basra, 40 injured</a></li>
<li><a href="/world/2024/strike">Air strike kills five fighters in Syria's Idlib province</a></li>
</ul></aside>
<div class="ad ad-rectangle">Advertisement: Explosive deals on flights to Dubai this weekend only</div>
<section class="comments" id="comments"><h2>Comments (3)</h2>
<div class="comment"><span class="author">truthseeker77</span><p class="comment-text">Last month gunmen shot
dead four policemen in Baghdad and nobody reported it. Where is the outrage?</p></div>
<div class="comment"><span class="author">Mariam K.</span><p class="comment-text">My brother was in Erbil when
rockets hit the airport yesterday, two people were wounded there.</p></div>
<div class="comment"><span class="author">observer</span>
<p class="comment-text">Pray for the families.</p></div>
</section>
</main>
<aside class="most-read"><h2>Most read</h2><ol>
<li><a href="/a">Rioters torch cars in Paris suburb as protests spread</a></li>
<li><a href="/b">Rebels seize border town after heavy fighting</a></li>
<li><a href="/c">Stock markets fall for a third day</a></li></ol></aside>
<footer class="site-footer"><p>&copy; 2024 The Daily Courier. All rights reserved.</p>
<ul><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy policy</a></li>
<li><a href="/contact">Contact</a></li></ul></footer>
</body>
</html>
"""


def regional_page(
    title: str, paragraphs: list[str], *, url: str, published: str | None, lang: str = "nl"
) -> str:
    """A Dutch regional outlet: div soup without <article>, meta tags for the date, a live blog teaser."""
    body = "\n".join(f'<div class="paragraph"><p>{html.escape(p)}</p></div>' for p in paragraphs)
    published_meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}-NL">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{html.escape(title)} - Stadsnieuws</title>
{published_meta}
<meta property="article:modified_time" content="2031-05-05T10:00:00+02:00">
<meta property="og:url" content="{url}">
<meta property="og:locale" content="nl_NL">
</head>
<body>
<div class="cookiewall"><p>Stadsnieuws gebruikt cookies en vergelijkbare technieken om de website goed te
laten werken en advertenties af te stemmen op je interesses.</p><a class="btn">Akkoord</a></div>
<div class="topbar"><ul class="menu"><li><a href="/">Voorpagina</a></li><li><a href="/regio">Regio</a></li>
<li><a href="/112">112</a></li><li><a href="/sport">Sport</a></li><li><a href="/weer">Weer</a></li></ul></div>
<div class="banner-ad">ADVERTENTIE - Nu 50% korting op je eerste maaltijdbox!</div>
<div class="container"><div class="col-main">
<div class="article-header"><h1>{html.escape(title)}</h1><span class="date">Bijgewerkt 5 mei 2031</span></div>
<div class="article-content">
{body}
</div>
<div class="tags">Tags: <a href="/tag/politie">politie</a>, <a href="/tag/onrust">onrust</a></div>
<div class="lees-ook"><h3>Lees ook</h3><ul>
<li><a href="/x">Man neergestoken bij ruzie in Amsterdam-Noord, verdachte aangehouden</a></li>
<li><a href="/y">Honderden boeren demonstreren in Den Haag tegen stikstofregels</a></li></ul></div>
<div class="reacties"><h3>Reacties</h3>
<div class="reactie"><b>Henk</b>: Vorig jaar werden er bij rellen in Rotterdam ook al veertig mensen
opgepakt, er verandert niks.</div>
<div class="reactie"><b>Sanne</b>: Sterkte aan de agenten.</div></div>
</div>
<div class="col-side"><div class="live"><h3>Live</h3><p>Schietpartij in Eindhoven: twee doden, politie zoekt
schutter</p></div><div class="banner-ad">ADVERTENTIE - Vakantie naar Turkije vanaf 299 euro</div></div>
</div>
<div class="footer">Stadsnieuws is onderdeel van Mediagroep Midden. <a href="/privacy">Privacy</a>
<a href="/colofon">Colofon</a></div>
</body>
</html>
"""


def rss_feed(entries: list[tuple[str, str, str]], *, title: str = "Courier world news") -> str:
    """An RSS 2.0 feed of (title, link, RFC 822 date) entries, newest first."""
    items = "\n".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(link)}</link><guid>{html.escape(link)}</guid>"
        f"<pubDate>{date}</pubDate></item>"
        for t, link, date in entries
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{html.escape(title)}</title><link>http://127.0.0.1/</link>
<description>Test feed</description>
{items}
</channel></rss>
"""


def atom_feed(entries: list[tuple[str, str, str]], *, title: str = "Stadsnieuws") -> str:
    """An Atom feed of (title, link, ISO date) entries."""
    items = "\n".join(
        f'<entry><title>{html.escape(t)}</title><link href="{html.escape(link)}"/>'
        f"<id>{html.escape(link)}</id>"
        f"<updated>{date}</updated></entry>"
        for t, link, date in entries
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{html.escape(title)}</title><id>urn:test:feed</id>
<updated>2024-03-12T10:00:00Z</updated>
{items}
</feed>
"""


def warc_bytes(
    responses: list[tuple[str, bytes, str]],
    *,
    gzip: bool = True,
    fetched: dt.datetime | None = None,
    status: str = "200 OK",
    headers: tuple[tuple[str, str], ...] = (),
    others: bool = True,
) -> bytes:
    """A WARC file as crawlers write them: a warcinfo record, then for each (url, body, content type)
    a request and a response record (`status`, `headers` added to the HTTP headers), and with `others`
    a metadata record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=gzip)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "kroniek tests"}))
    stamp = (fetched or dt.datetime(2024, 3, 13, 8, 0, tzinfo=dt.UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    for url, body, content_type in responses:
        if others:
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "outlet.example")], is_http_request=True)
            writer.write_record(
                writer.create_warc_record(
                    url, "request", http_headers=request, warc_headers_dict={"WARC-Date": stamp}
                )
            )
        http = StatusAndHeaders(status, [("Content-Type", content_type), *headers], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=http,
                warc_headers_dict={"WARC-Date": stamp},
            )
        )
        if others:
            writer.write_record(
                writer.create_warc_record(
                    url,
                    "metadata",
                    payload=io.BytesIO(b"fetchTimeMs: 120\r\n"),
                    warc_content_type="application/warc-fields",
                    warc_headers_dict={"WARC-Date": stamp},
                )
            )
    return out.getvalue()
