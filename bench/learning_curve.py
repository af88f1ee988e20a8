"""Learning curve of the event detector: cross-validated core-event F1 with 25/50/75/100% of the training
articles of each fold (what more coded data is worth). Writes a Markdown table to stdout.

    python bench/learning_curve.py ../shared/devset/train/*.jsonl [--folds 5]
"""

from __future__ import annotations

import argparse
import sys
import time

from kroniek.evaluate import read_gold
from kroniek.learn.crossval import cross_validate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="+")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--shares", default="0.25,0.5,0.75,1.0")
    args = parser.parse_args()
    records = [record for path in args.gold for record in read_gold(path)]
    languages = sorted({str(r.get("lang")) for r in records})
    print(f"| share of training articles | core-event F1 | P | R | {' | '.join(languages)} |")
    print("|" + " --- |" * (4 + len(languages)))
    for share in (float(s) for s in args.shares.split(",")):
        started = time.perf_counter()
        report = cross_validate(records, args.folds, share=share)
        by_lang = " | ".join(f"{report.by_lang[code].f1:.3f}" for code in languages)
        tally = report.overall
        print(f"| {share:.0%} | {tally.f1:.3f} | {tally.precision:.3f} | {tally.recall:.3f} | {by_lang} |")
        print(f"share {share:.0%} done in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
