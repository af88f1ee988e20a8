"""Scale-out benchmark: the plain loop, `--jobs` 1 vs 2, and Dask LocalCluster 1 vs 2 workers.

    .venv/bin/python bench/scale.py                   # dev set texts repeated to 2,000 articles
    .venv/bin/python bench/scale.py -n 4000 --partition 200 --input dump.jsonl --json

Every path runs the same `kroniek.pipeline.extract_article` on the same articles, warm (language data,
gazetteer and detector loaded in every process first), so the figures compare only how the work is
spread. Quoted: articles/s of each, the 2-vs-1 ratios, and the Dask path's cost per article against
the plain loop (reading the partition, Parquet out, scheduling). Other work shares this machine: the
load average before and after is printed with the figures; read ratios from a quiet machine.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEV_SET = HERE.parent.parent / "shared/devset/dev.jsonl"

try:
    import kroniek  # noqa: F401
except ImportError:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(HERE.parent))

from kroniek.benchmark import load_articles, machine  # noqa: E402
from kroniek.model import Article  # noqa: E402
from kroniek.parallel import ExtractionPool, extract_all  # noqa: E402
from kroniek.pipeline import extract_article  # noqa: E402


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", action="append", help=f"a .jsonl/.txt file or folder (default {DEV_SET})")
    parser.add_argument("-n", "--articles", type=int, default=2000, help="repeat the texts to this many")
    parser.add_argument("--partition", type=int, default=100, help="articles per Dask partition")
    parser.add_argument("--rounds", type=int, default=3, help="time each path this often, keep the fastest")
    parser.add_argument("--no-dask", action="store_true", help="measure the one-machine paths only")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not args.input and not DEV_SET.is_file():
        print(f"scale: no dev set at {DEV_SET}; pass --input FILE", file=sys.stderr)
        return 2
    texts, _ = load_articles(args.input or [str(DEV_SET)])
    articles = [replace(texts[i % len(texts)], id=f"a{i:06d}") for i in range(args.articles)]

    figures: dict[str, object] = {"machine": machine(), "articles": len(articles), "load_before": _load()}
    _say(f"warming up on {len(texts)} texts ...")
    for article in texts:
        extract_article(article)
    n = len(articles)
    paths: dict[str, Callable[[], object]] = {
        "loop": lambda: [extract_article(a) for a in articles],
        "jobs1": lambda: list(extract_all(articles, 1)),
        "jobs2": lambda: list(extract_all(articles, 2)),
    }
    with contextlib.ExitStack() as stack:
        probes: dict[str, Callable[[], float]] = dict.fromkeys(paths, _local_cpu)
        if not args.no_dask:
            for workers in (1, 2):
                run, probe = _dask_path(stack, articles, texts, workers, args.partition)
                paths[f"dask{workers}"], probes[f"dask{workers}"] = run, probe
        # Rounds interleave the paths, so that a burst of other work on the machine hits them alike;
        # the fastest round of each path counts.
        best = dict.fromkeys(paths, (float("inf"), float("inf")))
        for round_ in range(args.rounds):
            for name, run in paths.items():
                wall, cpu = _timed(run, probes[name])
                best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
            _say(f"round {round_ + 1}: " + ", ".join(f"{k} {w:.1f} s" for k, (w, _) in best.items()))
    for name, (wall, cpu) in best.items():
        figures[f"{name}_per_s"] = n / wall
        figures[f"{name}_cpu_ms"] = cpu / n * 1000
    figures["jobs_ratio"] = best["jobs1"][0] / best["jobs2"][0]
    figures["pool_start_s"] = _pool_start(texts)
    if not args.no_dask:
        figures["dask_ratio"] = best["dask1"][0] / best["dask2"][0]
        figures["dask_overhead_ms"] = (best["dask1"][0] - best["loop"][0]) / n * 1000
        figures["dask_overhead_cpu_ms"] = (best["dask1"][1] - best["loop"][1]) / n * 1000
        figures["partition"] = args.partition
    figures["load_after"] = _load()
    print(json.dumps(figures, indent=1) if args.json else _format(figures))
    return 0


def _timed(run: Callable[[], object], cpu: Callable[[], float]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (of every process doing the work) of one run."""
    cpu_before, started = cpu(), time.perf_counter()
    run()
    return time.perf_counter() - started, cpu() - cpu_before


def _local_cpu() -> float:
    # Children count once reaped: the pools of extract_all are joined before it returns.
    return sum(
        usage.ru_utime + usage.ru_stime
        for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )


def _pool_start(sample: list[Article]) -> float:
    """Seconds from nothing to the first result of a 2-process pool forked from this warm process."""
    started = time.perf_counter()
    with ExtractionPool(2) as pool:
        list(pool.submit(sample[:2]))
    return time.perf_counter() - started


def _dask_path(
    stack: contextlib.ExitStack, articles: list[Article], warm: list[Article], workers: int, size: int
) -> tuple[Callable[[], object], Callable[[], float]]:
    """A run of `run_batch` over the articles as JSONL partitions on a warm LocalCluster, and its CPU."""
    from kroniek.batch import dask_client, plan_partitions, run_batch

    folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
    client = stack.enter_context(dask_client(None, workers))
    source = folder / "articles.jsonl"
    source.write_text("".join(_line(a) for a in articles), encoding="utf-8")
    partitions, _ = plan_partitions([str(source)], split=size)
    client.run(_warm_worker, warm)  # every worker loads its data once, as on a long run
    out = str(folder / "out")
    run_batch(partitions, out, client=client)  # and writes Parquet once (pyarrow's own start-up)

    def cpu() -> float:
        return _local_cpu() + sum(client.run(_process_cpu).values())

    return lambda: run_batch(partitions, out, client=client, force=True), cpu


def _process_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _warm_worker(texts: list[Article]) -> int:
    for article in texts:
        extract_article(article)
    return len(texts)


def _line(article: Article) -> str:
    return json.dumps({"id": article.id, "text": article.text, "url": article.url}, ensure_ascii=False) + "\n"


def _load() -> list[float] | None:
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def _say(message: str) -> None:
    print(f"scale: {message}", file=sys.stderr, flush=True)


def _format(f: dict) -> str:
    m = f["machine"]

    def row(label: str, key: str, extra: str = "") -> str:
        per_s, cpu = f[f"{key}_per_s"], f[f"{key}_cpu_ms"]
        return f"{label:<18}{per_s:7.0f} articles/s   {cpu:5.2f} CPU ms/article{extra}"

    lines = [
        f"machine: {m['cpu']}, {m['usable_cores']} usable core(s), {m['python']}; "
        f"load average before {f['load_before']}, after {f['load_after']}",
        f"articles: {f['articles']}, warm processes, fastest of the rounds",
        row("plain loop", "loop"),
        row("--jobs 1", "jobs1"),
        row("--jobs 2", "jobs2", f"   2 vs 1: {f['jobs_ratio']:.2f}x (pool start {f['pool_start_s']:.2f} s)"),
    ]
    if "dask_ratio" in f:
        lines += [
            row("dask, 1 worker", "dask1"),
            row("dask, 2 workers", "dask2", f"   2 vs 1: {f['dask_ratio']:.2f}x"),
            f"dask path overhead vs the plain loop: {f['dask_overhead_ms']:+.2f} ms/article wall, "
            f"{f['dask_overhead_cpu_ms']:+.2f} CPU ms/article (partitions of {f['partition']})",
        ]
    return "\n".join(lines)


if __name__ == "__main__":  # Dask's worker processes import this file again: start nothing then
    sys.exit(main())
