"""Helpers shared by the store, fusion, export, ingest and crash tests: events, stories, databases."""

from __future__ import annotations

import datetime as dt
import json
import os
import tomllib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

from kroniek.fusion import Report
from kroniek.model import Actor, Article, ArticleResult, DateWindow, DocDate, Event, Location, Span, month_end
from kroniek.store.rows import article_text, load_json

STORIES = Path(__file__).parent / "fixtures" / "stories"
PG_SKIP = "TEST_PG_DSN is not set: no PostgreSQL server to test against (.ci/run starts one and sets it)"


def window(value: str) -> DateWindow:
    """ "2023-03-11" a day, "2023-03" a month, "2023-03-06/2023-03-12" a week."""
    if "/" in value:
        start, end = (dt.date.fromisoformat(v) for v in value.split("/"))
        return DateWindow(start, end, "week")
    if len(value) == 7:
        first = dt.date.fromisoformat(value + "-01")
        return DateWindow(first, month_end(first), "month")
    day = dt.date.fromisoformat(value)
    return DateWindow(day, day, "day")


def place(
    name: str | None,
    country: str | None,
    lat: float | None = None,
    lon: float | None = None,
    *,
    admin1: str | None = None,
    gid: int | None = None,
    precision: int | None = 1,
) -> Location:
    return Location(name, admin1, country, lat, lon, gid, precision)


def event(
    event_type: str,
    sub: str,
    when: str,
    where: Location,
    actor1: tuple[str, str] | None = None,
    actor2: tuple[str, str] | None = None,
    fatalities: int | None = None,
    injuries: int | None = None,
    evidence: str = "",
) -> Event:
    country = where.country
    return Event(
        event_type=event_type,
        sub_event_type=sub,
        window=window(when),
        location=where,
        actor1=Actor(actor1[0], actor1[1], country) if actor1 else None,
        actor2=Actor(actor2[0], actor2[1], country) if actor2 else None,
        fatalities=fatalities,
        injuries=injuries,
        evidence=(Span(0, len(evidence), evidence),) if evidence else (),
        confidence=0.9,
    )


def report(event_id: str, article_id: str, ev: Event, reported: str | None = None) -> Report:
    return Report(event_id, article_id, dt.date.fromisoformat(reported) if reported else None, ev)


# ---------------------------------------------------------------- stories


@dataclass(frozen=True)
class StoryArticle:
    story: str
    article: Article
    coded: Event


def _places() -> dict[str, Location]:
    data = tomllib.loads((STORIES / "places.toml").read_text(encoding="utf-8"))
    return {
        key: Location(
            p["name"],
            p.get("admin1"),
            p["country"],
            p.get("lat"),
            p.get("lon"),
            p.get("geonames_id"),
            p.get("precision"),
        )
        for key, p in data.items()
    }


def doc_date(text: str) -> DocDate | None:
    first = text.split("\n", 1)[0]
    return (
        DocDate.parse(first.removeprefix("date ").strip(), source="header")
        if first.startswith("date ")
        else None
    )


def load_stories() -> list[StoryArticle]:
    """Every story article with the event a careful coder gives it (story.toml)."""
    places = _places()
    found = []
    for folder in sorted(p for p in STORIES.iterdir() if p.is_dir()):
        spec = tomllib.loads((folder / "story.toml").read_text(encoding="utf-8"))
        for name, coded in sorted(spec["articles"].items()):
            text = (folder / f"{name}.txt").read_text(encoding="utf-8")
            article = Article(f"{folder.name}/{name}", text, source=str(folder / f"{name}.txt"))
            ev = event(
                spec["event_type"],
                coded["sub_event_type"],
                coded["date"],
                places[coded["place"]],
                tuple(coded["actor1"]) if "actor1" in coded else None,
                tuple(coded["actor2"]) if "actor2" in coded else None,
                coded.get("fatalities"),
                coded.get("injuries"),
                evidence=text.splitlines()[1],
            )
            found.append(StoryArticle(folder.name, article, ev))
    return found


def story_result(item: StoryArticle) -> ArticleResult:
    lang = item.article.id.split("/")[1].split("-")[0]
    return ArticleResult(item.article.id, lang, doc_date(item.article.text), (item.coded,))


# ---------------------------------------------------------------- databases


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database per test on the server TEST_PG_DSN points at."""
    dsn = os.environ.get("TEST_PG_DSN")
    if not dsn:
        pytest.skip(PG_SKIP)
    psycopg = pytest.importorskip("psycopg", reason="PostgreSQL tests need psycopg (the postgres extra)")
    name = f"kroniek_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(urlsplit(dsn)._replace(path=f"/{name}"))
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty database, once for SQLite and once for PostgreSQL (skipped without a server)."""
    if request.param == "sqlite":
        return str(tmp_path / "kroniek.db")
    return request.getfixturevalue("pg_url")


def snapshot(store: Any) -> dict[str, list[tuple[Any, ...]]]:
    """Everything in a store that must not depend on order, batches or crashes (times left out)."""
    q = store.backend.query

    def rows(sql: str) -> list[tuple[Any, ...]]:
        return sorted(tuple(str(v) if isinstance(v, dt.date) else v for v in row) for row in q(sql))

    return {
        # the text as read (SQLite stores it compressed), evidence and provenance as decoded JSON
        "articles": [
            (*row[:-1], article_text(row[-1]))
            for row in rows("SELECT id, text_hash, input_hash, lang, url, n_events, text FROM articles")
        ],
        "events": [
            (*row[:-2], json.dumps(load_json(row[-2])), json.dumps(load_json(row[-1])))
            for row in rows(
                "SELECT id, article_id, idx, event_type, sub_event_type, date_start, date_end, place_id, "
                "actor1_id, actor2_id, fatalities, injuries, evidence, provenance FROM events"
            )
        ],
        "incidents": rows(
            "SELECT id, event_type, sub_event_type, date_start, date_end, date_precision, place_id, "
            "actor1_id, actor2_id, fatalities, fatalities_low, fatalities_high, injuries, n_sources, "
            "signature FROM incidents"
        ),
        "links": rows("SELECT event_id, incident_id, rule FROM incident_events"),
        "places": rows("SELECT id, name, country FROM places"),
        "actors": rows("SELECT id, name, type FROM actors"),
    }


def stories_store(path: Path, outlet_url: str) -> Iterator[Any]:
    """A store holding the test stories and one riot known only at country level (no coordinates of its
    own), reported by `outlet_url`: the fixture of the export tests."""
    from kroniek.store import open_store

    with open_store(str(path)) as opened:
        pairs = [(item.article, story_result(item)) for item in load_stories()]
        article = Article("iq-1", "Rellen in Irak.", url=outlet_url, date=DocDate.parse("2019-12-31", "x"))
        riot = event(
            "riots",
            "violent_demonstration",
            "2019-12-31",
            place(None, "IQ", precision=3),
            ("Rioters", "rioters"),
        )
        pairs.append((article, ArticleResult("iq-1", "nl", article.date, (riot,))))
        opened.save_batch(pairs)
        yield opened
