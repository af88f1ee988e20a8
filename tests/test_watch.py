"""`kroniek watch`: feeds served on 127.0.0.1 by the test, polled politely, each entry stored once."""

from __future__ import annotations

import itertools
import time
from pathlib import Path

import pytest

pytest.importorskip("feedparser")
pytest.importorskip("trafilatura")

import storekit
from click.testing import CliRunner
from newsserver import NewsServer
from pagekit import atom_feed, clean_article, regional_page, rss_feed, wire_page

from kroniek.cli import cli
from kroniek.monitor import Fetcher, FetchError, poll, watch
from kroniek.monitor.fetch import Robots
from kroniek.monitor.state import MAX_ATTEMPTS, WatchState
from kroniek.store import open_store

store_url, pg_url = storekit.store_url, storekit.pg_url  # SQLite, and PostgreSQL with TEST_PG_DSN

ARTICLES = {
    "/world/kirkuk-bomb": ("en-market-bombing", wire_page, "2024-03-12T09:30:00+03:00"),
    "/utrecht/412": ("nl-rellen-utrecht", regional_page, "2024-03-09T08:15:00+01:00"),
    "/africa/nairobi-protest": ("en-protest-dispersed", wire_page, None),  # dated by its feed entry only
}
DATES = {
    "/world/kirkuk-bomb": "Tue, 12 Mar 2024 07:00:00 GMT",
    "/utrecht/412": "Sat, 09 Mar 2024 07:15:00 GMT",
    "/africa/nairobi-protest": "Mon, 11 Mar 2024 16:00:00 GMT",
}


def _serve_article(site: NewsServer, path: str) -> None:
    name, layout, published = ARTICLES[path]
    title, paragraphs = clean_article(name)
    site.route(path, body=layout(title, paragraphs, url=site.url(path), published=published).encode())


def _feed(site: NewsServer, paths: list[str], etag: str, feed: str = "/rss.xml") -> None:
    entries = [
        (ARTICLES.get(p, ("page", None, None))[0], site.url(p), DATES.get(p, DATES["/utrecht/412"]))
        for p in paths
    ]
    site.route(feed, body=rss_feed(entries).encode(), content_type="application/rss+xml", etag=etag)


def _fetcher(**options: float) -> Fetcher:
    settings = {"timeout": 2.0, "delay": 0.0, "deadline": 10.0} | options
    return Fetcher(**settings)  # type: ignore[arg-type]


def _articles(db: str) -> dict[str, tuple]:
    with open_store(db) as store:
        rows = store.backend.query("SELECT id, url, doc_date, doc_date_precision, n_events FROM articles")
    return {row[0]: (row[1], str(row[2]), *row[3:]) for row in rows}  # PostgreSQL gives dates


def test_watch_once_ingests_each_entry_exactly_once_across_restarts(store_url: str):
    db = store_url
    runner = CliRunner()
    with NewsServer() as site:
        for path in ARTICLES:
            _serve_article(site, path)
        _feed(site, ["/world/kirkuk-bomb", "/utrecht/412"], etag='"v1"')
        command = ["watch", site.url("/rss.xml"), "--db", db, "--once", "--delay", "0"]

        first = runner.invoke(cli, command)
        assert first.exit_code == 0, first.output
        assert "2 pages fetched, 2 articles stored" in first.stderr
        assert len(_articles(db)) == 2

        again = runner.invoke(cli, command)  # a restart: nothing new
        assert again.exit_code == 0, again.output
        assert "1 unchanged" in again.stderr and "0 pages fetched" in again.stderr
        assert [r.headers.get("If-None-Match") for r in site.requests if r.path == "/rss.xml"] == [
            None,
            '"v1"',
        ]

        _feed(site, ["/africa/nairobi-protest", "/world/kirkuk-bomb", "/utrecht/412"], etag='"v2"')
        third = runner.invoke(cli, command)
        assert third.exit_code == 0, third.output
        assert "1 pages fetched, 1 articles stored" in third.stderr
        fourth = runner.invoke(cli, command)
        assert "0 pages fetched" in fourth.stderr

        assert {path: site.hits(path) for path in ARTICLES} == dict.fromkeys(ARTICLES, 1)
        user_agents = {r.headers.get("User-Agent") for r in site.requests}
        assert len(user_agents) == 1 and user_agents.pop().startswith("kroniek/")
    stored = _articles(db)
    assert len(stored) == 3
    by_url = {row[0]: row for row in stored.values()}
    assert all(n_events >= 1 for *_, n_events in stored.values())
    # canonical urls; the page's own date, else the feed's date for the entry
    assert by_url[site.url("/world/kirkuk-bomb")][1:3] == ("2024-03-12", "day")
    assert by_url[site.url("/africa/nairobi-protest")][1:3] == ("2024-03-11", "day")


def test_watch_new_entries_appear_between_polls(store_url: str):
    with NewsServer() as site, open_store(store_url) as store:
        for path in ARTICLES:
            _serve_article(site, path)
        _feed(site, ["/world/kirkuk-bomb"], etag='"a"')
        summaries = []

        def between_polls(seconds: float) -> None:  # the outlet publishes while kroniek waits
            assert seconds <= 600
            _feed(site, ["/utrecht/412", "/world/kirkuk-bomb"], etag='"b"')

        watch(
            [site.url("/rss.xml")],
            store,
            _fetcher(),
            every=600,
            on_poll=summaries.append,
            sleep=between_polls,
            polls=2,
        )
        assert [(s.entries, s.fetched, s.stored) for s in summaries] == [(1, 1, 1), (2, 1, 1)]
        assert store.counts()["articles"] == 2


def test_watch_one_failing_source_never_stops_the_others(tmp_path: Path):
    db = str(tmp_path / "news.db")
    with NewsServer() as site:
        for path in ARTICLES:
            _serve_article(site, path)
        _feed(site, ["/world/kirkuk-bomb"], etag='"ok"', feed="/good.xml")
        site.route("/slow.xml", body=b"<rss/>", delay=3.0, content_type="application/rss+xml")
        site.route("/broken.xml", status=500, body=b"Internal Server Error", content_type="text/plain")
        site.route("/not-a-feed.xml", body=b"<html><body>Welcome</body></html>")
        sources = [site.url(p) for p in ("/slow.xml", "/broken.xml", "/not-a-feed.xml")]
        sources += [str(tmp_path / "missing-folder"), site.url("/good.xml")]
        result = CliRunner().invoke(
            cli, ["watch", *sources, "--db", db, "--once", "--timeout", "0.5", "--delay", "0"]
        )
    assert result.exit_code == 1  # --once: a failed source is reported in the exit status
    assert "5 sources (4 failed" in result.stderr and "1 articles stored" in result.stderr
    assert (
        "timed out" in result.stderr
        and "HTTP 500" in result.stderr
        and "not an RSS or Atom feed" in result.stderr
    )
    assert len(_articles(db)) == 1
    with open_store(db) as store:
        states = WatchState(store).get(sources)
    assert states[site.url("/broken.xml")].status == "failed: " + f"{site.url('/broken.xml')}: HTTP 500"


def test_watch_bad_pages_are_skipped_or_retried_and_the_good_one_stored(tmp_path: Path):
    bad = {
        "/huge": {"size": 50_000_000},  # 50 MB, announced: refused before the body is read
        "/huge-unannounced": {"size": 50_000_000, "declare_length": False},  # cut off at the limit
        "/report.pdf": {"body": b"%PDF-1.7 ...", "content_type": "application/pdf"},
        "/loop-a": {"status": 302, "location": "/loop-b"},
        "/loop-b": {"status": 302, "location": "/loop-a"},
        "/error": {"status": 500, "body": b"oops"},
        "/slow": {"delay": 2.0, "body": b"<html></html>"},
        "/gone": {"status": 404, "body": b"not found"},
    }
    with NewsServer() as site, open_store(str(tmp_path / "news.db")) as store:
        _serve_article(site, "/utrecht/412")
        for path, fields in bad.items():
            site.route(path, **fields)
        feed_paths = [
            "/huge",
            "/huge-unannounced",
            "/report.pdf",
            "/loop-a",
            "/error",
            "/slow",
            "/gone",
            "/utrecht/412",
        ]
        _feed(site, feed_paths, etag='"x"')
        fetcher = _fetcher(timeout=0.5)

        first = poll([site.url("/rss.xml")], store, fetcher)
        assert (first.fetched, first.stored, first.retry) == (1, 1, 2)  # /error and /slow: later
        assert dict(first.skipped) == {
            "too large": 2,
            "not wanted": 1,
            "redirect loop (302)": 1,
            "HTTP 404": 1,
        }
        assert not first.failed_sources
        # an entry to retry: the feed's validators are not kept, the next poll reads it whole
        later = [poll([site.url("/rss.xml")], store, fetcher) for _ in range(MAX_ATTEMPTS)]
        assert [(s.unchanged_feeds, s.retry, sum(s.skipped.values())) for s in later] == [
            (0, 2, 0),
            (0, 0, 2),
            (1, 0, 0),
        ]
        assert site.hits("/error") == MAX_ATTEMPTS and site.hits("/utrecht/412") == 1
        states = WatchState(store).get([site.url(p) for p in feed_paths])
        assert states[site.url("/error")].status == "skipped: HTTP 500"
        assert states[site.url("/utrecht/412")].status == "stored"
        assert store.counts()["articles"] == 1


def test_watch_pages_are_fetched_only_where_robots_txt_allows(tmp_path: Path):
    with NewsServer() as site, open_store(str(tmp_path / "news.db")) as store:
        _serve_article(site, "/utrecht/412")
        _serve_article(site, "/world/kirkuk-bomb")
        site.route("/robots.txt", body=b"User-agent: *\nDisallow: /world/\n", content_type="text/plain")
        _feed(site, ["/world/kirkuk-bomb", "/utrecht/412"], etag='"r"')
        fetcher = _fetcher()
        robots = Robots(fetcher)
        first = poll([site.url("/rss.xml")], store, fetcher, robots)
        site.route("/robots.txt", body=b"User-agent: kroniek\nDisallow: /\n", content_type="text/plain")
        _feed(site, ["/africa/nairobi-protest", "/world/kirkuk-bomb", "/utrecht/412"], etag='"r2"')
        _serve_article(site, "/africa/nairobi-protest")
        second = poll([site.url("/rss.xml")], store, fetcher, robots)  # robots.txt kept for an hour
        _feed(site, ["/africa/nairobi-protest", "/world/kirkuk-bomb", "/utrecht/412"], etag='"r3"')
        third = poll([site.url("/rss.xml")], store, fetcher, Robots(fetcher))  # read anew: all refused
        assert (first.stored, dict(first.skipped)) == (1, {"disallowed by robots.txt": 1})
        assert (second.stored, dict(second.skipped)) == (1, {"disallowed by robots.txt": 1})
        assert (third.fetched, dict(third.skipped)) == (0, {"disallowed by robots.txt": 1})
        assert site.hits("/world/kirkuk-bomb") == 0 and site.hits("/robots.txt") == 2


def test_fetcher_waits_between_requests_to_one_host():
    with NewsServer() as site:
        site.route("/a", body=b"a")
        fetcher = _fetcher(delay=0.3)
        for _ in range(3):
            fetcher.get(site.url("/a"))
        times = [r.at for r in site.requests]
    assert all(later - earlier >= 0.28 for earlier, later in itertools.pairwise(times))


def test_fetcher_cuts_off_a_server_that_trickles_within_the_timeout():
    with NewsServer() as site:
        site.route("/drip", body=b"<html>" + b"." * 200 + b"</html>", trickle=0.05)
        started = time.monotonic()
        with pytest.raises(FetchError) as raised:
            _fetcher(timeout=1.0, deadline=1.0).get(site.url("/drip"))
        elapsed = time.monotonic() - started
    assert raised.value.transient and "too slow" in raised.value.reason
    assert elapsed < 3.0  # each byte came within the timeout: only the deadline stops it


def test_fetcher_refuses_what_is_not_http():
    with pytest.raises(FetchError) as raised:
        _fetcher().get("file:///etc/passwd")
    assert not raised.value.transient


def test_watch_reads_atom_feeds_and_folders(tmp_path: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "nairobi.txt").write_text(
        "date 2024-03-11\n"
        + (Path(__file__).parent / "fixtures/monitor/en-protest-dispersed.txt").read_text(),
        encoding="utf-8",
    )
    with NewsServer() as site, open_store(str(tmp_path / "news.db")) as store:
        _serve_article(site, "/utrecht/412")
        entries = [("Onrust in Utrecht", site.url("/utrecht/412"), "2024-03-09T08:15:00Z")]
        site.route("/atom.xml", body=atom_feed(entries).encode(), content_type="application/atom+xml")
        first = poll([site.url("/atom.xml"), str(inbox)], store, _fetcher())
        second = poll([site.url("/atom.xml"), str(inbox)], store, _fetcher())
    assert (first.stored, first.events >= 2, second.stored) == (2, True, 0)
