"""Issue 13, finding 2 and 4: every input is processed or named in one error line; memory stays bounded.

The long run (2,000+ generated inputs) is `python tools/hostile_inputs.py`; this file runs the same
generator on a small sample, each known breakage once, and a Hypothesis property: any bytes in,
articles or errors out, never an exception.
"""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kroniek.ingest import read_articles, read_stdin
from kroniek.ingest.jsonl import read_jsonl_stream
from kroniek.model import Article, ArticleResult, InputError
from kroniek.store import IngestSummary, ingest, open_store
from kroniek.store.loader import MAX_KEPT_FAILURES

TOOL = Path(__file__).resolve().parents[1] / "tools" / "hostile_inputs.py"


def _tool():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("hostile_inputs", TOOL)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["hostile_inputs"] = module
    spec.loader.exec_module(module)
    return module


hostile = _tool()


def _storable(article: Article) -> None:
    """What every database needs of an article: UTF-8 encodable strings without NUL."""
    for value in (article.id, article.text, article.url or "", article.source, article.lang or ""):
        value.encode("utf-8")
        assert "\x00" not in value


def _no_events(article: Article) -> ArticleResult:
    return ArticleResult(article.id, article.lang or "nl", article.date, ())


@pytest.mark.parametrize("line", hostile.structural_lines(__import__("random").Random(1)))
def test_ingest_each_broken_line_gives_one_article_or_one_error_naming_the_line(line: bytes) -> None:
    good = b'{"id": "after", "text": "Rellen in Utrecht, twee gewonden."}\n'
    items = list(read_jsonl_stream(io.BytesIO(line + b"\n" + good), "dump.jsonl", "dump"))
    assert len(items) == 2 and isinstance(items[1], Article) and items[1].id == "after"
    first = items[0]
    if isinstance(first, InputError):
        assert first.source == "dump.jsonl:1" and "\n" not in first.message
    else:
        _storable(first)
    with open_store(":memory:") as store:
        summary = ingest(items, store, extract=_no_events)
        stored = {row[0] for row in store.backend.query("SELECT id FROM articles")}
    assert "after" in stored and summary.stored + summary.failures == 2


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400) | st.text(max_size=200).map(lambda s: ('{"id": "a", "text": "' + s).encode()))
def test_ingest_any_bytes_in_articles_or_errors_out(data: bytes) -> None:
    for items in (
        list(read_jsonl_stream(io.BytesIO(data), "any.jsonl", "any")),
        list(read_stdin(io.BytesIO(data))),
    ):
        for item in items:
            assert isinstance(item, Article | InputError)
            if isinstance(item, Article):
                _storable(item)
            else:
                assert item.source.startswith(("any.jsonl", "<stdin>")) and item.message


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from([b"\\ud800", b"\\u0000", b"\x00", b"\xed\xa0\x80", b"\xff", b"x", b'"'])))
def test_ingest_damaged_text_field_never_reaches_the_database_broken(parts: list[bytes]) -> None:
    line = b'{"id": "a", "text": "Rellen ' + b"".join(parts) + b'"}'
    (item,) = read_jsonl_stream(io.BytesIO(line), "d.jsonl", "d")
    if isinstance(item, Article):
        _storable(item)
        with sqlite3.connect(":memory:") as conn:
            conn.execute("CREATE TABLE t (x TEXT)")
            conn.execute("INSERT INTO t VALUES (?)", (item.text,))


def test_ingest_devices_and_fifos_are_refused_without_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "zero.txt").symlink_to("/dev/zero")  # read, it never ends; a FIFO never starts
    (tmp_path / "null.jsonl").symlink_to("/dev/null")
    names = [str(tmp_path / name) for name in ("zero.txt", "pipe.txt", "null.jsonl")]
    items = list(read_articles(names))
    assert [type(item) for item in items] == [InputError] * 3
    assert all("not a regular file" in item.message for item in items if isinstance(item, InputError))


def test_ingest_non_utf8_file_name_is_read_and_shown_escaped(tmp_path: Path) -> None:
    name = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(name, "wb") as handle:
        handle.write(b"Rellen in Utrecht.")
    (tmp_path / "esc\x1b[2J.txt").write_bytes(b"Rellen in Utrecht.")  # a terminal escape in a name
    items = list(read_articles([tmp_path]))
    assert [item.id for item in items if isinstance(item, Article)] == ["caf\\xe9", "esc\\x1b[2J"]
    for item in items:
        _storable(item)  # type: ignore[arg-type]
        assert "\x1b" not in item.source


def test_ingest_stdin_is_streamed_not_read_whole() -> None:
    class Endless(io.RawIOBase):
        """Standard input whose writer has sent one line and is still writing."""

        def __init__(self) -> None:
            self.lines = [b'{"id": "a", "text": "Rellen in Utrecht."}\n']

        def readline(self, size: int | None = -1) -> bytes:
            if not self.lines:
                raise AssertionError("read past the first line before the first article came out")
            return self.lines.pop(0)

        def read(self, size: int | None = -1) -> bytes:
            raise AssertionError("read the whole input")

    first = next(read_stdin(Endless()))  # type: ignore[arg-type]
    assert isinstance(first, Article) and first.id == "a"


def test_ingest_failures_kept_are_bounded_but_all_counted() -> None:
    summary = IngestSummary()
    for number in range(MAX_KEPT_FAILURES + 50):
        summary.fail(f"x.jsonl:{number}", "broken")
    assert len(summary.failed) == MAX_KEPT_FAILURES and summary.failures == MAX_KEPT_FAILURES + 50
    assert "failed 1050" in summary.format() and "1030 more failures" in summary.format()


def test_ingest_empty_inputs_are_reported(tmp_path: Path) -> None:
    import gzip

    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "zero.jsonl.gz").write_bytes(b"")
    (tmp_path / "blank.jsonl.gz").write_bytes(gzip.compress(b"\n\n"))
    items = list(read_articles(sorted(str(p) for p in tmp_path.iterdir())))
    assert [type(item) for item in items] == [InputError] * 3


def test_ingest_generated_sample_through_the_commands(tmp_path: Path) -> None:
    kroniek = shutil.which("kroniek", path=str(Path(sys.executable).parent))
    if kroniek is None:
        pytest.skip("the kroniek command is not installed beside this Python")
    corpus = hostile.write_corpus(tmp_path / "inputs", cases=120, seed=5)
    runs = [
        hostile.check_extract(kroniek, corpus, tmp_path, jobs=1, timeout=300),
        hostile.check_ingest(kroniek, corpus, str(tmp_path / "k.db"), timeout=300),
    ]
    assert [run.problems for run in runs] == [[], []], runs


def _slow(article: Article) -> ArticleResult:
    import time

    if "slow" in article.text:
        time.sleep(30)
    return _no_events(article)


def test_ingest_time_budget_stops_one_article_and_names_it() -> None:
    import time

    from kroniek.budget import TimeBudget
    from kroniek.parallel import extract_all

    articles = [Article("a", "quick", source="x.jsonl:1"), Article("b", "slow", source="x.jsonl:2")]
    started = time.perf_counter()
    results = list(extract_all(articles, jobs=1, extract=TimeBudget(_slow, 0.3)))
    assert time.perf_counter() - started < 5
    assert isinstance(results[0], ArticleResult)
    assert isinstance(results[1], InputError) and results[1].source == "x.jsonl:2"
    assert "0.3 s budget" in results[1].message
