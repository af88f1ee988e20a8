"""Helpers for the explorer's tests: a database built from the articles in tests/fixtures/web/."""

from __future__ import annotations

from pathlib import Path

from kroniek.ingest import read_articles
from kroniek.store import ingest, open_store

WEB_FIXTURES = Path(__file__).parent / "fixtures" / "web"
HOSTILE_ID = "hostile-amsterdam"


def build_database(url: str) -> str:
    """Extract and store the fixture articles (the real extractor and fusion); returns `url`."""
    with open_store(url) as store:
        summary = ingest(read_articles([str(WEB_FIXTURES)]), store, jobs=1)
    assert not summary.failed, summary.format()
    return url


def incident_of(client: object, article_id: str) -> str:
    """The id of the incident that article `article_id` reports (via the API, as a user would find it)."""
    rows = client.get("/incidents.json?limit=500").json()["incidents"]  # type: ignore[attr-defined]
    for row in rows:
        detail = client.get(row["json"]).json()  # type: ignore[attr-defined]
        if article_id in detail["articles"]:
            return str(row["id"])
    raise AssertionError(f"no incident reports {article_id}")
