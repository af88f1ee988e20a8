"""The start-up caches (issue 12): what comes from the cache equals what is built, and a changed source or
a switched-off cache never serves an old entry."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kroniek import diskcache


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
