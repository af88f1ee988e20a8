"""Extraction time against article size: how it grows, and what the time budget does (issue 13, finding 3).

    .venv/bin/python bench/article_size.py                    # nine shapes, 4 KB doubling up to 1 MB
    .venv/bin/python bench/article_size.py --max-kb 256 --budget 10 --json

Made-up shapes that real dumps contain: short riot reports repeated (many sentences, many
triggers), casualty sentences repeated, words without any punctuation (one endless sentence), riots
at a different one of 1,600 Dutch towns and days each (every report a new event: thousands of events),
such riots each followed by killings told apart on the same day in the same town (thousands of killings,
each of which may be part of a riot: `event_grouping._absorb_killings`), districts the gazetteer does not
know in a few towns it does, in Dutch and English ("de wijk Zandhoven", "the district of Qarabagh"), one
clash told again and again (one event of thousands of sentences) and shootings told in phrases of several
words ("opened fire"). Each size runs once under `kroniek.budget.TimeBudget` (a run past the budget is
stopped, as in `kroniek ingest`, and the doubling stops there); `growth` is time(2n) / time(n): 2 is
linear, 4 quadratic. A 10 MB article is refused by the reader before extraction (`kroniek.ingest.limits`).
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import random
import sys
import time
from collections.abc import Callable

from kroniek.budget import TimeBudget
from kroniek.gazetteer import default_gazetteer
from kroniek.ingest import read_stdin
from kroniek.model import Article, InputError
from kroniek.parallel import extract_safely
from kroniek.pipeline import extract_article


def _repeated(size: int, sentence: Callable[[random.Random], str]) -> str:
    """`size` characters of sentences made one after another from one seeded generator."""
    rng, parts, total = random.Random(1), [], 0
    while total < size:
        parts.append(sentence(rng))
        total += len(parts[-1])
    return "".join(parts)[:size]


def riot(size: int) -> str:
    towns = ["Utrecht", "Rotterdam", "Arnhem", "Leiden", "Delft"]
    return _repeated(
        size,
        lambda rng: (
            f"Bij rellen in {rng.choice(towns)} raakten zaterdag {rng.randint(2, 30)} agenten gewond. "
        ),
    )


def casualty(size: int) -> str:
    return _repeated(
        size,
        lambda rng: (
            f"In Mosul {rng.randint(2, 40)} people were killed and "
            f"{rng.randint(2, 40)} wounded in a bombing. "
        ),
    )


def unpunctuated(size: int) -> str:
    rng = random.Random(1)
    words = ["rellen", "politie", "agenten", "gewond", "demonstranten", "utrecht", "zaterdag", "stad"]
    words += ["doden", "aanslag", "betoging"]
    parts, total = [], 0
    while total < size:
        parts.append(rng.choice(words))
        total += len(parts[-1]) + 1
    return " ".join(parts)[:size]


MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober"]


def _dutch_towns() -> list[str]:
    gaz = default_gazetteer()
    towns = sorted({gaz.record(offset).name for offset in gaz.records_of("NL")})
    return [town for town in towns if town.isalpha() and len(town) > 4]


def many_towns(size: int) -> str:
    towns = _dutch_towns()

    def sentence(rng: random.Random) -> str:
        town, day, month = rng.choice(towns), rng.randint(1, 28), rng.choice(MONTHS)
        return f"Op {day} {month} 2019 raakten bij rellen in {town} {rng.randint(2, 30)} agenten gewond. "

    return _repeated(size, sentence)


def killings(size: int) -> str:
    towns = _dutch_towns()

    def sentence(rng: random.Random) -> str:
        town, day, month = rng.choice(towns), rng.randint(1, 28), rng.choice(MONTHS)
        return (
            f"Op {day} {month} 2019 waren er rellen in {town}. "
            f"Op {day} {month} 2019 werden in {town} {rng.randint(2, 9)} mensen vermoord. "
        )

    return _repeated(size, sentence)


def districts(size: int) -> str:
    # Made-up district names after a few known towns (the gazetteer gives each town's mentions together).
    towns = ["Utrecht", "Rotterdam", "Arnhem", "Leiden", "Delft", "Haarlem", "Zwolle"]
    wijken = ["Zandhoven", "Kelderveld", "Morsakker", "Brinkhage", "Veltrode", "Oosterkamp"]
    return _repeated(
        size,
        lambda rng: (
            f"In {rng.choice(towns)} raakten zaterdag in de wijk {rng.choice(wijken)} "
            f"bij rellen {rng.randint(2, 30)} agenten gewond. "
        ),
    )


def districts_en(size: int) -> str:
    towns = ["Kabul", "Kandahar", "Herat", "Jalalabad", "Mosul", "Kirkuk"]
    names = ["Qarabagh", "Dihrawud", "Sangrabad", "Tormazai", "Khalbazar", "Nurkhel"]
    return _repeated(
        size,
        lambda rng: (
            f"In {rng.choice(towns)}, a bomb exploded in the district of {rng.choice(names)}, "
            f"killing {rng.randint(2, 30)} people. "
        ),
    )


def clashes(size: int) -> str:
    # One clash told again and again: one event of thousands of frames, its sides read as it grows.
    return _repeated(
        size,
        lambda rng: (
            f"In Mosul gunmen clashed with soldiers on Monday, killing {rng.randint(2, 30)} soldiers. "
        ),
    )


def shootings(size: int) -> str:
    # Phrases of several words ("opened fire"), each a trigger of its own.
    return _repeated(
        size,
        lambda rng: (
            f"Gunmen opened fire on a police post in Kandahar, wounding {rng.randint(2, 30)} policemen. "
        ),
    )


SHAPES = {
    "riot (nl)": (riot, "nl"),
    "casualty (en)": (casualty, "en"),
    "no punctuation (nl)": (unpunctuated, "nl"),
    "many towns (nl)": (many_towns, "nl"),
    "riots and killings (nl)": (killings, "nl"),
    "districts (nl)": (districts, "nl"),
    "districts (en)": (districts_en, "en"),
    "clashes (en)": (clashes, "en"),
    "shootings (en)": (shootings, "en"),
}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--min-kb", type=int, default=4)
    parser.add_argument("--max-kb", type=int, default=1024)
    parser.add_argument("--budget", type=float, default=30.0, help="seconds per article (kroniek's default)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--shape", action="append", help="only the shapes whose name holds this (repeatable)")
    args = parser.parse_args()
    extract = TimeBudget(extract_article, args.budget)
    extract_safely(extract, Article("warm", "Rellen in Utrecht.", lang="nl"))
    extract_safely(extract, Article("warm", "Riots in Leeds.", lang="en"))
    rows = []
    for name, (make, lang) in SHAPES.items():
        if args.shape and not any(part in name for part in args.shape):
            continue
        previous = None
        kb = args.min_kb
        while kb <= args.max_kb:
            text = make(kb * 1000)
            started, cpu = time.perf_counter(), time.process_time()
            result = extract_safely(extract, Article(f"{kb}kb", text, lang=lang, source=f"{name} {kb} KB"))
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            stopped = isinstance(result, InputError)
            growth = seconds / previous if previous and not stopped else None
            rows.append(
                {
                    "shape": name,
                    "kb": kb,
                    "seconds": round(seconds, 3),
                    "cpu_seconds": round(
                        cpu, 3
                    ),  # (on a shared machine, the wall clock counts the others too)
                    "growth": growth,
                    "stopped": stopped,
                }
            )
            if not args.json:
                shown = f"x{growth:.1f}" if growth else ""
                note = "stopped by the budget" if stopped else ""
                print(f"{name:<24} {kb:>6} KB  {seconds:8.2f} s ({cpu:.2f} s CPU)  {shown:>6}  {note}")
            if stopped:
                break
            previous, kb = seconds, kb * 2
    started = time.perf_counter()
    (refused,) = read_stdin(io.BytesIO(riot(10_000_000).encode()))
    refusal = {
        "kb": 10_000,
        "refused": isinstance(refused, InputError),
        "seconds": time.perf_counter() - started,
    }
    machine = f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}"
    if args.json:
        print(json.dumps({"machine": machine, "budget": args.budget, "runs": rows, "ten_mb": refusal}))
    else:
        print(f"10 MB article: refused by the reader in {refusal['seconds']:.2f} s ({refused.message})")  # type: ignore[union-attr]
        print(f"machine: {machine}; budget {args.budget:g} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
