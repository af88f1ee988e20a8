"""Issue 13, finding 5: the explorer's totals after an ingest, Host check, header limit, slow clients."""

from __future__ import annotations

import importlib.util
import socket
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the explorer needs the web extra (fastapi, uvicorn, jinja2)")

from fastapi.testclient import TestClient

from kroniek.store import ingest, open_store
from kroniek.web import create_app, server
from kroniek.web.app import LOOPBACK

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TOOL = Path(__file__).resolve().parents[1] / "tools" / "two_writers.py"
spec = importlib.util.spec_from_file_location("two_writers_for_web", TOOL)
assert spec and spec.loader
two_writers = importlib.util.module_from_spec(spec)
sys.modules["two_writers_for_web"] = two_writers
spec.loader.exec_module(two_writers)


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = str(tmp_path / "k.db")
    with open_store(url) as store:
        ingest(two_writers.corpus(60, "A")[:30], store, jobs=1)
    return url


def _total(client: TestClient, query: str = "") -> int:
    answer = client.get(f"/incidents.json{query}", headers={"host": "127.0.0.1:8000"})
    assert answer.status_code == 200, answer.text
    return int(answer.json()["total"])


def test_web_totals_are_right_at_once_after_an_ingest(db: str) -> None:
    with TestClient(create_app(db)) as client:
        before = [_total(client), _total(client, "?country=NL"), _total(client)]  # cached now, on a pool
        with open_store(db) as store:
            ingest(two_writers.corpus(60, "A")[30:], store, jobs=1)
            expected = int(store.backend.query("SELECT COUNT(*) FROM incidents")[0][0])
            expected_nl = int(
                store.backend.query("SELECT COUNT(*) FROM incidents WHERE country = 'NL'")[0][0]
            )
        assert expected > before[0]
        assert _total(client) == expected and _total(client, "?country=NL") == expected_nl
        # While one connection is busy the pool opens another: a per-connection change counter starts
        # again there and would find the answers cached before the ingest.
        with client.app.state.db.backend(), client.app.state.db.backend():  # type: ignore[attr-defined]
            assert _total(client) == expected and _total(client, "?country=NL") == expected_nl


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("127.0.0.1:8000", 200),
        ("localhost:8000", 200),
        ("[::1]:8000", 200),
        ("localhost", 200),
        ("evil.example:8000", 421),
        ("127.0.0.1.evil.example", 421),
        ("", 421),
    ],
)
def test_web_loopback_explorer_answers_to_loopback_names_only(db: str, host: str, status: int) -> None:
    with TestClient(create_app(db, allowed_hosts=LOOPBACK)) as client:
        assert client.get("/incidents.json", headers={"host": host}).status_code == status


def test_web_headers_over_16_kb_are_refused(db: str) -> None:
    with TestClient(create_app(db)) as client:
        big = {f"x-filler-{n}": "v" * 1000 for n in range(20)}
        answer = client.get("/incidents.json", headers=big)
        assert answer.status_code == 431 and "16 KB" in answer.json()["error"]
        assert client.get("/incidents.json", headers={"x-small": "v" * 1000}).status_code == 200


@pytest.fixture
def running(db: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[int]:
    import uvicorn

    monkeypatch.setattr(server, "HEADER_SECONDS", 1.0)
    config = uvicorn.Config(
        create_app(db), host="127.0.0.1", port=0, http=server.GuardedH11Protocol, limit_concurrency=100,
        log_level="warning",
    )  # fmt: skip
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    while not instance.started:
        time.sleep(0.02)
    port = instance.servers[0].sockets[0].getsockname()[1]
    yield port
    instance.should_exit = True
    thread.join(10)


def _get(port: int) -> tuple[int, float]:
    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(b"GET /incidents.json HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    return int(data.split(b" ", 2)[1]), time.perf_counter() - started


def test_web_slow_clients_holding_every_connection_do_not_starve_others(running: int) -> None:
    # 100 half-open connections: the whole of limit_concurrency in this server, a request line and
    # part of the headers each, never finished (slowloris).
    slow = []
    for _ in range(100):
        conn = socket.create_connection(("127.0.0.1", running), timeout=5)
        conn.sendall(b"GET /incidents.json HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        slow.append(conn)
    time.sleep(1.5)  # past the header deadline: the server has dropped them
    try:
        status, seconds = _get(running)
        assert status == 200 and seconds < 1.0
        for conn in slow:
            assert conn.recv(1) == b""  # closed by the server
    finally:
        for conn in slow:
            conn.close()
