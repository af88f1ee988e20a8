"""The explorer's HTTP API and pages, through the ASGI test client, over a database of real articles."""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the explorer needs the web extra (fastapi, uvicorn, jinja2)")
try:  # Starlette's test client runs on httpx2 (or, deprecated, httpx)
    import httpx2  # noqa: F401
except ImportError:
    pytest.importorskip("httpx", reason="the ASGI test client needs httpx2 (or httpx)")

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from storekit import pg_url  # noqa: F401  (a fixture)
from webkit import HOSTILE_ID, WEB_FIXTURES, build_database, incident_of

from kroniek.store import StoreError, open_store
from kroniek.web import create_app, download, schemas
from kroniek.web.params import MAX_LIMIT
from kroniek.web.routes import router

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(build_database(str(tmp_path_factory.mktemp("web") / "kroniek.db")))


@pytest.fixture(scope="module")
def client(db_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(str(db_path))) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def brussels(client: TestClient) -> str:
    """The incident that the English and the Dutch Brussels articles both report."""
    return incident_of(client, "brussels-en")


@pytest.fixture(scope="module")
def hostile(client: TestClient) -> str:
    return incident_of(client, HOSTILE_ID)


def _all(client: TestClient, query: str = "") -> list[dict[str, Any]]:
    answer = client.get(f"/incidents.json?limit={MAX_LIMIT}{'&' + query if query else ''}")
    assert answer.status_code == 200, answer.text
    return answer.json()["incidents"]


# ---------------------------------------------------------------- every route answers, and is described


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/incidents", "text/html"),
        ("/incidents.json", "application/json"),
        ("/map.json", "application/json"),
        ("/timeline.json", "application/json"),
        ("/facets.json", "application/json"),
        ("/status.json", "application/json"),
        ("/openapi.json", "application/json"),
        ("/api", "text/html"),
        ("/static/app.js", "javascript"),
        ("/static/style.css", "text/css"),
    ],
)
def test_web_api_route_answers(client: TestClient, path: str, kind: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 200
    assert kind in answer.headers["content-type"]


def test_web_api_home_redirects_to_the_explorer_with_its_filters(client: TestClient) -> None:
    answer = client.get("/?type=riots", follow_redirects=False)
    assert answer.status_code == 307
    assert answer.headers["location"] == "/incidents?type=riots"


def test_web_api_every_route_is_in_openapi_and_back(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    every = [*router.routes, *download.router.routes]
    routes = {r.path for r in every if isinstance(r, APIRoute) and r.include_in_schema}
    assert routes == set(spec["paths"])
    for path in (
        "/incidents.json",
        "/incidents/{incident_id}.json",
        "/incidents",
        "/incidents/{incident_id}",
    ):
        assert "get" in spec["paths"][path]
    names = {p["name"] for p in spec["paths"]["/incidents.json"]["get"]["parameters"]}
    assert names == {"type", "country", "from", "to", "lang", "q", "place", "page", "limit", "sort"}
    assert "IncidentList" in spec["components"]["schemas"]


def test_web_api_page_has_json_twin_link(client: TestClient, brussels: str) -> None:
    page = client.get("/incidents?type=protests").text
    assert 'href="/incidents.json?type=protests"' in page
    assert f'href="/incidents/{brussels}.json"' in client.get(f"/incidents/{brussels}").text
    assert client.get("/incidents.json?type=protests").json()["html"] == "/incidents?type=protests"


@pytest.mark.parametrize(
    ("path", "model"),
    [
        ("/incidents.json", schemas.IncidentList),
        ("/incidents.json?type=protests&limit=2&page=2", schemas.IncidentList),
        ("/map.json", schemas.MapPoints),
        ("/timeline.json?bucket=day", schemas.Timeline),
        ("/facets.json", schemas.Facets),
        ("/status.json", schemas.Status),
        ("/incidents.json?q=zzzznothing", schemas.IncidentList),
    ],
)
def test_web_api_answers_match_their_openapi_models(client: TestClient, path: str, model: Any) -> None:
    model.model_validate(client.get(path).json())


def test_web_api_incident_json_matches_its_model(client: TestClient, brussels: str, hostile: str) -> None:
    for iid in (brussels, hostile):
        schemas.IncidentDetail.model_validate(client.get(f"/incidents/{iid}.json").json())


# ---------------------------------------------------------------- filters


def test_web_api_lists_every_incident_newest_first(client: TestClient) -> None:
    rows = _all(client)
    assert len(rows) == client.get("/status.json").json()["incidents"] >= 7
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("type=protests", lambda r: r["event_type"] == "protests"),
        ("type=riots,protests", lambda r: r["event_type"] in ("riots", "protests")),
        ("type=peaceful_protest", lambda r: r["sub_event_type"] == "peaceful_protest"),
        ("country=NL", lambda r: r["location"]["country"] == "NL"),
        ("country=NLD", lambda r: r["location"]["country"] == "NL"),
        ("country=Netherlands&country=BE", lambda r: r["location"]["country"] in ("NL", "BE")),
        ("from=2024-01-01", lambda r: r["date_end"] >= "2024-01-01"),
        ("to=2023", lambda r: r["date_start"] <= "2023-12-31"),
        (
            "from=2024-03&to=2024-03",
            lambda r: r["date_start"] <= "2024-03-31" and r["date_end"] >= "2024-03-01",
        ),
        ("lang=nl", lambda r: "nl" in r["langs"]),
        ("q=traangas", lambda r: "nl" in r["langs"]),
        ("type=protests&country=NL&lang=nl", lambda r: r["event_type"] == "protests" and "nl" in r["langs"]),
    ],
)
def test_web_api_filter_selects_only_matching(client: TestClient, query: str, check: Any) -> None:
    everything = _all(client)
    rows = _all(client, query)
    assert rows, f"{query} should match something in the fixtures"
    assert all(check(r) for r in rows)
    assert len(rows) < len(everything) or query.startswith("from")


def test_web_api_full_text_finds_words_of_the_article(client: TestClient, brussels: str) -> None:
    assert [r["id"] for r in _all(client, "q=Europees+Parlement")] == [brussels]
    assert _all(client, "q=BRUSSELS") == _all(client, "q=brussels")
    assert _all(client, "q=%22%28*%29%22") == _all(client)  # punctuation alone: no words, no filter
    for syntax in ("OR", "NEAR%28a+b%29", "%22unclosed", "a*", "-x", "text%3Abrussels"):
        assert client.get(f"/incidents.json?q={syntax}").status_code == 200  # words only, never FTS syntax


def test_web_api_place_filter_comes_from_the_map(client: TestClient) -> None:
    points = client.get("/map.json?country=NG").json()["features"]
    kaduna = points[0]["properties"]["place"]
    rows = _all(client, f"place={kaduna}")
    assert rows and all(r["location"]["country"] == "NG" for r in rows)
    assert sum(p["properties"]["incidents"] for p in points if p["properties"]["place"] == kaduna) == len(
        rows
    )


def test_web_api_paging_links_walk_every_row(client: TestClient) -> None:
    seen, url = [], "/incidents.json?limit=3"
    while url:
        page = client.get(url).json()
        assert page["limit"] == 3
        seen += [r["id"] for r in page["incidents"]]
        url = page["next"]
    assert seen == [r["id"] for r in _all(client)]
    last = client.get("/incidents.json?limit=3&page=3").json()
    assert last["prev"] == "/incidents.json?limit=3&page=2"


def test_web_api_sort_by_fatalities(client: TestClient) -> None:
    deaths = [r["fatalities"] or -1 for r in _all(client, "sort=fatalities")]
    assert deaths == sorted(deaths, reverse=True) and deaths[0] > 0


def test_web_api_empty_result_is_not_an_error(client: TestClient) -> None:
    answer = client.get("/incidents.json?country=JP")
    assert answer.status_code == 200
    assert answer.json()["total"] == 0 and answer.json()["pages"] == 1
    assert "No incidents match" in client.get("/incidents?country=JP").text
    assert client.get("/timeline.json?country=JP").json()["buckets"] == []


# ---------------------------------------------------------------- map and timeline


def test_web_api_map_points_are_geojson_and_count_every_incident(client: TestClient) -> None:
    data = client.get("/map.json").json()
    assert data["type"] == "FeatureCollection" and data["features"]
    drawn = sum(f["properties"]["incidents"] for f in data["features"])
    assert drawn + data["unmapped"] == client.get("/incidents.json").json()["total"]
    for feature in data["features"]:
        lon, lat = feature["geometry"]["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert feature["properties"]["event_type"] in {
            t["type"] for t in client.get("/facets.json").json()["types"]
        }


@pytest.mark.parametrize("bucket", ["day", "week", "month", "auto"])
def test_web_api_timeline_counts_every_incident_once(client: TestClient, bucket: str) -> None:
    data = client.get(f"/timeline.json?bucket={bucket}").json()
    assert sum(sum(v) for v in data["series"].values()) == client.get("/incidents.json").json()["total"]
    assert len(data["buckets"]) == len(data["fatalities"]) == len(next(iter(data["series"].values())))
    assert data["buckets"] == sorted(data["buckets"])
    assert sum(data["fatalities"]) == client.get("/incidents.json").json()["fatalities"]


def test_web_api_timeline_refuses_too_many_days(client: TestClient) -> None:
    answer = client.get("/timeline.json?bucket=day&from=1900&to=2100")
    assert answer.status_code == 200  # the buckets span the data, not the filter
    assert len(answer.json()["buckets"]) < 1000


# ---------------------------------------------------------------- one incident


def test_web_api_incident_json_has_sources_texts_and_highlights(client: TestClient, brussels: str) -> None:
    data = client.get(f"/incidents/{brussels}.json").json()
    assert data["id"] == brussels and data["event_type"] == "protests"
    assert {s["article_id"] for s in data["sources"]} == {"brussels-en", "brussels-nl"}
    for source in data["sources"]:
        text = source["article"]["text"]
        assert source["highlights"], "every source shows its evidence"
        for mark in source["highlights"]:
            assert text[mark["start"] : mark["end"]] == mark["text"]
        fields = {m["field"] for m in source["highlights"] if m["kind"] == "field"}
        assert {"date", "location"} <= fields


def test_web_api_incident_page_shows_fields_precision_and_marked_words(
    client: TestClient, brussels: str
) -> None:
    page = client.get(f"/incidents/{brussels}").text
    assert "geo precision 1" in page and ">day<" in page
    assert 'class="source" id="s1"' in page and 'class="source" id="s2"' in page
    assert '<mark class="ev' in page
    assert 'id="s1-date"' in page and 'href="#s1-date"' in page  # the field points at its words


@pytest.mark.parametrize("iid", ["000000000000", "nonsense", "..%2F..%2Fetc", "A" * 100])
def test_web_api_unknown_incident_is_404(client: TestClient, iid: str) -> None:
    for suffix in (".json", ""):
        answer = client.get(f"/incidents/{iid}{suffix}")
        assert answer.status_code == 404
    assert "no " in client.get(f"/incidents/{iid}.json").json()["error"]


# ---------------------------------------------------------------- bad parameters: a clear 4xx, never a 500


@pytest.mark.parametrize(
    ("query", "parameter", "words"),
    [
        ("page=abc", "page", "integer"),
        ("page=0", "page", "greater than or equal to 1"),
        ("page=10001", "page", "less than or equal"),
        ("page=1.5", "page", "integer"),
        ("limit=0", "limit", "greater than or equal to 1"),
        ("limit=501", "limit", "less than or equal to 500"),
        ("limit=99999999999999999999999", "limit", "less than or equal"),
        ("from=2024-13-01", "from", "not a date"),
        ("from=yesterday", "from", "not a date"),
        ("to=2024-02-30", "to", "not a date"),
        ("from=2024-05-01&to=2024-04-01", "from", "after"),
        ("type=earthquakes", "type", "unknown event type"),
        ("type=" + ",".join(["riots"] * 41), "type", "at most"),
        ("country=Atlantis", "country", "unknown country"),
        ("lang=english", "lang", "language code"),
        ("lang=%3Cscript%3E", "lang", "language code"),
        ("place=..%2F..%2Fetc%2Fpasswd", "place", "place id"),
        ("sort=random", "sort", "unknown order"),
        ("q=" + "a" * 201, "q", "at most 200"),
        ("contry=NL", "contry", "unknown parameter"),
        ("from=2024-01-01%27%3B+DROP+TABLE+incidents%3B--", "from", "at most 10"),
    ],
)
def test_web_api_bad_parameter_is_400_with_a_reason(
    client: TestClient, query: str, parameter: str, words: str
) -> None:
    answer = client.get(f"/incidents.json?{query}")
    assert answer.status_code == 400, answer.text
    body = answer.json()
    assert body["parameter"] == parameter and body["status"] == 400
    assert words in body["error"]
    page = client.get(f"/incidents?{query}")
    assert page.status_code == 400 and "text/html" in page.headers["content-type"]
    assert "bad request" in page.text


@pytest.mark.parametrize(
    "path",
    ["/map.json?type=nope", "/timeline.json?bucket=year", "/timeline.json?from=2024-99", "/facets.json?x=1",
     "/status.json?x=1", "/incidents/000000000000.json?x=1", "/map.json?country=Mars"],
)  # fmt: skip
def test_web_api_other_routes_refuse_bad_parameters(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 400
    assert answer.json()["error"]


@pytest.mark.parametrize(
    ("method", "path", "headers", "status"),
    [
        ("POST", "/incidents.json", {}, 405),
        ("DELETE", "/incidents/000000000000", {}, 405),
        ("PUT", "/static/app.js", {}, 405),
        ("GET", "/incidents.json?q=" + "x" * 5000, {}, 414),
        ("GET", "/incidents/" + "a" * 600, {}, 414),
        ("GET", "/incidents.json", {"content-length": "10"}, 413),
        ("GET", "/nowhere.json", {}, 404),
        ("GET", "/static/../kroniek.db", {}, 404),
    ],
)
def test_web_api_request_limits(
    client: TestClient, method: str, path: str, headers: dict, status: int
) -> None:
    answer = client.request(method, path, headers=headers, content=b"0123456789" if headers else None)
    assert answer.status_code == status
    if path.endswith(".json") or status in (405, 413, 414):
        assert answer.json()["error"]


# ---------------------------------------------------------------- safe by default


def test_web_api_security_headers_on_every_answer(client: TestClient) -> None:
    for path in ("/incidents", "/incidents.json", "/static/app.js", "/nowhere"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"


def test_web_api_hostile_article_is_shown_as_text(client: TestClient, hostile: str) -> None:
    page = client.get(f"/incidents/{hostile}").text
    assert "&lt;script&gt;window.__kroniek_pwned" in page
    assert "<script>window" not in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=" in page
    assert "<svg" not in page and "&lt;svg onload=" in page and "<iframe" not in page
    assert 'href="javascript:' not in page  # the javascript: URL is shown, not linked
    assert "javascript:window.__kroniek_pwned=&#39;url&#39;" in page
    data = client.get(f"/incidents/{hostile}.json").json()
    assert "<script>" in data["sources"][0]["article"]["text"]  # the JSON keeps the text as it was


def test_web_api_database_is_read_only(client: TestClient, db_path: Path) -> None:
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    for path in ("/incidents", "/incidents.json?q=brussel", "/map.json", "/timeline.json", "/facets.json"):
        client.get(path)
    with client.app.state.db.backend() as backend, pytest.raises(StoreError):  # type: ignore[attr-defined]
        backend.query("DELETE FROM incidents")
    assert client.get("/status.json").json()["read_only"] is True
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before


def test_web_api_sees_new_data_without_restart(tmp_path: Path) -> None:
    path = tmp_path / "grow.db"
    with open_store(str(path)) as store:
        from kroniek.ingest import read_articles
        from kroniek.store import ingest

        ingest(read_articles([str(WEB_FIXTURES / "idlib-en.txt")]), store, jobs=1)
        with TestClient(create_app(str(path))) as test_client:
            assert test_client.get("/incidents.json").json()["total"] == 1
            assert len(test_client.get("/map.json").json()["features"]) == 1
            ingest(read_articles([str(WEB_FIXTURES / "mogadishu-en.txt")]), store, jobs=1)
            assert test_client.get("/incidents.json").json()["total"] == 2  # cached totals are renewed
            assert len(test_client.get("/map.json").json()["features"]) == 2


# ---------------------------------------------------------------- start-up problems are said clearly


def test_web_api_missing_assets_are_announced(
    db_path: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="kroniek.web"):
        app = create_app(str(db_path), vendor=tmp_path)
    assert "front-end assets missing" in caplog.text
    with TestClient(app) as test_client:
        page = test_client.get("/incidents").text
        assert 'id="assets-banner"' in page and "Map and timeline unavailable" in page
        assert "/static/vendor/leaflet.js" not in page  # no script tag that would 404
        assert 'class="incident ' in page  # the list still works
        assert "leaflet.js" in test_client.get("/status.json").json()["assets_missing"]


def test_web_api_installed_assets_are_loaded(client: TestClient) -> None:
    if client.app.state.missing_assets:  # type: ignore[attr-defined]
        pytest.skip("front-end assets not installed (make installs them)")
    page = client.get("/incidents").text
    assert "/static/vendor/leaflet.js" in page and "assets-banner" not in page
    assert client.get("/static/vendor/countries-50m.json").json()["type"] == "Topology"


@pytest.mark.parametrize("kind", ["missing", "empty", "other"])
def test_web_api_refuses_what_is_not_a_kroniek_database(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "x.db"
    if kind == "empty":
        path.write_bytes(b"")
    if kind == "other":
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE t (a)")
    with pytest.raises(StoreError, match="kroniek ingest"):
        create_app(str(path))


def test_web_api_serve_command_reports_a_missing_database(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kroniek.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no database at" in result.output
    assert "--port" in CliRunner().invoke(cli, ["serve", "--help"]).output


# ---------------------------------------------------------------- PostgreSQL


def _untimed(incident: dict[str, Any]) -> dict[str, Any]:
    history = [{**change, "at": "", "timestamp": 0} for change in incident.get("history", [])]
    return {**incident, "updated_at": 0, "history": history}


def test_web_api_postgres_serves_the_same_answers(pg_url: str, client: TestClient) -> None:  # noqa: F811
    build_database(pg_url)
    with TestClient(create_app(pg_url)) as pg:
        for path in (
            "/incidents.json?limit=500",
            "/incidents.json?q=traangas",
            "/incidents.json?lang=nl&type=protests",
        ):
            mine, theirs = pg.get(path).json(), client.get(path).json()
            assert [r["id"] for r in mine["incidents"]] == [r["id"] for r in theirs["incidents"]]
        assert pg.get("/timeline.json").json()["series"] == client.get("/timeline.json").json()["series"]
        assert pg.get("/map.json").json()["features"] == client.get("/map.json").json()["features"]
        iid = pg.get("/incidents.json").json()["incidents"][0]["id"]
        mine, theirs = pg.get(f"/incidents/{iid}.json").json(), client.get(f"/incidents/{iid}.json").json()
        assert _untimed(mine) == _untimed(theirs)  # all but the times it was stored and changed
        assert pg.get("/status.json").json()["database"] == "postgres"
        assert pg.get("/incidents.json?page=abc").status_code == 400
        with pg.app.state.db.backend() as backend, pytest.raises(StoreError, match="read-only"):  # type: ignore[attr-defined]
            backend.query("DELETE FROM incidents")
