"""How fast the extractor is: throughput, per-article times, memory and start-up, against a floor.

One process, one core. The texts are repeated until there are enough articles
for stable figures; a bare `\\w+` tokenising pass over the same texts is the floor
that says how far the full extraction is from just reading the words, a ratio
that changes much less between machines than articles per second.

    >>> from kroniek.model import Article
    >>> result = run_benchmark([Article("a", "Rellen in Utrecht.")], min_articles=3, cold=False)
    >>> result["articles"], sorted(result)[:3]
    (3, ['articles', 'articles_per_s', 'chars_mean'])
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import functools
import inspect
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from kroniek.ingest import read_articles
from kroniek.model import Article, InputError

FLOOR = re.compile(r"\w+")
RESULTS_PATH = "bench/results.jsonl"  # where bench/run.py appends, relative to the repository
PROGRESS_EVERY = 500
COLD_RUNS = 3
COLD_TIMEOUT_S = 300

# Run in a fresh interpreter: how long from process start to the first coded article.
_COLD_CODE = """
import json, sys, time
began = time.perf_counter()
from kroniek import extract
imported = time.perf_counter()
text = sys.stdin.read()
result = extract(text)
done = time.perf_counter()
print(json.dumps({"wall": time.time(), "import_s": imported - began, "first_s": done - imported,
                  "events": len(result.events)}))
"""


def load_articles(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Article], list[InputError]]:
    """Articles stripped to id, url and text (what the extractor gets in real use), and read errors."""
    articles, errors = [], []
    for item in read_articles(paths):
        if isinstance(item, InputError):
            errors.append(item)
        else:
            articles.append(Article(id=item.id, text=item.text, url=item.url))
    return articles, errors


def run_benchmark(
    articles: Sequence[Article],
    min_articles: int = 4000,
    cold: bool = True,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Time the full extraction over `articles` repeated to at least `min_articles`.

    Ctrl-C stops the timed loop early; the figures then cover the articles done and
    `partial` is true. Times are in milliseconds per article unless the key says otherwise.
    """
    if not articles:
        raise ValueError("no articles to time")
    from kroniek.pipeline import extract_article  # timed separately below as part of the cold start

    rounds = max(1, -(-min_articles // len(articles)))
    order = [article for _ in range(rounds) for article in articles]
    result: dict[str, Any] = {
        "distinct_articles": len(articles),
        "chars_mean": round(statistics.fmean(len(a.text) for a in articles)),
    }
    # Warm-up: the first call of each language loads its data; a long run pays that once.
    for article in articles[:100]:
        # A failure here is reported by the timed loop, which meets the same article again.
        with contextlib.suppress(Exception):
            extract_article(article)
    times: list[int] = []
    done: list[Article] = []
    events, errors, partial = 0, [], False
    clock = time.perf_counter_ns
    # The floor is timed article by article beside the extraction, so that both see the same machine: a
    # shared VM's speed drifts within a run, and a floor timed afterwards would not compare.
    floor_ns, findall = 0, FLOOR.findall
    try:
        for index, article in enumerate(order, 1):
            start = clock()
            try:
                found = extract_article(article)
            except Exception as exc:  # a crash on one article is a finding, not the end of the run
                errors.append(f"{article.id}: {type(exc).__name__}: {exc}")
                continue
            times.append(clock() - start)
            start = clock()
            findall(article.text)
            floor_ns += clock() - start
            done.append(article)
            events += len(found.events)
            if progress and index % PROGRESS_EVERY == 0:
                progress(f"{index} of {len(order)} articles")
    except KeyboardInterrupt:
        partial = True
    result.update(summary_figures(times, floor_ns, sum(len(a.text) for a in done)))
    result.update(events=events, errors=len(errors), first_error=errors[0] if errors else None)
    result["peak_rss_mb"] = peak_rss_mb()  # before the cold start: its children are not ours
    result["partial"] = partial
    result["stages_ms"] = None
    if not partial and done:
        # A tenth of the run again, each stage call wrapped in a timer: where the time goes.
        sample = [order[i] for i in range(max(len(articles), len(done) // 10))]
        try:
            result["stages_ms"] = stage_breakdown(sample)
        except KeyboardInterrupt:
            result["partial"] = partial = True
    if not cold or partial:
        result.update(_no_cold("skipped"))
    else:
        try:
            result.update(cold_start(articles[0].text))
        except KeyboardInterrupt:
            result.update(_no_cold("interrupted"), partial=True)
    return result


def stage_breakdown(articles: Sequence[Article]) -> dict[str, float]:
    """Milliseconds per article spent in each stage call of `pipeline.extract_article`, slowest first.

    The calls are found in the pipeline's source (`module.function(...)` on a kroniek module, a
    kroniek function imported into the pipeline, and the detector's `decide`, in `extract_article`
    and `read_mentions`), so the breakdown follows the pipeline as it changes. Each is timed by
    temporarily wrapping it in this process; a stage that calls another listed one counts it too.
    A function called twice for one article is counted apart the second time (`... #2`).
    """
    from kroniek import pipeline
    from kroniek.learn.detector import Detector

    totals: dict[str, int] = {}
    called: set[str] = set()
    originals: list[tuple[Any, str, Callable[..., Any]]] = []

    def timed(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            key = f"{label} #2" if label in called else label
            called.add(label)
            start = time.perf_counter_ns()
            try:
                return function(*args, **kwargs)
            finally:
                totals[key] = totals.get(key, 0) + time.perf_counter_ns() - start

        return wrapper

    targets: list[tuple[Any, str, str]] = [
        (module, name, f"{module.__name__.rsplit('.', 1)[-1]}.{name}")
        for module, name in _stage_calls(pipeline)
    ]
    for name in _imported_calls(pipeline):
        targets.append((pipeline, name, name))
    targets.append((Detector, "decide", "detector.decide"))
    for owner, name, label in targets:
        function = getattr(owner, name)
        originals.append((owner, name, function))
        setattr(owner, name, timed(label, function))
    start = time.perf_counter_ns()
    try:
        for article in articles:
            called.clear()
            with contextlib.suppress(Exception):  # failures are counted by the timed loop
                pipeline.extract_article(article)
    finally:
        for owner, name, function in originals:
            setattr(owner, name, function)
    totals["(total)"] = time.perf_counter_ns() - start
    per_article = {label: ns / 1e6 / len(articles) for label, ns in totals.items()}
    return {label: round(ms, 3) for label, ms in sorted(per_article.items(), key=lambda item: -item[1])}


def _pipeline_trees(pipeline: ModuleType) -> list[ast.AST]:
    trees = []
    for name in ("extract_article", "read_mentions"):
        function = getattr(pipeline, name, None)
        try:
            trees.append(ast.parse(textwrap.dedent(inspect.getsource(function))))
        except (OSError, TypeError, SyntaxError):  # no source to read (a frozen build, a stand-in)
            continue
    return trees


def _stage_calls(pipeline: ModuleType) -> list[tuple[ModuleType, str]]:
    """(module, function) for every `module.function(...)` call on a kroniek module in the pipeline."""
    found: list[tuple[ModuleType, str]] = []
    for tree in _pipeline_trees(pipeline):
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            owner = node.func.value
            module = getattr(pipeline, owner.id, None) if isinstance(owner, ast.Name) else None
            if (
                isinstance(module, ModuleType)
                and module.__name__.startswith("kroniek.")
                and callable(getattr(module, node.func.attr, None))
                and (module, node.func.attr) not in found
            ):
                found.append((module, node.func.attr))
    return found


def _imported_calls(pipeline: ModuleType) -> list[str]:
    """Names of kroniek functions imported into the pipeline and called there (`sentence_features(...)`)."""
    found: list[str] = []
    for tree in _pipeline_trees(pipeline):
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            function = getattr(pipeline, node.func.id, None)
            module = getattr(function, "__module__", None) or ""
            if (
                (inspect.isfunction(function) or type(function).__name__ == "builtin_function_or_method")
                and module.startswith("kroniek.")
                and module != pipeline.__name__
                and node.func.id not in found
            ):
                found.append(node.func.id)
    return found


def summary_figures(times: Sequence[int], floor_ns: int, chars: int, per_chars: int = 1500) -> dict[str, Any]:
    """The figures of one timed pass, as results.jsonl records them (here and in `kroniek.firstsight`):
    articles, articles per second, median and 95th-percentile ms, ms per `per_chars` characters, and the
    bare tokeniser's figures over the same texts (`floor_ns` in all).

    >>> summary_figures([2_000_000, 4_000_000], 200_000, 20, per_chars=2000)["articles_per_s"]
    333.3
    """
    per = f"ms_per_{per_chars}_chars"
    if not times:
        return {"articles": 0, "articles_per_s": None, "median_ms": None, "p95_ms": None, per: None}
    total_ns = sum(times)
    ordered = sorted(times)
    return {
        "articles": len(times),
        "articles_per_s": round(len(times) / (total_ns / 1e9), 1),
        "median_ms": round(statistics.median(ordered) / 1e6, 3),
        "p95_ms": round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] / 1e6, 3),
        per: round(total_ns / 1e6 / chars * per_chars, 3) if chars else None,
        **_floor_figures(len(times), total_ns, floor_ns),
    }


def _floor_figures(articles: int, extract_ns: int, floor_ns: int) -> dict[str, Any]:
    """The same texts through a bare tokeniser: the least any text pass can cost."""
    if not articles or not extract_ns or not floor_ns:
        return {"floor_articles_per_s": None, "extract_to_floor": None}
    return {
        "floor_articles_per_s": round(articles / (floor_ns / 1e9), 1),
        "extract_to_floor": round(extract_ns / floor_ns, 1),
    }


def cold_start(text: str, runs: int = COLD_RUNS) -> dict[str, Any]:
    """Seconds from starting a fresh Python to the first article's result (median of `runs`)."""
    import kroniek

    root = Path(kroniek.__file__).resolve().parents[1]  # so an uninstalled checkout imports too
    firsts, imports, extracts = [], [], []
    for _ in range(runs):
        began = time.time()
        child = None
        try:
            child = subprocess.run(
                [sys.executable, "-c", _COLD_CODE],
                input=text,
                capture_output=True,
                text=True,
                cwd=root,
                timeout=COLD_TIMEOUT_S,
            )
            figures = json.loads(child.stdout.strip().splitlines()[-1])
        except subprocess.TimeoutExpired:
            return _no_cold(f"timed out after {COLD_TIMEOUT_S} s")
        except (OSError, ValueError, IndexError):
            return _no_cold((child.stderr.strip().splitlines() or ["no output"])[-1] if child else "failed")
        firsts.append(figures["wall"] - began)
        imports.append(figures["import_s"])
        extracts.append(figures["first_s"])
    return {
        "first_result_s": round(statistics.median(firsts), 3),
        "import_s": round(statistics.median(imports), 3),
        "first_article_s": round(statistics.median(extracts), 3),
        "cold_note": None,
    }


def _no_cold(why: str) -> dict[str, Any]:
    return {"first_result_s": None, "import_s": None, "first_article_s": None, "cold_note": why}


def peak_rss_mb() -> float | None:
    """The process's peak resident memory so far, in MB (None where the OS does not say)."""
    # Linux: the process's own high-water mark (getrusage's survives exec: a child would show its parent's).
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for row in status:
                if row.startswith("VmHWM:"):
                    return round(int(row.split()[1]) / 1024, 1)
    except (OSError, ValueError):
        pass
    try:
        import resource
    except ImportError:  # Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return round(peak / (1 << 20) if sys.platform == "darwin" else peak / 1024, 1)


def machine() -> dict[str, Any]:
    """Where the figures were measured."""
    cpu = platform.processor() or None
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), cpu)
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
    }


def git_state(folder: Path | None = None) -> dict[str, Any]:
    """The commit the code is at and whether the tree has changes; None values outside a git checkout."""
    if folder is None:
        import kroniek

        folder = Path(kroniek.__file__).resolve().parents[1]
    # --no-optional-locks: only read, never refresh the index of a tree others are working in.
    base = ["git", "--no-optional-locks", "-C", str(folder)]
    try:
        commit = subprocess.run(
            [*base, "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True, timeout=10
        )
        # The results file the runs append to is no change to the code.
        status = subprocess.run(
            [*base, "status", "--porcelain", "--untracked-files=no", "--", ".", f":(exclude){RESULTS_PATH}"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.TimeoutExpired):
        return {"commit": None, "dirty": None}
    if commit.returncode != 0:
        return {"commit": None, "dirty": None}
    return {
        "commit": commit.stdout.strip(),
        "dirty": bool(status.stdout.strip()) if status.returncode == 0 else None,
    }


def record(result: dict[str, Any], inputs: Sequence[str]) -> dict[str, Any]:
    """The result with when, where and on what code it was measured: one line of results.jsonl."""
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **git_state(),
        "machine": machine(),
        "input": list(inputs),
        **result,
    }


def append_record(line: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Append one JSON line; creates the file (not its folder) if needed."""
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line, ensure_ascii=False) + "\n")


def format_summary(line: dict[str, Any]) -> str:
    """A readable summary of a results line."""

    def num(key: str, spec: str = "") -> str:
        value = line.get(key)
        return "n/a" if value is None else format(value, spec)

    state = " (partial: interrupted)" if line.get("partial") else ""
    dirty = ", uncommitted changes" if line.get("dirty") else ""
    if line.get("first_result_s") is not None:
        cold = (
            f"{num('first_result_s', '.2f')} s after process start "
            f"(import {num('import_s', '.2f')} s, first article {num('first_article_s', '.3f')} s)"
        )
    else:
        cold = f"n/a ({line.get('cold_note')})"
    timings = line.get("stages_ms") or {}
    stages = ", ".join(
        f"{label} {ms:.2f}" for label, ms in timings.items() if label != "(total)" and ms >= 0.01
    )
    stages = f"ms per article, of {timings['(total)']:.2f} in all: {stages}" if timings else "n/a"
    first_error = f" (first: {line['first_error']})" if line.get("first_error") else ""
    return "\n".join(
        [*_summary_lines(line, stages, cold, num, first_error, dirty, state), *_first_sight_lines(line)]
    )


def _first_sight_lines(line: dict[str, Any]) -> list[str]:
    """The first-sight part of the summary (nothing when it was not measured)."""
    if line.get("first_sight_note"):
        return [f"  first sight     n/a ({line['first_sight_note']})"]
    full, rules = line.get("first_sight"), line.get("first_sight_rules")
    if not full:
        return []
    lines = [f"  first sight     {full['distinct_articles']} distinct texts, each once in a fresh process"]
    for label, figures in (("with detector", full), ("rules alone", rules)):
        if figures:
            lines.append(
                f"    {label:13} {figures['articles_per_s']:,.0f} articles/s,"
                f" median {figures['median_ms']:.2f} ms"
                f" ({figures['ms_per_2000_chars']:.2f} ms per 2,000 chars); the same texts warm"
                f" {figures['warm_articles_per_s']:,.0f}/s (first / warm = {figures['first_to_warm']:.2f});"
                f" floor {figures['floor_articles_per_s']:,.0f}/s; peak RSS {figures['peak_rss_mb']:,.0f} MB"
            )
    timings = line.get("first_sight_stages_ms") or {}
    if timings:
        parts = ", ".join(
            f"{label} {ms:.2f}"
            for label, ms in timings.items()
            if label not in ("(total)", "warm_up_s") and ms >= 0.01
        )
        lines.append(f"    stages        ms per article, of {timings['(total)']:.2f} in all: {parts}")
    return lines


def _summary_lines(
    line: dict[str, Any],
    stages: str,
    cold: str,
    num: Callable[..., str],
    first_error: str,
    dirty: str,
    state: str,
) -> list[str]:
    host = line["machine"]
    return [
        f"kroniek bench{state}: {num('articles')} articles "
        f"({num('distinct_articles')} distinct, mean {num('chars_mean', ',')} chars)",
        f"  throughput      {num('articles_per_s', ',.0f')} articles/s (one core)",
        f"  per article     median {num('median_ms', '.3f')} ms, p95 {num('p95_ms', '.3f')} ms"
        f" ({num('ms_per_1500_chars', '.3f')} ms per 1,500 chars)",
        f"  floor (\\w+)     {num('floor_articles_per_s', ',.0f')} articles/s;"
        f" extract / floor = {num('extract_to_floor', ',.1f')}x",
        f"  first result    {cold}",
        f"  stages          {stages}",
        f"  peak RSS        {num('peak_rss_mb', ',.0f')} MB",
        f"  events found    {num('events')}; errors {num('errors')}{first_error}",
        f"  code            {line.get('commit') or 'unknown commit'}{dirty}",
        f"  machine         {host['cpu']}, {host['usable_cores']} of {host['cores']} cores, "
        f"{host['python']}, {host['platform']}",
    ]
