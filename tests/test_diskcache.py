"""The start-up caches (issue 12): what comes from the cache equals what is built, and a changed source or
a switched-off cache never serves an old entry."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kroniek import diskcache, regexes


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("KRONIEK_CACHE", str(folder))
    return folder


def test_diskcache_object_built_once_then_read(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "words.toml"
    source.write_text("a = 1\n", encoding="utf-8")
    calls: list[int] = []

    def build() -> dict[str, int]:
        calls.append(1)
        return {"a": len(calls)}

    assert diskcache.cached_object("words", [source], build) == {"a": 1}
    assert diskcache.cached_object("words", [source], build) == {"a": 1}
    assert len(calls) == 1
    assert len(list(cache.glob("words-*.pickle"))) == 1


def test_diskcache_changed_source_rebuilds_and_drops_the_old_entry(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "words.toml"
    source.write_text("a = 1\n", encoding="utf-8")
    assert diskcache.cached_bytes("words", [source], lambda: b"one") == b"one"
    source.write_text("a = 22\n", encoding="utf-8")
    os.utime(source, ns=(1, 1))  # another size and time
    assert diskcache.cached_bytes("words", [source], lambda: b"two") == b"two"
    assert [p.read_bytes() for p in cache.glob("words-*.bin")] == [b"two"]


def test_diskcache_off_builds_every_time(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("KRONIEK_CACHE", "off")
    source = tmp_path / "words.toml"
    source.write_text("a = 1\n", encoding="utf-8")
    assert diskcache.cache_folder() is None
    assert diskcache.cached_bytes("words", [source], lambda: b"x") == b"x"
    assert not list(tmp_path.glob("**/words-*"))


@pytest.mark.parametrize(
    ("pattern", "flags"),
    [
        (r"(?<!\w)(?P<d>[0-3]?\d)\s+(?P<m>jan(?:uari)?|feb)", re.IGNORECASE),
        (r"[\w’'-]*aanval[\w’'-]*", re.IGNORECASE),
        (r"(?-i:ME)|\d{1,3}(?:[., ]\d{3})+", 0),
    ],
)
def test_regexes_cached_pattern_equals_re_compile(
    cache: Path, monkeypatch: pytest.MonkeyPatch, pattern: str, flags: int
) -> None:
    monkeypatch.setattr(regexes, "_table", None)
    monkeypatch.setattr(regexes, "_added", 0)
    first = regexes.compile_cached(pattern, flags)
    regexes._save()
    monkeypatch.setattr(regexes, "_table", None)  # as a new process: read back from the file
    again = regexes.compile_cached(pattern, flags)
    assert first == again == re.compile(pattern, flags)
    assert again.groupindex == re.compile(pattern, flags).groupindex
    text = "op 12 januari: ME, 1.000 luchtaanvallen"
    assert [m.span() for m in again.finditer(text)] == [m.span() for m in re.finditer(pattern, text, flags)]
