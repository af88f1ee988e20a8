"""Start-up: seconds from starting a fresh process to the first article's result (issue 12: <= 0.5 s).

    .venv/bin/python bench/startup.py            # median of 7 fresh processes, each way
    .venv/bin/python bench/startup.py --runs 15

Two ways: `python -c "from kroniek import extract; extract(text)"` (split into import and first article,
as `kroniek bench` records it), and the command `kroniek extract FILE` on one article (wall time of the
whole process). The article is the first of the dev set (`../shared/devset/dev.jsonl`), or `--text FILE`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEV_SET = REPO.parent / "shared/devset/dev.jsonl"

try:
    from kroniek.benchmark import cold_start
except ImportError:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(REPO))
    from kroniek.benchmark import cold_start


def command_seconds(text: str, runs: int) -> tuple[float, float]:
    """Median wall time and CPU time of `kroniek extract` on one article in a fresh process (on a shared
    machine the wall time also holds the time other processes had the core)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "article.txt"
        path.write_text(text, encoding="utf-8")
        times, cpu = [], []
        for _ in range(runs):
            began, used = time.perf_counter(), _children_cpu()
            subprocess.run(
                [sys.executable, "-m", "kroniek", "extract", str(path)],
                capture_output=True,
                check=True,
                cwd=REPO,
            )
            times.append(time.perf_counter() - began)
            cpu.append(_children_cpu() - used)
    return round(statistics.median(times), 3), round(statistics.median(cpu), 3)


def _children_cpu() -> float:
    """CPU seconds (user and system) of the finished child processes so far."""
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--text", help="a text file to code (default: the dev set's first article)")
    args = parser.parse_args(argv)
    if args.text:
        text = Path(args.text).read_text(encoding="utf-8")
    else:
        with DEV_SET.open(encoding="utf-8") as lines:
            text = json.loads(next(lines))["text"]
    figures = cold_start(text, runs=args.runs)
    figures["command_s"], figures["command_cpu_s"] = command_seconds(text, args.runs)
    figures["runs"] = args.runs
    print(json.dumps(figures))
    return 0 if figures.get("cold_note") is None else 1


if __name__ == "__main__":
    sys.exit(main())
