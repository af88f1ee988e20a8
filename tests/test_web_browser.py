"""The explorer in a real browser: Debian's headless Chromium driven by Playwright, against a live server.

Skipped (with the reason) when Chromium or Playwright is missing; `.ci/run` installs both. Each test
loads pages from a uvicorn server on 127.0.0.1 over a database built from tests/fixtures/web/.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the explorer needs the web extra (fastapi, uvicorn, jinja2)")
uvicorn = pytest.importorskip("uvicorn", reason="the explorer needs the web extra (uvicorn)")
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="browser tests need playwright (pip install playwright)"
)

from webkit import HOSTILE_ID, build_database  # noqa: E402

from kroniek.web import create_app  # noqa: E402
from kroniek.web.assets import missing_assets  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
pytestmark = [
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    ),
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]


class LiveServer:
    """uvicorn in a thread on a free port; `url` is its address."""

    def __init__(self, app: Any) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_database(str(tmp_path_factory.mktemp("webui") / "kroniek.db"))


@pytest.fixture(scope="module")
def server(db_url: str) -> Iterator[LiveServer]:
    with LiveServer(create_app(db_url)) as live:
        yield live


@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    with sync_api.sync_playwright() as running:
        yield running


@pytest.fixture(scope="module")
def browser(playwright: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("chromium-profile")),
        executable_path=CHROMIUM,
        args=ARGS,
        headless=True,
        viewport={"width": 1400, "height": 950},
        # Playwright's waits evaluate strings, which the pages' CSP forbids; bypassing the CSP also
        # makes the hostile-article test check the escaping itself, not the CSP behind it.
        bypass_csp=True,
    )
    yield context
    context.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh tab that records script errors and dialogs (an alert() would mean injected code ran)."""
    tab = browser.new_page()
    tab.errors, tab.dialogs = [], []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    yield tab
    tab.close()


def _ready(page: Any) -> None:
    page.wait_for_selector("body[data-ready='1']", timeout=15_000)


def _needs_assets() -> None:
    if missing_assets():
        pytest.skip("front-end assets not installed: run make (npm ci + python -m kroniek.web.assets)")


def _keep(shot: Path) -> None:
    """Copy a screenshot to $KRONIEK_SHOTS when set, for a person to look at after the run."""
    folder = os.environ.get("KRONIEK_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(folder) / shot.name)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def test_web_browser_explorer_filters_and_opens_an_incident(
    server: LiveServer, page: Any, tmp_path: Path
) -> None:
    _needs_assets()
    page.goto(f"{server.url}/incidents")
    _ready(page)
    total = int(page.text_content("#total"))
    assert total == page.locator("li.incident").count() >= 7
    assert int(page.get_attribute("#map", "data-points")) >= 6  # a circle per place and type
    assert int(page.get_attribute("#timeline", "data-buckets")) > 0
    assert page.locator("#map canvas").count() >= 1 and page.locator("#timeline canvas").count() >= 1

    # One click on a type: the list, the map and the URL change together, without a reload.
    page.evaluate("window.__same_page = true")
    page.click("label.chip.t-protests")
    page.wait_for_function(f"Number(document.querySelector('#total').textContent) < {total}")
    page.wait_for_function("document.querySelector('#map').dataset.points !== undefined")
    assert "type=protests" in page.url
    assert page.evaluate("window.__same_page") is True
    types = page.eval_on_selector_all("li.incident", "items => items.map(i => i.className)")
    assert types and all("t-protests" in t for t in types)
    assert page.locator("#map").get_attribute("data-points") == str(len(types))

    # Search the article text: Dutch words only the Brussels report uses.
    page.fill("#q", "traangas waterkanon")
    page.wait_for_function("Number(document.querySelector('#total').textContent) === 1")
    assert "q=traangas+waterkanon" in page.url
    page.screenshot(path=str(tmp_path / "explorer-filtered.png"))

    # Back restores the previous view from the URL.
    page.go_back()
    page.wait_for_function("!location.search.includes('q=')")
    page.wait_for_function(f"document.querySelectorAll('li.incident').length === {len(types)}")
    assert page.input_value("#q") == ""

    # Open the incident: both sources side by side, the evidence highlighted, fields pointing at words.
    page.fill("#q", "Europees Parlement")
    page.wait_for_function("Number(document.querySelector('#total').textContent) === 1")
    page.click("li.incident a")
    _ready(page)
    assert page.locator("article.source").count() == 2
    texts = page.eval_on_selector_all("article.source mark.f-location", "ms => ms.map(m => m.textContent)")
    assert sorted(texts) == ["Brussel", "Brussels"]
    assert page.locator("article.source mark.ev").count() >= 2
    boxes = [page.locator(f"#s{n}").bounding_box() for n in (1, 2)]
    assert boxes[0]["x"] < boxes[1]["x"] and abs(boxes[0]["y"] - boxes[1]["y"]) < 5  # side by side
    page.hover("tr.field[data-field='date']")
    focused = page.eval_on_selector_all("mark.focused", "ms => ms.map(m => m.textContent)")
    assert sorted(focused) == ["Monday", "maandag"]
    shot = tmp_path / "incident.png"
    page.screenshot(path=str(shot), full_page=True)
    width, height = _png_size(shot.read_bytes())
    assert width == 1400 and height >= 950
    # A page of text, colours and a map compresses far worse than a blank one (~10 KB at this size).
    assert shot.stat().st_size > 60_000
    _keep(shot)
    map_png = page.locator("#minimap").screenshot()
    assert len(map_png) > 5_000  # country shapes were drawn, not an empty box
    assert page.errors == [] and page.dialogs == []


def test_web_browser_shared_url_restores_the_view(server: LiveServer, page: Any) -> None:
    page.goto(f"{server.url}/incidents?type=riots&type=protests&country=NL&sort=oldest")
    _ready(page)
    assert page.is_checked("label.chip.t-riots input") and page.is_checked("label.chip.t-protests input")
    assert not page.is_checked("label.chip.t-battles input")
    assert page.input_value("#country") == "NL" and page.input_value("#sort") == "oldest"
    dates = page.eval_on_selector_all("li.incident time", "ts => ts.map(t => t.getAttribute('datetime'))")
    assert dates and dates == sorted(dates)
    assert page.errors == []


def test_web_browser_hostile_article_runs_nothing(server: LiveServer, page: Any, db_url: str) -> None:
    page.goto(f"{server.url}/incidents.json?q=Museumplein")
    iid = page.evaluate("JSON.parse(document.body.innerText).incidents[0].id")
    page.goto(f"{server.url}/incidents/{iid}")
    _ready(page)
    page.wait_for_timeout(300)  # time for an injected onerror to fire, were there one
    assert page.evaluate("typeof window.__kroniek_pwned") == "undefined"
    assert page.dialogs == []
    text = page.text_content(f"article[data-article='{HOSTILE_ID}'] .text")
    assert "<script>window.__kroniek_pwned = 'script'</script>" in text
    assert "<img src=x onerror=" in text and "<svg onload=" in text and "<iframe src=" in text
    hostile_tags = "script, img, svg, iframe, a[href^='javascript']"
    assert page.locator(", ".join(f"article.source {tag}" for tag in hostile_tags.split(", "))).count() == 0
    assert page.locator("article.source .url.unsafe").count() == 1  # the javascript: URL is text, not a link
    page.click("article.source .url.unsafe")
    assert page.evaluate("typeof window.__kroniek_pwned") == "undefined"
    # The explorer lists it too (the list is swapped in from server HTML): still nothing runs.
    page.goto(f"{server.url}/incidents")
    _ready(page)
    page.fill("#q", "Museumplein")
    page.wait_for_function("Number(document.querySelector('#total').textContent) === 1")
    assert page.evaluate("typeof window.__kroniek_pwned") == "undefined"
    assert page.errors == []


def test_web_browser_missing_assets_show_a_banner_and_the_rest_works(
    db_url: str, page: Any, tmp_path: Path
) -> None:
    with LiveServer(create_app(db_url, vendor=tmp_path)) as live:
        page.goto(f"{live.url}/incidents")
        _ready(page)
        assert page.is_visible("#assets-banner")
        assert "Map and timeline unavailable" in page.text_content("#assets-banner")
        assert page.locator("li.incident").count() >= 7
        page.click("label.chip.t-riots")  # filters still work without the map and timeline
        page.wait_for_function("location.search.includes('type=riots')")
        page.wait_for_function(
            "[...document.querySelectorAll('li.incident')].every(li => li.matches('.t-riots'))"
        )
        page.click("li.incident a")
        _ready(page)
        assert page.locator("article.source mark.ev").count() >= 1
        assert page.errors == []


def test_web_browser_pages_work_under_their_content_security_policy(
    server: LiveServer, playwright: Any, tmp_path: Path
) -> None:
    """With the CSP enforced (no bypass), the pages load and draw without a single violation."""
    _needs_assets()
    # One Playwright per module (a second sync_playwright() cannot start beside it): a second context.
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=ARGS, headless=True
    )
    tab = context.new_page()
    messages: list[str] = []
    tab.on("console", lambda message: messages.append(message.text))
    tab.on("pageerror", lambda error: messages.append(str(error)))
    tab.goto(f"{server.url}/incidents")
    _ready(tab)
    tab.wait_for_selector("#map[data-points]", state="attached")
    tab.click("li.incident a")
    _ready(tab)
    tab.wait_for_selector("#minimap .leaflet-overlay-pane canvas", state="attached")
    context.close()
    assert [m for m in messages if "Content Security Policy" in m or "Refused" in m] == []
    assert [m for m in messages if "rror" in m] == []


def test_web_browser_screenshot_of_the_explorer(server: LiveServer, page: Any, tmp_path: Path) -> None:
    """A screenshot for a person to look at; saved under the test's tmp folder (and KRONIEK_SHOTS if set)."""
    _needs_assets()
    page.goto(f"{server.url}/incidents")
    _ready(page)
    page.wait_for_timeout(300)  # the country shapes arrive after the points
    shot = tmp_path / "explorer.png"
    page.screenshot(path=str(shot))
    assert _png_size(shot.read_bytes()) == (1400, 950)
    assert shot.stat().st_size > 80_000
    _keep(shot)


def test_web_browser_search_across_languages_download_and_dutch(server: LiveServer, page: Any) -> None:
    """Issue 14's targets: "Kabul" finds the article that says only "Kaboel"; the download button gives
    the filtered CSV; the Dutch interface shows Dutch labels; both charts are drawn."""
    _needs_assets()
    page.goto(f"{server.url}/incidents")
    _ready(page)
    assert int(page.get_attribute("#fatality-chart", "data-buckets")) > 0
    assert int(page.get_attribute("#fatality-chart", "data-total")) == int(page.text_content("#deaths"))
    page.fill("#q", "Kabul")
    page.wait_for_function("Number(document.querySelector('#total').textContent) === 1")
    assert "Kabul" in page.text_content("li.incident .where")
    href = page.get_attribute("#download", "href")
    assert href == "/incidents.csv?q=Kabul"
    with page.expect_download() as caught:
        page.click("#download")
    rows = list(csv.DictReader(io.StringIO(Path(caught.value.path()).read_text(encoding="utf-8"))))
    assert [(r["country"], r["location"], r["event_type"]) for r in rows] == [
        ("Afghanistan", "Kabul", "Explosions/Remote violence")
    ]
    page.click(".ui-lang a[hreflang='nl']")
    _ready(page)
    assert page.get_attribute("html", "lang") == "nl"
    assert page.input_value("#q") == "Kabul"  # the switch keeps the view
    assert page.get_attribute("#q", "placeholder").startswith("Zoek in artikelen")
    assert "Gevechten" in page.text_content("label.chip.t-battles")
    assert "Alle landen" in page.text_content("#country")
    assert page.text_content(".fatality-panel h2") == "Doden per periode, per type"
    # the texts the map writes in the browser are Dutch too
    page.wait_for_function("document.querySelector('#map-note').textContent.length > 0")
    assert "grootste cirkel" in page.text_content("#map-note")
    assert not page.errors
