"""Benchmark the extractor and append the figures to bench/results.jsonl.

    .venv/bin/python bench/run.py                       # the dev set's texts: first sight, then warm
    .venv/bin/python bench/run.py --input my.jsonl -n 10000 --no-save

See bench/README.md for what is measured and how to read it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEV_SET = REPO.parent / "shared/devset"  # dev, train and fusion: 523 distinct texts
RESULTS = HERE / "results.jsonl"

try:
    from kroniek.cli.bench import run
except ImportError:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(REPO))
    from kroniek.cli.bench import run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--input", action="append", help=f"a .jsonl/.txt file or folder (repeatable; default {DEV_SET})"
    )
    parser.add_argument(
        "-n", "--articles", type=int, default=4000, help="repeat the texts to at least this many"
    )
    parser.add_argument(
        "--no-cold", action="store_true", help="skip timing a fresh process to its first result"
    )
    parser.add_argument(
        "--no-first-sight", action="store_true", help="skip coding each distinct text once in fresh processes"
    )
    parser.add_argument("--results", default=str(RESULTS), help="the JSON lines file to append to")
    parser.add_argument("--no-save", action="store_true", help="print only, append nothing")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    inputs = args.input or [str(DEV_SET)]
    if not args.input and not DEV_SET.is_dir():
        print(f"bench: the dev set is not at {DEV_SET}; pass --input FILE", file=sys.stderr)
        return 2
    save = None if args.no_save else args.results
    return run(
        inputs,
        args.articles,
        cold=not args.no_cold,
        save=save,
        as_json=args.json,
        first=not args.no_first_sight,
    )


if __name__ == "__main__":
    sys.exit(main())
