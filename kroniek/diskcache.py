"""Derived data kept on disk between processes, so that start-up does not redo the same work (issue 12).

Parsing the language files (TOML) and decompressing the gazetteer cost a fresh process about a quarter
of a second before its first result, and give the same bytes every time. Here each such result is kept
in a cache folder under a name that holds a hash of what it was made from (the sources' paths, sizes
and modification times, the Python version and a format version): a changed source, a new Python or a
new format makes a new name, so a stale entry is never read; it is removed when its successor is written.

The folder is `$KRONIEK_CACHE`, else `$XDG_CACHE_HOME/kroniek`, else `~/.cache/kroniek`;
`KRONIEK_CACHE=off` turns caching off. Any failure to read or write falls back to the slow path: the
cache changes how fast a result comes, never what it is.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

# Raise when what a cached entry holds changes shape: old entries are then ignored.
FORMAT = 1


def cache_folder() -> Path | None:
    """Where cached entries live; None when caching is off."""
    chosen = os.environ.get("KRONIEK_CACHE")
    if chosen is not None:
        return None if chosen.lower() in ("", "0", "off", "no") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kroniek"


def entry_path(name: str, sources: Sequence[Path], suffix: str) -> Path | None:
    """The cache file for `name` made from `sources` (None when caching is off or a source is missing):
    `name-W-V`, W a hash of where the sources are (two checkouts keep their own entries), V of their
    sizes and times."""
    folder = cache_folder()
    if folder is None:
        return None
    where = hashlib.sha256(f"{FORMAT}\0{sys.version}".encode())
    version = hashlib.sha256()
    try:
        for source in sources:
            status = source.stat()
            where.update(f"\0{source.resolve()}".encode())
            version.update(f"\0{status.st_size}\0{status.st_mtime_ns}".encode())
    except OSError:
        return None
    return folder / f"{name}-{where.hexdigest()[:12]}-{version.hexdigest()[:12]}{suffix}"


def cached_object(name: str, sources: Sequence[Path], build: Callable[[], T]) -> T:
    """`build()`, or what an earlier process's `build()` gave for the same `sources` (pickled).

    The folder is the user's own, as the installed code is: a pickle there is trusted as the code is.
    """
    path = entry_path(name, sources, ".pickle")
    if path is not None:
        try:
            with path.open("rb") as stored:
                return pickle.load(stored)  # type: ignore[no-any-return]
        except Exception:  # missing, or unreadable: build it again
            pass
    value = build()
    if path is not None:
        write_atomically(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return value


def cached_bytes(name: str, sources: Sequence[Path], build: Callable[[], bytes]) -> bytes:
    """`build()`, or the bytes an earlier process's `build()` gave for the same `sources`."""
    path = entry_path(name, sources, ".bin")
    if path is not None:
        try:
            return path.read_bytes()
        except OSError:
            pass
    value = build()
    if path is not None:
        write_atomically(path, value)
    return value


def write_atomically(path: Path, content: bytes) -> None:
    """Write atomically (a reader sees the whole entry or none), then remove the entry's predecessors
    (`name-W-*`, same name and place, older sources)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(content)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        stem = path.name.rsplit("-", 1)[0]
        for old in path.parent.glob(f"{stem}-*{path.suffix}"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk: the next process builds it again
