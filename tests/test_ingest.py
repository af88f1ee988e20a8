"""Reading articles from files, folders, JSONL dumps and stdin, and refusing bad input clearly."""

import gzip
import io
import json
import sys

import pytest

from kroniek.ingest import read_articles
from kroniek.ingest.limits import MAX_ARTICLE_BYTES
from kroniek.model import Article, InputError

NL_TEXT = "date 2023-03-06 Bij rellen in Rotterdam zijn zaterdagavond zeker 34 mensen aangehouden."


def _read(*paths):
    return list(read_articles([str(p) for p in paths]))


def test_ingest_txt_keeps_text_exactly_and_uses_the_stem_as_id(tmp_path):
    path = tmp_path / "rellen-rotterdam.txt"
    path.write_text("  " + NL_TEXT + "\n", encoding="utf-8")
    (article,) = _read(path)
    assert isinstance(article, Article)
    assert article.id == "rellen-rotterdam"
    assert article.text == "  " + NL_TEXT + "\n"


def test_ingest_folder_is_read_recursively_in_name_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("Tweede artikel.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Eerste artikel.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not an article", encoding="utf-8")
    assert [a.id for a in _read(tmp_path)] == ["a", "two"]


def test_ingest_jsonl_fields(tmp_path):
    path = tmp_path / "dump.jsonl"
    records = [
        {
            "id": "x1",
            "text": "Een tekst.",
            "url": "https://example.org/2019/12/31/a",
            "date": "2019-12-31",
            "lang": "NL",
        },
        {"id": 7, "text": "Another text.", "date": "2020-01"},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    first, second = _read(path)
    assert (first.id, first.url, first.lang) == ("x1", "https://example.org/2019/12/31/a", "nl")
    assert (first.date.iso(), first.date.precision, first.date.source) == ("2019-12-31", "day", "field")
    assert (second.id, second.date.precision) == ("7", "month")
    assert second.source.endswith("dump.jsonl:2")


def test_ingest_gzipped_jsonl(tmp_path):
    path = tmp_path / "dump.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(json.dumps({"id": "g", "text": "Gezipte tekst."}) + "\n")
    assert [a.id for a in _read(path)] == ["g"]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "a", "text": "x"', "invalid JSON"),
        ('["a list"]', "expected a JSON object"),
        ('{"id": "a"}', 'no "text"'),
        ('{"id": "a", "text": "   "}', 'no "text"'),
        ('{"id": "", "text": "x"}', '"id" must be'),
        ('{"id": "a", "text": "x", "date": "31-12-2019"}', '"date" must be an ISO date'),
        ('{"id": "a", "text": "x", "date": "2019-13-40"}', '"date" must be an ISO date'),
        ('{"id": "a", "text": "x", "lang": 5}', '"lang" must be a language code'),
        ('{"id": "a", "text": "x", "url": 5}', '"url" must be a string'),
    ],
)
def test_ingest_bad_jsonl_line_is_reported_with_file_and_line_and_the_rest_goes_on(tmp_path, line, message):
    path = tmp_path / "dump.jsonl"
    good = json.dumps({"id": "ok", "text": "Goed artikel."})
    path.write_text(good + "\n" + line + "\n" + good.replace("ok", "ok2") + "\n", encoding="utf-8")
    items = _read(path)
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    error = items[1]
    assert error.source == f"{path}:2"
    assert message in error.message


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("caf\u00e9 in Latin-1".encode("latin-1"), "not UTF-8"),
    ],
)
def test_ingest_bad_text_files(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    (error,) = _read(path)
    assert isinstance(error, InputError)
    assert error.source == str(path)
    assert message in error.message


def test_ingest_huge_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as out:  # a sparse 100 MB file: cheap to make, costly only if read
        out.truncate(100 * 1024 * 1024)
    (error,) = _read(path)
    assert isinstance(error, InputError)
    assert "larger than" in error.message and "104.9 MB" in error.message


def test_ingest_huge_jsonl_line_is_refused_and_the_next_line_read(tmp_path):
    path = tmp_path / "dump.jsonl"
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps({"id": "big", "text": "x" * (MAX_ARTICLE_BYTES + 10)}) + "\n")
        out.write(json.dumps({"id": "small", "text": "Klein artikel."}) + "\n")
    error, article = _read(path)
    assert isinstance(error, InputError) and error.source.endswith(":1")
    assert article.id == "small"


def test_ingest_missing_path_and_unsupported_type(tmp_path):
    other = tmp_path / "data.csv"
    other.write_text("a,b\n", encoding="utf-8")
    missing, unsupported = _read(tmp_path / "nope.txt", other)
    assert "no such file" in missing.message
    assert "unsupported file type" in unsupported.message


@pytest.mark.parametrize(
    ("data", "ids"),
    [
        (NL_TEXT.encode("utf-8"), ["stdin"]),
        (b'{"id": "s1", "text": "Een."}\n{"id": "s2", "text": "Twee."}\n', ["s1", "s2"]),
    ],
)
def test_ingest_stdin_text_or_jsonl(monkeypatch, data, ids):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    assert [a.id for a in read_articles(["-"])] == ids
