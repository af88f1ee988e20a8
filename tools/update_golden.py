"""Rewrite tests/golden/<stem>.json from the extractor's output on tests/fixtures/articles/<stem>.txt.

Run it only after checking the output by hand: a golden file says what is RIGHT, not what the code does.

    .venv/bin/python tools/update_golden.py            # every fixture
    .venv/bin/python tools/update_golden.py fr de-x    # fixtures whose names start with "fr" or "de-x"
    .venv/bin/python tools/update_golden.py --diff fr  # show what would change, write nothing
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from goldenkit import coded, fixture_paths, golden_path, write_golden  # noqa: E402


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("prefixes", nargs="*", help="fixture name prefixes (default: all)")
    parser.add_argument("--diff", action="store_true", help="print changed fixtures, write nothing")
    args = parser.parse_args(argv)
    paths = sorted({p for prefix in args.prefixes or [""] for p in fixture_paths(prefix)})
    if not paths:
        print("no fixture matches", file=sys.stderr)
        return 1
    for path in paths:
        target = golden_path(path)
        if args.diff:
            old = json.loads(target.read_text(encoding="utf-8")) if target.exists() else None
            new = coded(path)
            if old != new:
                print(f"--- {target.name} changes:\n{json.dumps(new, ensure_ascii=False, indent=2)}")
            continue
        print(f"wrote {write_golden(path).relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
