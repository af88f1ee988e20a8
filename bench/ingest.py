"""Benchmark: articles per second, end to end (read, extract, store, fuse) into a fresh SQLite file.

Builds N articles by repeating source texts (the dev set's texts when available, else the fusion
stories), each copy with its own id and a distinct last line so that none is skipped as a copy, writes
them to a JSONL file, and times `kroniek.store.ingest` over `kroniek.ingest.read_articles` of it.
Also times extraction alone, and storing + fusing alone (results given), so each part's cost shows.
Repeating a few texts makes every text's events fuse into one big incident per event: a heavy case
for fusion (each batch re-clusters incidents with hundreds of sources).

    python bench/ingest.py                 # 3000 articles, jobs 1
    python bench/ingest.py -n 10000 --jobs 2
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from kroniek.ingest import read_articles
from kroniek.model import Article
from kroniek.pipeline import extract_article
from kroniek.store import ingest, open_store

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "devset" / "dev.jsonl"
STORIES = ROOT / "tests" / "fixtures" / "stories"


def source_texts(path: Path | None) -> tuple[str, list[str]]:
    """(name, texts): the dev set's texts (only id and text are read), else the story articles."""
    if path and path.exists():
        with path.open(encoding="utf-8") as stream:
            return path.name, [json.loads(line)["text"] for line in stream if line.strip()]
    return "stories", [p.read_text(encoding="utf-8") for p in sorted(STORIES.glob("*/*.txt"))]


def machine() -> str:
    cpu = "unknown cpu"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    python = platform.python_version()
    return f"{platform.node()} ({cpu}, {os.cpu_count()} cores, Python {python}, {sys.platform})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--articles", type=int, default=3000)
    parser.add_argument("--jobs", type=int, default=1, help="extraction worker processes")
    parser.add_argument("--batch-size", type=int, default=250)
    parser.add_argument(
        "--texts", type=Path, default=DEV, help="JSONL with a text field (default: the dev set)"
    )
    args = parser.parse_args()

    name, texts = source_texts(args.texts)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bench.jsonl"
        with src.open("w", encoding="utf-8") as out:
            for i in range(args.articles):
                text = f"{texts[i % len(texts)]}\n\n(bench copy {i})"
                out.write(json.dumps({"id": f"bench-{i:07d}", "text": text}, ensure_ascii=False) + "\n")
        chars = src.stat().st_size / args.articles

        articles = [a for a in read_articles([str(src)]) if isinstance(a, Article)]
        extract_article(articles[0])  # load language data and models before timing
        started = time.perf_counter()
        results = {a.id: extract_article(a) for a in articles}
        extract_s = time.perf_counter() - started
        events = sum(len(r.events) for r in results.values())

        # Storing and fusing alone: the same articles with their results already extracted.
        with open_store(str(Path(tmp) / "store_only.db")) as store:
            started = time.perf_counter()
            ingest(articles, store, batch_size=args.batch_size, extract=lambda a: results[a.id])
            store_s = time.perf_counter() - started

        with open_store(str(Path(tmp) / "bench.db")) as store:
            started = time.perf_counter()
            summary = ingest(read_articles([str(src)]), store, batch_size=args.batch_size, jobs=args.jobs)
            total_s = time.perf_counter() - started
            counts = store.counts()
        db_mb = sum(f.stat().st_size for f in Path(tmp).glob("bench.db*")) / 1e6

    n = args.articles
    print(f"machine:    {machine()}")
    print(f"input:      {n} articles from {len(texts)} {name} texts, ~{chars:.0f} bytes each")
    print(
        f"extract:    {n / extract_s:,.0f} articles/s alone, one process "
        f"({1000 * extract_s / n:.2f} ms/article)"
    )
    print(
        f"ingest:     {n / total_s:,.0f} articles/s end to end into SQLite (jobs={args.jobs}, "
        f"batch={args.batch_size}; {1000 * total_s / n:.2f} ms/article)"
    )
    print(
        f"store+fuse: {n / store_s:,.0f} articles/s with results given ({1000 * store_s / n:.2f} ms/article)"
    )
    print(f"stored:     {summary.stored} articles, {counts['events']} events ({events} extracted), "
          f"{counts['incidents']} incidents; database {db_mb:.1f} MB")  # fmt: skip
    if summary.failed or summary.skipped:
        print(f"note:       {summary.failures} failed, {sum(summary.skipped.values())} skipped")


if __name__ == "__main__":
    main()
