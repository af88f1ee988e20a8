"""The explorer for journalists: search across languages and coded fields, downloads of the current
view, fatality charts by type, and the interface in Dutch, English, German and French."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the explorer needs the web extra (fastapi, uvicorn, jinja2)")
from fastapi.testclient import TestClient
from webkit import build_database, incident_of

from kroniek.export.acled import ACLED_COLUMNS
from kroniek.web import create_app, i18n

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = Path(build_database(str(tmp_path_factory.mktemp("web-search") / "kroniek.db")))
    with TestClient(create_app(str(db))) as test_client:
        yield test_client


def _ids(client: TestClient, query: str) -> set[str]:
    answer = client.get(f"/incidents.json?limit=500&{query}")
    assert answer.status_code == 200, answer.text
    return {row["id"] for row in answer.json()["incidents"]}


@pytest.mark.parametrize("name", ["Kabul", "Kaboel", "Caboul", "kabul"])
def test_web_search_a_place_name_in_any_language_finds_its_incidents(client: TestClient, name: str) -> None:
    kabul = incident_of(client, "kabul-nl")
    assert _ids(client, f"q={name}") == {kabul}


def test_web_search_coded_fields(client: TestClient) -> None:
    riots = _ids(client, "type=riots")
    assert riots and _ids(client, "q=Riots") == riots
    assert _ids(client, "q=Violent+demonstration") <= riots
    # An actor by its canonical name, whatever the articles called it.
    somalia = _ids(client, "country=SO")
    assert somalia and _ids(client, "q=Al+Shabaab") == somalia


def test_web_download_csv_of_the_current_filters(client: TestClient) -> None:
    answer = client.get("/incidents.csv?q=Kabul")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert tuple(rows[0])[:31] == ACLED_COLUMNS
    assert [(r["country"], r["location"]) for r in rows] == [("Afghanistan", "Kabul")]
    everything = list(csv.DictReader(io.StringIO(client.get("/incidents.csv").text)))
    assert len(everything) == client.get("/incidents.json").json()["total"]


@pytest.mark.parametrize("fmt", ["jsonl", "geojson", "parquet"])
def test_web_download_other_formats(client: TestClient, fmt: str) -> None:
    answer = client.get(f"/incidents.{fmt}?country=AF")
    if fmt == "parquet" and answer.status_code == 501:
        pytest.skip("pyarrow is not installed")
    assert answer.status_code == 200
    if fmt == "jsonl":
        (record,) = [json.loads(line) for line in answer.text.splitlines()]
        assert record["location"]["name"] == "Kabul" and "toll" in record
    elif fmt == "geojson":
        assert len(answer.json()["features"]) == 1
    else:
        assert answer.content[:4] == b"PAR1"


def test_web_download_refuses_bad_filters(client: TestClient) -> None:
    assert client.get("/incidents.csv?contry=NL").status_code == 400


def test_web_timeline_has_fatalities_by_type(client: TestClient) -> None:
    data = client.get("/timeline.json?bucket=month").json()
    by_type = data["fatality_series"]
    assert set(by_type) <= set(data["series"])
    assert [sum(v[i] for v in by_type.values()) for i in range(len(data["buckets"]))] == data["fatalities"]
    assert by_type["explosions_remote_violence"]


@pytest.mark.parametrize(
    ("headers", "query", "label"),
    [
        ({"accept-language": "nl-NL,nl;q=0.9"}, "", "Alle landen"),
        ({"accept-language": "de"}, "", "Alle Länder"),
        ({}, "?ui=fr", "Tous les pays"),
        ({}, "", "All countries"),
    ],
)
def test_web_interface_language(client: TestClient, headers: dict[str, str], query: str, label: str) -> None:
    client.cookies.clear()
    page = client.get(f"/incidents{query}", headers=headers)
    assert page.status_code == 200 and label in page.text
    assert page.headers["content-language"] in i18n.UI_LANGUAGES


def test_web_interface_language_switch_is_remembered(client: TestClient) -> None:
    client.cookies.clear()
    first = client.get("/incidents?ui=nl&type=riots")
    assert "Rellen" in first.text and first.cookies.get(i18n.COOKIE) == "nl"
    assert "Incidenten" in client.get("/incidents").text
    client.cookies.clear()


@pytest.mark.parametrize("code", i18n.UI_LANGUAGES)
def test_web_interface_labels_complete(code: str) -> None:
    ours, english = i18n.labels(code), i18n.labels("en")
    assert set(ours["labels"]) == set(english["labels"])
    assert set(ours["event_types"]) == set(english["event_types"])
    assert set(ours["script"]) == set(english["script"])
    assert all(value.strip() for table in ("labels", "script") for value in ours[table].values())


def test_web_interface_script_texts_in_the_page(client: TestClient) -> None:
    """The map's popups and notes are written by the browser: the page gives it their texts."""
    client.cookies.clear()
    page = client.get("/incidents?ui=nl")
    found = re.search(r'<script type="application/json" id="ui-text">(.*?)</script>', page.text, re.S)
    assert found is not None
    texts = json.loads(found.group(1))
    assert texts == i18n.labels("nl")["script"] and texts["open_incident"] == "Incident openen"
    client.cookies.clear()


def test_web_incident_page_shows_sources_a_page_at_a_time(tmp_path: Path) -> None:
    """An incident with many reports: six sources a page, the rest behind a pager, the totals whole."""
    from storekit import event, place

    from kroniek.model import Article, ArticleResult, DocDate
    from kroniek.store import open_store
    from kroniek.web.routes import SOURCES_PER_PAGE

    path = str(tmp_path / "many.db")
    where = place("Gao", "ML", 16.27, -0.04)
    with open_store(path) as store:
        for i in range(15):
            art = Article(
                f"gao-{i:02d}", f"Report {i} on the attack in Gao.", date=DocDate.parse("2022-03-02", "x")
            )
            ev = event(
                "battles", "armed_clash", "2022-03-02", where, ("JNIM", "rebel_groups"), fatalities=4 + i % 2
            )
            store.save_batch([(art, ArticleResult(art.id, "en", art.date, (ev,)))])
        (incident,) = list(store.incidents())
    with TestClient(create_app(path)) as client:
        first = client.get(f"/incidents/{incident.id}").text
        assert first.count('<article class="source"') == SOURCES_PER_PAGE
        assert "15 sources" in first and 'href="?sources=2#sources"' in first
        last = client.get(f"/incidents/{incident.id}?sources=3").text
        assert last.count('<article class="source"') == 15 - 2 * SOURCES_PER_PAGE
        assert 'id="s13"' in last and 'id="s1"' not in last
        assert client.get(f"/incidents/{incident.id}?sources=4").status_code == 400
        assert len(client.get(f"/incidents/{incident.id}.json").json()["sources"]) == 15


def test_web_incident_page_in_dutch(client: TestClient) -> None:
    client.cookies.clear()
    kabul = incident_of(client, "kabul-nl")
    page = client.get(f"/incidents/{kabul}", headers={"accept-language": "nl"}).text
    assert '<html lang="nl">' in page
    assert "Bronnen naast elkaar" in page and "Gemelde aantallen" in page and "Alle incidenten" in page
