"""Crash safety: kill -9 an ingest mid-run, run it again, and get exactly the uninterrupted database.

Two extractors: the real one (`python -m kroniek ingest`), and a coded one that reads a `code` line
from each generated article, so that incidents with several sources are exercised whatever the real
extractor finds today. The coded run also uses worker processes (--jobs 2), which must die with it.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from storekit import snapshot

from kroniek.store import open_store

pytestmark = pytest.mark.slow

# Towns with coordinates, and weekday words per language, to vary the generated texts.
TOWNS = [("Rotterdam", 51.9225, 4.47917), ("Utrecht", 52.09083, 5.12222), ("Groningen", 53.21917, 6.56667),
         ("Arnhem", 51.98, 5.91111), ("Zwolle", 52.5125, 6.09444), ("Leiden", 52.15833, 4.49306)]  # fmt: skip
TEMPLATES = {
    "nl": "date {date}\nRellen in {town}\n\nIn {town} is het {day}avond tot ongeregeldheden gekomen. "
    "Relschoppers gooiden stenen naar agenten en staken {cars} auto's in brand. "
    "De politie hield {arrests} mensen aan.",
    "en": "date {date}\nRiot in {town}\n\nRioters clashed with police in the Dutch city of {town} "
    "on {day} night, setting {cars} cars on fire. Police arrested {arrests} people.",
    "de": "date {date}\nKrawalle in {town}\n\nIn der niederländischen Stadt {town} haben Randalierer "
    "am {day}abend Polizisten mit Steinen beworfen und {cars} Autos angezündet. "
    "Die Polizei nahm {arrests} Menschen fest.",
}
DAYS = {"nl": "zaterdag", "en": "Saturday", "de": "Samstag"}

CODED_RUNNER = """
import sys, datetime as dt, time
from kroniek.model import ArticleResult, Event, DateWindow, Location, Actor, Span
from kroniek.store import loader

def coded(article):
    time.sleep(0.002)  # slow enough to be killed mid-run
    line = article.text.rsplit("\\ncode ", 1)[1]
    day, town, lat, lon = line.split("|")
    when = dt.date.fromisoformat(day)
    event = Event("riots", "violent_demonstration", DateWindow(when, when, "day"),
                  Location(town, None, "NL", float(lat), float(lon), None, 1),
                  Actor("Rioters (Netherlands)", "rioters", "NL"), None, None, None, (Span(0, 4, "x"),), 0.9)
    return ArticleResult(article.id, article.id[:2], None, (event,))

loader.extract_article = coded
from kroniek.cli import cli
cli.main(args=sys.argv[1:], prog_name="kroniek")
"""


def make_articles(n: int) -> list[dict[str, str]]:
    """n articles: a few riots per town and Saturday, each told in several languages with other numbers."""
    records = []
    for i in range(n):
        lang = ("nl", "en", "de")[i % 3]
        town, lat, lon = TOWNS[(i // 3) % len(TOWNS)]
        saturday = f"2023-{1 + (i // 18) % 12:02d}-{7 + (i // 216) % 3 * 7:02d}"
        published = saturday[:8] + f"{int(saturday[8:]) + 1:02d}"
        text = TEMPLATES[lang].format(
            date=published, town=town, day=DAYS[lang], cars=2 + i % 5, arrests=10 + i % 17
        )
        records.append({"id": f"{lang}-{i:04d}", "text": f"{text}\ncode {saturday}|{town}|{lat}|{lon}"})
    return records


def command(kind: str, runner: Path, src: Path, db: Path) -> list[str]:
    if kind == "real":
        return [sys.executable, "-m", "kroniek", "ingest", str(src), "--db", str(db), "--batch-size", "10"]
    return [
        sys.executable,
        str(runner),
        "ingest",
        str(src),
        "--db",
        str(db),
        "--batch-size",
        "10",
        "--jobs",
        "2",
    ]


def committed(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0  # not created or not migrated yet


def finished(run: subprocess.CompletedProcess[str]) -> None:
    """The ingest ran to its summary; exit status 1 only says that some article failed to extract."""
    assert run.returncode in (0, 1) and "kroniek: read" in run.stderr, run.stderr[-2000:]


def session_members(sid: int) -> list[int]:
    """Live processes of a session (Linux /proc), to check that workers died with the ingest."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


@pytest.mark.parametrize("kind", ["real", "coded"])
def test_crash_kill_mid_ingest_then_resume_equals_uninterrupted(tmp_path: Path, kind: str) -> None:
    n = 600 if kind == "real" else 400
    src = tmp_path / "articles.jsonl"
    src.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in make_articles(n)), encoding="utf-8"
    )
    runner = tmp_path / "coded_runner.py"
    runner.write_text(CODED_RUNNER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}

    whole = tmp_path / "whole.db"
    done = subprocess.run(
        command(kind, runner, src, whole), env=env, capture_output=True, text=True, timeout=300
    )
    finished(done)
    if committed(whole) == 0:
        pytest.skip(
            f"the {kind} extractor failed on every article, nothing to interrupt: {done.stderr[-300:]}"
        )

    crashed = tmp_path / "crashed.db"
    proc = subprocess.Popen(command(kind, runner, src, crashed), env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        while committed(crashed) < n // 5 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        assert proc.poll() is None, "the ingest finished before it could be killed: make the input larger"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        at_kill = committed(crashed)
        assert proc.returncode == -signal.SIGKILL
        assert 0 < at_kill < n
        time.sleep(0.3)
        assert session_members(proc.pid) == [], "extraction workers outlived the killed ingest"
    finally:
        if proc.poll() is None or session_members(proc.pid):
            os.killpg(proc.pid, signal.SIGKILL)  # our own session only

    resumed = subprocess.run(
        command(kind, runner, src, crashed), env=env, capture_output=True, text=True, timeout=300
    )
    finished(resumed)
    assert f"skipped {at_kill}: already stored" in resumed.stderr
    with open_store(str(whole)) as a, open_store(str(crashed)) as b:
        expected, got = snapshot(a), snapshot(b)
        assert got == expected
        assert a.counts() == b.counts()
        if kind == "coded":
            assert 0 < b.counts()["incidents"] < b.counts()["events"]  # reports were fused
