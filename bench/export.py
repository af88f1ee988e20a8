"""Benchmark `kroniek export`: how long does writing incidents take, per format?

    .venv/bin/python bench/export.py                        # the explorer benchmark's database (bench/web.py)
    .venv/bin/python bench/export.py --db big.db --from 2024-01-01 -n 5 --format csv geojson

Each run is a fresh `python -m kroniek export` process (start-up, the gazetteer and the country tables
included, as a user pays them), writing to a temporary file; the figures are the median and the range of
the wall times, and incidents per second at the median. To compare with other code, run the same command
with PYTHONPATH pointing at that code's checkout: the export process inherits it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from kroniek.benchmark import machine  # noqa: E402

DEFAULT_DB = "/tmp/kroniek-web-bench.db"  # built by bench/web.py


def run_once(db: str, fmt: str, date_from: str | None) -> tuple[float, int]:
    """Seconds for one export, and how many incidents it wrote."""
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, f"out.{fmt}")
        command = [sys.executable, "-m", "kroniek", "export", "--db", db, "--format", fmt, "-o", out]
        if date_from:
            command += ["--from", date_from]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        wall = time.perf_counter() - started
    # the last stderr line: "kroniek: N incident(s) written ..."
    last = done.stderr.strip().splitlines()[-1]
    return wall, int(last.split(":", 1)[1].split()[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=DEFAULT_DB, help=f"a kroniek database (default {DEFAULT_DB})")
    parser.add_argument(
        "--from", dest="date_from", default="2024-01-01", help="export incidents from this day"
    )
    parser.add_argument(
        "--format", nargs="+", default=["csv"], choices=["csv", "jsonl", "geojson", "parquet"]
    )
    parser.add_argument("-n", "--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not Path(args.db).is_file():
        print(f"bench: no database at {args.db}; build one with bench/web.py", file=sys.stderr)
        return 2
    results = []
    for fmt in args.format:
        walls, count = [], 0
        for _ in range(args.runs):
            wall, count = run_once(args.db, fmt, args.date_from)
            walls.append(wall)
        median = statistics.median(walls)
        results.append(
            {
                "format": fmt,
                "incidents": count,
                "median_s": round(median, 2),
                "min_s": round(min(walls), 2),
                "max_s": round(max(walls), 2),
                "incidents_per_s": round(count / median),
            }
        )
    if args.json:
        print(json.dumps({"machine": machine(), "results": results}))
        return 0
    info = machine()
    print(f"machine: {info['cpu']}, {info['cores']} cores, {info['platform']}, {info['python']}")
    print(f"{'format':<8} {'incidents':>9} {'median s':>9} {'range s':>13} {'per s':>7}")
    for r in results:
        span = f"{r['min_s']}-{r['max_s']}"
        print(
            f"{r['format']:<8} {r['incidents']:>9,} {r['median_s']:>9} {span:>13} {r['incidents_per_s']:>7,}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
