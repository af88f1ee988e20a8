"""Two ingests replacing articles at once must leave the incidents a sequential run leaves (issue 13).

Each trial stores version A of a corpus of articles with coded events (no extraction: made-up events,
dense enough in type, country and date that most incidents join articles of both halves), then starts
two processes that each replace one half with version B, in small batches, at the same moment. The
incidents and their links must equal those of one process storing A and then B. A second check starts
two processes creating the same new database at once: both must succeed.

    python tools/two_writers.py --trials 20                                   # SQLite
    python tools/two_writers.py --trials 20 --pg postgresql://postgres@127.0.0.1:55433/postgres

`tests/test_two_writers.py` runs two trials of each on every test run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import random
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from kroniek.model import Actor, Article, ArticleResult, DateWindow, DocDate, Event, Location
from kroniek.store import ingest, open_store

PLACES = (
    Location("Utrecht", "Utrecht", "NL", 52.09, 5.12, 2745912, 1),
    Location("Rotterdam", "South Holland", "NL", 51.92, 4.48, 2747891, 1),
    Location("Mosul", "Nineveh", "IQ", 36.34, 43.13, 99072, 1),
)
TYPES = (("riots", "violent_demonstration"), ("protests", "peaceful_protest"))


def corpus(size: int, version: str, seed: int = 13) -> list[tuple[Article, ArticleResult]]:
    """`size` articles, each with one or two events; version "B" moves dates, places and counts."""
    rng = random.Random(f"{seed}-{version}")
    pairs = []
    for number in range(size):
        published = dt.date(2021, 3, 1) + dt.timedelta(days=rng.randrange(20))
        events = []
        for _ in range(1 + rng.randrange(2)):
            kind, sub = rng.choice(TYPES)
            where = rng.choice(PLACES)
            day = published - dt.timedelta(days=rng.randrange(3))
            events.append(
                Event(
                    kind,
                    sub,
                    DateWindow(day, day, "day"),
                    where,
                    Actor("Rioters (Netherlands)", "rioters", where.country) if kind == "riots" else None,
                    None,
                    rng.choice([None, 1, 2, 5]),
                    rng.choice([None, 3, 10]),
                    (),
                    0.9,
                )
            )
        text = f"Article {number}, version {version}: {rng.random()}"
        article = Article(f"a{number:05d}", text, date=DocDate(published, "day", "field"), source="made up")
        pairs.append((article, ArticleResult(article.id, "en", article.date, tuple(events))))
    return pairs


def incidents(url: str) -> dict[str, list[tuple[Any, ...]]]:
    with open_store(url) as store:
        q = store.backend.query
        return {
            "incidents": sorted(q("SELECT id, signature FROM incidents")),
            "links": sorted(q("SELECT event_id, incident_id, rule FROM incident_events")),
        }


def _replace_half(url: str, half: int, size: int, start: Any) -> None:
    pairs = corpus(size, "B")[half::2]  # interleaved halves: both writers touch every component
    start.wait()
    with open_store(url) as store:
        ingest(pairs, store, batch_size=7, jobs=1)


def _open_new(url: str, start: Any) -> None:
    start.wait()
    open_store(url).close()


def run_together(target: Callable[..., None], args: list[tuple[Any, ...]]) -> list[int]:
    """Start one process per args tuple, released at once by a barrier; their exit codes."""
    context = multiprocessing.get_context("fork")
    start = context.Barrier(len(args))
    processes = [context.Process(target=target, args=(*a, start)) for a in args]
    for process in processes:
        process.start()
    for process in processes:
        process.join(300)
    return [process.exitcode if process.exitcode is not None else -999 for process in processes]


@contextmanager
def fresh_database(kind: str, workdir: Path, pg: str | None) -> Iterator[str]:
    if kind == "sqlite":
        yield str(workdir / f"{uuid.uuid4().hex[:8]}.db")
        return
    import psycopg

    assert pg is not None
    name = f"kroniek_two_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(pg, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(pg)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(pg, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def replacement_trial(kind: str, workdir: Path, pg: str | None, size: int, expected: dict[str, Any]) -> str:
    """ "" when the concurrent replacement ends equal to the sequential run, else what differs."""
    with fresh_database(kind, workdir, pg) as url:
        with open_store(url) as store:
            ingest(corpus(size, "A"), store, batch_size=50, jobs=1)
        codes = run_together(_replace_half, [(url, 0, size), (url, 1, size)])
        if codes != [0, 0]:
            return f"writer exit codes {codes}"
        found = incidents(url)
    if found == expected:
        return ""
    wrong = len(set(expected["links"]) ^ set(found["links"]))
    return f"{wrong} links and {len(set(expected['incidents']) ^ set(found['incidents']))} incidents differ"


def creation_trial(kind: str, workdir: Path, pg: str | None) -> str:
    with fresh_database(kind, workdir, pg) as url:
        codes = run_together(_open_new, [(url,), (url,)])
    return "" if codes == [0, 0] else f"exit codes {codes}"


def sequential(kind: str, workdir: Path, pg: str | None, size: int) -> dict[str, Any]:
    with fresh_database(kind, workdir, pg) as url:
        with open_store(url) as store:
            ingest(corpus(size, "A"), store, batch_size=50, jobs=1)
            ingest(corpus(size, "B"), store, batch_size=50, jobs=1)
        return incidents(url)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--pg", help="a PostgreSQL server URL: run the trials there too (a database each)")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory(prefix="kroniek-two-") as tmp:
        workdir = Path(tmp)
        for kind in ["sqlite"] + (["postgres"] if args.pg else []):
            started = time.perf_counter()
            expected = sequential(kind, workdir, args.pg, args.articles)
            replaced = [
                replacement_trial(kind, workdir, args.pg, args.articles, expected) for _ in range(args.trials)
            ]
            created = [creation_trial(kind, workdir, args.pg) for _ in range(args.trials)]
            for name, results in (("replacement", replaced), ("creation", created)):
                ok = sum(1 for r in results if not r)
                print(f"{kind} {name}: {ok}/{len(results)} equal to sequential / without error")
                for problem in sorted({r for r in results if r}):
                    print(f"  {problem}")
                failed = failed or ok < len(results)
            print(f"{kind}: {time.perf_counter() - started:.1f} s, {len(expected['incidents'])} incidents")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
