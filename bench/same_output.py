"""Is `kroniek extract`'s output on the dev set the same as a saved earlier output? (issue 12: a speed-up
or a restructuring must not change a single field).

    .venv/bin/python bench/same_output.py --save /tmp/before.jsonl   # on the commit before the change
    .venv/bin/python bench/same_output.py /tmp/before.jsonl          # after it: exit 1 and the first
                                                                     # differing articles if not identical

Reads `../shared/devset/dev.jsonl` and `train/*.jsonl` (479 articles) with `kroniek extract` in a fresh
process (output sorted by id). Keep the saved output outside the repository: it holds the dev set's ids.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEV_SET = REPO.parent / "shared/devset"


def extract_output() -> list[str]:
    inputs = [str(DEV_SET / "dev.jsonl"), *sorted(str(p) for p in (DEV_SET / "train").glob("*.jsonl"))]
    done = subprocess.run(
        [sys.executable, "-m", "kroniek", "extract", "--jobs", "1", *inputs],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    )
    return sorted(done.stdout.splitlines(), key=lambda line: json.loads(line)["id"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", nargs="?", help="a saved output to compare with")
    parser.add_argument("--save", help="write the output here instead of comparing")
    args = parser.parse_args(argv)
    lines = extract_output()
    if args.save:
        Path(args.save).write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(lines)} articles saved to {args.save}")
        return 0
    if not args.before:
        parser.error("give a saved output or --save FILE")
    before = Path(args.before).read_text(encoding="utf-8").splitlines()
    differ = [(a, b) for a, b in zip(before, lines, strict=False) if a != b]
    if len(before) != len(lines) or differ:
        print(f"DIFFERENT: {len(before)} articles before, {len(lines)} now, {len(differ)} differ")
        for a, b in differ[:3]:
            print(f"  before {a[:300]}\n  now    {b[:300]}")
        return 1
    print(f"identical: {len(lines)} articles")
    return 0


if __name__ == "__main__":
    sys.exit(main())
