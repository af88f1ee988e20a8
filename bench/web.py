"""Benchmark the explorer on a database of 100,000 incidents: how fast do its pages answer?

    .venv/bin/python bench/web.py                    # builds /tmp/kroniek-web-bench.db once, then measures
    .venv/bin/python bench/web.py --db big.db -n 20  # another database (built if missing), 20 requests a page

The database is synthetic and inserted with SQL through the store's schema (extraction and fusion
would take far longer and are benchmarked elsewhere): 100,000 incidents over eight years in the
gazetteer's larger cities, each with one to three source articles of ~700 characters (full-text
indexed) whose evidence and field spans point into the text, as real ones do. It is built once and
reused while its row count matches.

The server runs as `kroniek serve` does (uvicorn, one process) on 127.0.0.1, and each page is fetched
over one keep-alive HTTP connection after a warm-up; the figures are the median and 95th percentile of
the wall time per request. Target: the first page and an incident page under 300 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import http.client
import json
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from kroniek.benchmark import machine  # noqa: E402
from kroniek.model import EVENT_TYPES  # noqa: E402
from kroniek.store import open_store  # noqa: E402
from kroniek.store.rows import pack_text  # noqa: E402

DEFAULT_DB = "/tmp/kroniek-web-bench.db"
TARGET_MS = 300.0
FIRST_DAY = dt.date(2018, 1, 1)
DAYS = 8 * 365
WORDS = (
    "police", "protesters", "army", "rebels", "market", "village", "district", "town", "capital", "road",
    "convoy", "checkpoint", "ministry", "council", "mayor", "residents", "witnesses", "officials", "hospital",
    "school", "bridge", "border", "camp", "soldiers", "militia", "gunmen", "crowd", "students", "farmers",
)  # fmt: skip
COUNTRIES = ("NL", "IQ", "NG", "SY", "FR")
ACTOR_NAMES = ("Police", "Military", "Protesters", "Rioters", "Militia", "Civilians")
ACTOR_TYPES = ("state_forces", "protesters", "rioters", "civilians", "rebel_groups")


def places(rng: random.Random, count: int = 2500) -> list[tuple[Any, ...]]:
    """Large cities from the gazetteer (id, geonames id, name, admin1, country, lat, lon)."""
    found: list[tuple[Any, ...]] = []
    path = REPO / "kroniek" / "data" / "gazetteer.tsv.gz"
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            in_records = False
            for line in lines:
                if line.startswith("@"):
                    in_records = line.startswith("@records")
                    continue
                parts = line.rstrip("\n").split("\t")
                if not in_records or len(parts) < 10 or parts[4] != "c" or not parts[9].isdigit():
                    continue
                if int(parts[9]) >= 150_000:
                    gid = int(parts[0])
                    found.append(
                        (f"gn:{gid}", gid, parts[2], None, parts[3], float(parts[7]), float(parts[8]))
                    )
    except (OSError, ValueError):
        found = []
    if len(found) < 100:  # the gazetteer's layout changed: random places still exercise the queries
        found = [
            (f"gn:{9_000_000 + i}", 9_000_000 + i, f"Town {i}", None, rng.choice(COUNTRIES),
             rng.uniform(-40, 60), rng.uniform(-100, 120))
            for i in range(count)
        ]  # fmt: skip
    rng.shuffle(found)
    return found[:count]


def build(path: str, incidents: int, seed: int = 7) -> None:
    """A fresh database with `incidents` synthetic incidents (and their events, articles, places, actors)."""
    rng = random.Random(seed)
    Path(path).unlink(missing_ok=True)
    store = open_store(path)  # creates the schema through the store's own migrations
    conn = store.backend.conn
    spots = places(rng)
    actor_rows = [
        (f"a{i:05d}", f"{rng.choice(ACTOR_NAMES)} of {spot[4]} {i}", rng.choice(ACTOR_TYPES), spot[4])
        for i, spot in enumerate(spots[:400])
    ]  # fmt: skip
    subtypes = [(main, sub) for main, subs in EVENT_TYPES.items() for sub in subs]
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    articles, events, incident_rows, links = [], [], [], []
    article_n = 0
    for n in range(incidents):
        spot = spots[int(rng.paretovariate(1.2) * 7) % len(spots)]  # a few places get most incidents
        main, sub = rng.choice(subtypes)
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        precision = rng.choices(["day", "week", "month"], [8, 1, 1])[0]
        end = day + dt.timedelta(days={"day": 0, "week": 6, "month": 29}[precision])
        deaths = rng.choice([None, None, None, 0, 1, 2, 3, 5, 8, 12, 20, 45])
        a1, a2 = rng.choice(actor_rows)[0], rng.choice([None, rng.choice(actor_rows)[0]])
        iid = f"{n:012x}"
        sources = rng.choices([1, 2, 3], [7, 2, 1])[0]
        for k in range(sources):
            article_n += 1
            aid = f"bench-{article_n:07d}"
            text, evidence, provenance = _article(rng, spot[2], day, deaths)
            articles.append(
                (aid, f"t{article_n}", f"i{article_n}", rng.choice(["en", "nl", "de", "fr"]),
                 f"https://news.example/{aid}", day.isoformat(), "day", "bench", pack_text(text), 1, now)
            )  # fmt: skip
            eid = f"e{article_n:015x}"
            events.append(
                (eid, aid, 0, main, sub, day.isoformat(), end.isoformat(), precision, spot[0], 1, spot[4],
                 a1, a2, deaths, None, 0.8, json.dumps(evidence), json.dumps(provenance))
            )  # fmt: skip
            links.append((eid, iid, "founding report" if k == 0 else "same place; same day"))
        incident_rows.append(
            (iid, main, sub, day.isoformat(), end.isoformat(), precision, spot[0], 1, spot[4], a1, a2, deaths,
             deaths, deaths, None, None, None, sources, "[]", iid, 0)
        )  # fmt: skip
    with store.backend.transaction():
        conn.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?)", spots)
        conn.executemany("INSERT INTO actors VALUES (?, ?, ?, ?)", actor_rows)
        conn.executemany(
            "INSERT INTO articles (id, text_hash, input_hash, lang, url, doc_date, doc_date_precision, "
            "source, text, n_events, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            articles,
        )
        conn.executemany(f"INSERT INTO events VALUES ({', '.join('?' * 18)})", events)
        conn.executemany(f"INSERT INTO incidents VALUES ({', '.join('?' * 21)})", incident_rows)
        conn.executemany("INSERT INTO incident_events VALUES (?, ?, ?)", links)
    conn.execute("ANALYZE")
    store.close()


def _article(rng: random.Random, place: str, day: dt.date, deaths: int | None) -> tuple[str, list, list]:
    weekday = day.strftime("%A")
    lead = f"Clashes broke out in {place} on {weekday} between {rng.choice(WORDS)} and {rng.choice(WORDS)}."
    toll = (
        f" At least {deaths} people were killed, officials said." if deaths else " No one was reported hurt."
    )
    filler = " ".join(" ".join(rng.choices(WORDS, k=12)).capitalize() + "." for _ in range(6))
    text = f"date {day.isoformat()}\n{lead}{toll} {filler}\n"
    start = text.index("Clashes")
    # As the store keeps spans (rows.span_offsets): offsets into the text and the rule.
    evidence = [[start, start + len(lead), "sentence"]]
    at = text.index(place, start)
    provenance = [["event_type", start, start + 7, "bench"], ["location", at, at + len(place), "bench"]]
    return text, evidence, provenance


def count(path: str) -> int:
    import sqlite3

    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            return int(conn.execute("SELECT COUNT(*) FROM incidents").fetchone()[0])
    except sqlite3.Error:
        return -1


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def measure(port: int, path: str, times: int) -> dict[str, Any]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    walls, size, status, first = [], 0, 0, 0.0
    for i in range(times + 2):
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        wall = (time.perf_counter() - start) * 1000
        status, size = response.status, len(body)
        if i == 0:
            first = wall
        if i >= 2:  # two warm-up requests: the first pays for cold caches
            walls.append(wall)
    conn.close()
    walls.sort()
    return {
        "path": path,
        "status": status,
        "bytes": size,
        "first_ms": round(first, 1),
        "median_ms": round(statistics.median(walls), 1),
        "p95_ms": round(walls[max(0, int(len(walls) * 0.95) - 1)], 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db", default=DEFAULT_DB, help=f"SQLite file to build or reuse (default {DEFAULT_DB})"
    )
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("-n", "--requests", type=int, default=30, help="timed requests per page")
    parser.add_argument("--rebuild", action="store_true", help="build the database even if it exists")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)

    if args.rebuild or count(args.db) != args.incidents:
        started = time.perf_counter()
        print(f"building {args.db} with {args.incidents:,} incidents ...", file=sys.stderr)
        build(args.db, args.incidents)
        print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)

    import sqlite3

    with sqlite3.connect(f"file:{args.db}?mode=ro", uri=True) as conn:
        multi = conn.execute("SELECT id FROM incidents WHERE n_sources = 3 ORDER BY id LIMIT 1").fetchone()[0]
        town = conn.execute(
            "SELECT p.name FROM incidents i JOIN places p ON p.id = i.place_id GROUP BY p.name "
            "ORDER BY COUNT(*) DESC LIMIT 1 OFFSET 20"
        ).fetchone()[0]
        busy = conn.execute(
            "SELECT country FROM incidents GROUP BY country ORDER BY COUNT(*) DESC LIMIT 1"
        ).fetchone()[0]
        counts = {
            t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("incidents", "events", "articles")
        }
    pages = [
        ("first page", "/incidents"),
        ("first page JSON", "/incidents.json"),
        ("incident page", f"/incidents/{multi}"),
        ("incident JSON", f"/incidents/{multi}.json"),
        ("map JSON", "/map.json"),
        ("timeline JSON", "/timeline.json"),
        ("map JSON, one type", "/map.json?type=riots"),
        ("timeline, one type", "/timeline.json?type=riots"),
        ("filtered page", f"/incidents?type=riots&country={busy}&from=2021-01-01&to=2022-12-31"),
        ("full-text page", f"/incidents?q={quote_plus(town)}"),
        ("full-text, broad", "/incidents?q=police"),
        ("deep page", "/incidents?page=1000"),
        ("language page", "/incidents?lang=nl"),
    ]
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "kroniek", "serve", "--db", args.db, "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    print("bench: the server did not start", file=sys.stderr)
                    return 1
                time.sleep(0.2)
        results = {name: measure(port, path, args.requests) for name, path in pages}
    finally:
        server.terminate()
        server.wait(timeout=10)

    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "database": {"path": args.db, **counts},
        "requests_per_page": args.requests,
        "pages": results,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        m = report["machine"]
        print(f"machine: {m['cpu']}, {m['cores']} cores, {m['platform']}, {m['python']}")
        c = counts
        print(f"database: {c['incidents']:,} incidents, {c['events']:,} events, {c['articles']:,} articles")
        print(f"{'page':<20} {'first ms':>9} {'median ms':>10} {'p95 ms':>8} {'KB':>7}  status  path")
        for name, r in results.items():
            flag = (
                "  > target"
                if name.startswith(("first page", "incident")) and r["median_ms"] > TARGET_MS
                else ""
            )
            print(
                f"{name:<20} {r['first_ms']:>9.1f} {r['median_ms']:>10.1f} {r['p95_ms']:>8.1f} "
                f"{r['bytes'] / 1024:>7.1f}  {r['status']}     {r['path']}{flag}"
            )
    slow = [
        n
        for n, r in results.items()
        if n.startswith(("first page", "incident")) and r["median_ms"] > TARGET_MS
    ]
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
