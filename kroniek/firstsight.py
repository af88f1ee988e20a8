"""First sight: how fast the extractor codes texts it has never seen, as a news stream always is.

`kroniek.benchmark` repeats its texts, so every cache keyed on a word, a place or a phrase is warm after
the first round. Here each distinct text is coded once, in a fresh process whose only warm-up is one
short built-in sentence per language (which loads each language's data and the learned detector, as any
long run does once), and then a second time in the same process: the warm figure on the very same texts,
so that the two compare. A bare `\\w+` pass over each text is timed beside it (the floor). Times are
the CPU time of the process's thread (articles per second per core), which another process on the same
core does not inflate as it does the wall clock.

Three fresh processes: the full extractor (learned detector on), the trigger rules alone, and the
full extractor with each stage call timed (`stages_ms`, the detector's parts included).

The figures of each pass have the shape `kroniek.benchmark.summary_figures` gives (per 2,000 characters).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

FIRST_SIGHT_TIMEOUT_S = 900

# Not from any evaluation set: one short report per language, to load its data before the timed pass.
WARM_UP = {
    "nl": "Bij een aanslag in Kaboel zijn zaterdag zeker tien doden gevallen.",
    "en": "Police fired tear gas at protesters in Baghdad on Tuesday; two people were killed.",
    "de": "Bei einem Anschlag in Kabul wurden am Samstag zehn Menschen getötet.",
    "fr": "Dix personnes ont été tuées samedi dans un attentat à Kaboul.",
}


def first_sight(paths: Sequence[str], stages: bool = True) -> dict[str, Any]:
    """Figures of first sight (each distinct text once, fresh process) and of the same texts warm."""
    result: dict[str, Any] = {}
    full = _child(paths, "full")
    result["first_sight"] = full
    result["first_sight_rules"] = _child(paths, "rules")
    if stages:
        result["first_sight_stages_ms"] = _child(paths, "stages")
    return result


def _child(paths: Sequence[str], mode: str) -> dict[str, Any]:
    root = Path(__file__).resolve().parents[1]  # so an uninstalled checkout imports too
    child = subprocess.run(
        [sys.executable, "-m", "kroniek.firstsight", mode, *paths],
        capture_output=True,
        text=True,
        cwd=root,
        timeout=FIRST_SIGHT_TIMEOUT_S,
        check=False,
    )
    if child.returncode != 0:
        lines = child.stderr.strip().splitlines() or ["no output"]
        raise RuntimeError(f"first-sight child ({mode}) failed: {lines[-1]}")
    return json.loads(child.stdout.strip().splitlines()[-1])


def _run(mode: str, paths: Sequence[str]) -> dict[str, Any]:
    """In the fresh process: warm up on WARM_UP, then code each distinct text once, then again."""
    began = time.perf_counter()
    from kroniek import benchmark
    from kroniek.model import Article
    from kroniek.pipeline import extract_article

    detector = None if mode == "rules" else "shipped"
    for code, text in WARM_UP.items():
        extract_article(Article(id=f"warm-{code}", text=text, lang=code), detector)
    warmed = time.perf_counter() - began
    loaded, _ = benchmark.load_articles(paths)
    seen: set[str] = set()
    articles = [a for a in loaded if not (a.text in seen or seen.add(a.text))]  # type: ignore[func-returns-value]
    if mode == "stages":
        return {"warm_up_s": round(warmed, 3), **benchmark.stage_breakdown(articles)}
    # CPU time of this thread, not wall time: on a shared machine the wall clock also counts the time other
    # processes hold the core (the wall figure is kept beside it).
    clock, findall = time.thread_time_ns, benchmark.FLOOR.findall
    chars = [len(a.text) for a in articles]
    passes: list[tuple[list[int], int]] = []
    events = 0
    walls = []
    for _ in range(2):  # first sight, then the same texts warm
        times, floor = [], []
        began_wall = time.perf_counter()
        for article in articles:
            start = clock()
            found = extract_article(article, detector)
            times.append(clock() - start)
            start = clock()
            findall(article.text)
            floor.append(clock() - start)
            events += len(found.events)
        walls.append(time.perf_counter() - began_wall)
        passes.append((times, sum(floor)))
    first, warm = (benchmark.summary_figures(*p, sum(chars), per_chars=2000) for p in passes)
    return {
        "mode": mode,
        "distinct_articles": len(articles),
        "chars_mean": round(statistics.fmean(chars)),
        **first,
        "wall_articles_per_s": round(len(articles) / walls[0], 1),  # extraction and floor, by the wall clock
        "warm_articles_per_s": warm["articles_per_s"],
        "warm_median_ms": warm["median_ms"],
        "first_to_warm": round(sum(passes[0][0]) / sum(passes[1][0]), 2),
        "events": events // 2,
        "warm_up_s": round(warmed, 3),
        "peak_rss_mb": benchmark.peak_rss_mb(),
    }


if __name__ == "__main__":
    print(json.dumps(_run(sys.argv[1], sys.argv[2:])))
