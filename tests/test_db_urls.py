"""Issue 13, finding 7: database URLs that keep nothing, other applications' files, read-only commands,
secrets in messages, output a terminal cannot show."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from storekit import event, place

from kroniek.cli import cli
from kroniek.model import Article, ArticleResult, DocDate
from kroniek.store import StoreError, open_store
from kroniek.store.backends import APPLICATION_ID, redact


@pytest.fixture
def article(tmp_path: Path) -> str:
    path = tmp_path / "a.txt"
    path.write_text("Rellen in Utrecht.", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("url", ["", ":memory:", "sqlite://", "sqlite:///", " "])
def test_store_cli_refuses_a_database_that_keeps_nothing(url: str, article: str) -> None:
    result = CliRunner().invoke(cli, ["ingest", article, "--db", url])
    assert result.exit_code == 2 and "stored" not in result.output
    assert "in-memory" in result.output


def test_store_refuses_another_applications_sqlite_file(tmp_path: Path, article: str) -> None:
    other = tmp_path / "app.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE users (name TEXT)")
    before = other.read_bytes()
    result = CliRunner().invoke(cli, ["ingest", article, "--db", str(other)])
    assert result.exit_code == 1 and "not a kroniek database (it holds users)" in result.output
    assert other.read_bytes() == before
    marked = tmp_path / "marked.db"
    with sqlite3.connect(marked) as conn:
        conn.execute("PRAGMA application_id = 42")
    with pytest.raises(StoreError, match="another application"):
        open_store(str(marked))


def test_store_kroniek_files_are_marked_and_reopen(tmp_path: Path) -> None:
    url = str(tmp_path / "k.db")
    open_store(url).close()
    with sqlite3.connect(url) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    open_store(url).close()


def _store_with(url: str, article_id: str, where: str = "Köln") -> None:
    riot = event("riots", "mob_violence", "2021-03-02", place(where, "DE", 50.9, 6.9), evidence="Krawalle.")
    day = DocDate.parse("2021-03-02", "x")
    with open_store(url) as store:
        store.save_batch(
            [(Article(article_id, "Krawalle in Köln.", date=day), ArticleResult("x", "de", day, (riot,)))]
        )


def test_store_reading_commands_never_create_or_migrate(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    result = CliRunner().invoke(cli, ["events", "--db", str(missing)])
    assert result.exit_code == 1 and "no database at" in result.output and not missing.exists()
    url = str(tmp_path / "old.db")
    _store_with(url, "a")
    with sqlite3.connect(url) as conn:  # as a database written by the previous version
        conn.execute("DELETE FROM schema_migrations WHERE version >= 3")
    for command in (["events"], ["export"], ["show", "x"]):
        result = CliRunner().invoke(cli, [*command, "--db", url])
        assert result.exit_code == 1 and "schema version 2" in result.output, result.output
    with sqlite3.connect(url) as conn:
        assert conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone()[0] == 2


def test_store_read_only_store_cannot_write(tmp_path: Path) -> None:
    url = str(tmp_path / "k.db")
    _store_with(url, "a")
    with (
        open_store(url, read_only=True) as store,
        pytest.raises(Exception, match=r"readonly|read-only|query_only"),
    ):
        store.backend.execute("DELETE FROM articles")


def test_store_passwords_are_masked(monkeypatch: pytest.MonkeyPatch) -> None:
    assert redact("postgresql://u:pw@h:5432/d") == "postgresql://u:***@h:5432/d"
    assert redact("postgresql://u@h/d") == "postgresql://u@h/d" and redact("k.db") == "k.db"
    with pytest.raises(StoreError) as caught:
        open_store("mysql://root:hunter2@h/d")
    assert "hunter2" not in str(caught.value)
    psycopg = pytest.importorskip("psycopg")

    def refuse(dsn: str, **options: object) -> None:
        raise psycopg.OperationalError(f"cannot use {dsn}")  # a driver quoting its input

    monkeypatch.setattr(psycopg, "connect", refuse)
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://kroniek:hunter2@db.example/chronicle")
    assert "hunter2" not in str(caught.value) and "kroniek:***@db.example" in str(caught.value)
    assert caught.value.__cause__ is None  # the traceback of the driver's message is not chained either


def test_store_show_and_events_escape_terminal_sequences_and_survive_ascii_stdout(tmp_path: Path) -> None:
    url = str(tmp_path / "k.db")
    _store_with(url, "evil\x1b[2J\x1b]0;owned\x07", where="Đakovo")
    with open_store(url) as store:
        (incident,) = store.incidents()
    kroniek = str(Path(sys.executable).parent / "kroniek")
    if not os.path.exists(kroniek):
        pytest.skip("the kroniek command is not installed beside this Python")
    env = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    for command in (["show", incident.id], ["events"]):
        done = subprocess.run([kroniek, *command, "--db", url], capture_output=True, env=env, timeout=120)
        assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
        assert b"\x1b" not in done.stdout and b"\x07" not in done.stdout
        assert b"\\u0110akovo" in done.stdout  # a terminal that cannot show it gets an escape
