"""`--jobs`: worker processes give the output of one process, in the same order (kroniek.parallel)."""

from __future__ import annotations

import itertools
import os
import re
from concurrent.futures.process import BrokenProcessPool

import pytest
from click.testing import CliRunner
from scalekit import records, write_jsonl
from storekit import snapshot

from kroniek import parallel
from kroniek.cli import cli
from kroniek.model import Article, ArticleResult, InputError
from kroniek.parallel import AUTO_MIN_ARTICLES, ExtractionPool, extract_all, plan_jobs
from kroniek.store import open_store

BAD_LINES = ('{"id": "no-text"}', "{not json")
COPIES = -(-AUTO_MIN_ARTICLES // 8)  # enough that the default (--jobs 0) starts workers


def picky_extract(article: Article) -> ArticleResult:
    """A stand-in extractor (module level, so worker processes can unpickle it) that fails on cue."""
    if "FAIL" in article.text:
        raise ValueError("cannot code this")
    if "DIE" in article.text:
        os._exit(3)  # a worker killed mid-task, as by the OOM killer
    return ArticleResult(article.id, "xx", None, ())


PROGRESS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ kroniek extract: ")


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> str:
    """AUTO_MIN_ARTICLES real articles (nl and en), two unreadable lines near the start."""
    path = tmp_path_factory.mktemp("parallel") / "articles.jsonl"
    return str(write_jsonl(path, records(copies=COPIES), BAD_LINES))


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_parallel_extract_jobs_give_the_serial_output_in_order(source: str, fmt: str) -> None:
    outputs = [run("extract", source, "--format", fmt, "--jobs", jobs) for jobs in ("1", "2", "0")]
    assert [o.exit_code for o in outputs] == [1, 1, 1]  # the two bad lines
    assert outputs[0].stdout == outputs[1].stdout == outputs[2].stdout
    # Progress lines (stderr is not a terminal here) carry times and rates: compare the rest.
    messages = [[line for line in o.stderr.splitlines() if not PROGRESS.match(line)] for o in outputs]
    assert messages[0] == messages[1] == messages[2]
    assert all(any(PROGRESS.match(line) for line in o.stderr.splitlines()) for o in outputs)
    if fmt == "jsonl":
        ids = [line.split('"', 4)[3] for line in outputs[0].stdout.splitlines()]
        assert ids == [r["id"] for r in records(copies=COPIES)]
        assert '"events": [{' in outputs[0].stdout  # real events, not empty results


def test_parallel_ingest_jobs_give_the_serial_database(source: str, tmp_path) -> None:
    snaps = []
    for jobs in ("1", "2"):
        db = str(tmp_path / f"k{jobs}.db")
        result = run("ingest", source, "--db", db, "--jobs", jobs, "--batch-size", "37")
        n = COPIES * 8
        assert result.exit_code == 1 and f"read {n + 2}, stored {n} " in result.output, result.output
        with open_store(db) as store:
            snaps.append(snapshot(store))
    assert snaps[0] == snaps[1]
    assert len(snaps[0]["events"]) > 10


@pytest.mark.parametrize(
    ("n", "jobs", "expected"),
    [
        (3, 0, 1),
        (AUTO_MIN_ARTICLES - 1, 0, 1),
        (AUTO_MIN_ARTICLES, 0, "cores"),
        (3, 1, 1),
        (3, 2, 2),
        (AUTO_MIN_ARTICLES * 2, 1, 1),
    ],
)
def test_parallel_plan_jobs_by_input_size(n: int, jobs: int, expected: object) -> None:
    items = [InputError("x", "unreadable")] + [Article(str(i), "text") for i in range(n)]
    chosen, again = plan_jobs(iter(items), jobs)
    assert chosen == (parallel.cores() if expected == "cores" else expected)
    assert list(again) == items  # nothing lost or reordered by looking ahead


def test_parallel_failures_come_back_in_place() -> None:
    items = [
        Article("a", "fine"),
        InputError("in.jsonl:2", "invalid JSON"),
        Article("b", "FAIL here", source="in.jsonl:3"),
        Article("c", "fine"),
    ]
    for jobs in (1, 2):
        out = list(extract_all(items, jobs, picky_extract))
        assert [type(x).__name__ for x in out] == [
            "ArticleResult",
            "InputError",
            "InputError",
            "ArticleResult",
        ]
        assert out[2] == InputError("in.jsonl:3", "extraction failed: ValueError: cannot code this")


def test_parallel_map_streams_with_bounded_read_ahead() -> None:
    pulled = itertools.count()
    endless = (Article(str(next(pulled)), "fine") for _ in itertools.count())
    with ExtractionPool(2, picky_extract, chunk_size=4) as pool:
        first = list(itertools.islice(pool.map(endless), 10))
    assert [r.id for r in first] == [str(i) for i in range(10)]
    assert next(pulled) <= 10 + 2 * parallel.PREFETCH * 4 + 4  # read ahead, but not the endless input


def test_parallel_dead_worker_raises_instead_of_hanging() -> None:
    articles = [Article(str(i), "fine") for i in range(20)] + [Article("x", "DIE")]
    with pytest.raises(BrokenProcessPool):
        list(extract_all(articles, 2, picky_extract))
