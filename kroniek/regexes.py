"""Regular expressions whose compiled form is kept on disk between processes (issue 12: start-up).

The stages build large alternations from the language data (dates, casualty words, quantities) and the
lexicon compiles a small pattern per word it meets. Python's `re` parses and compiles each one in pure
Python, which costs a fresh process about a seventh of a second before its first result and again on
every new word, though the outcome is the same every time. `compile_cached` keeps the outcome: the program
`re` builds for a pattern (what `re._compiler.compile` hands to `_sre.compile`), saved when the process
exits, in one file per Python version in the cache folder of `kroniek.diskcache`.

Safe by construction: an entry is made only after checking that the pattern it rebuilds is equal
(pattern, flags and program) to what `re.compile` gives, and the file's name holds the exact Python
version and `_sre.MAGIC`, so a program is only ever run by the engine that made it. Anything unexpected
(another Python without these internals, an unreadable file) falls back to `re.compile`.
"""

from __future__ import annotations

import atexit
import hashlib
import pickle
import re
import sys
from typing import Any

from kroniek.diskcache import FORMAT, cache_folder, write_atomically

try:
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]

    _ENGINE = f"{sys.version}\0{_sre.MAGIC}\0{FORMAT}"
except (ImportError, AttributeError):  # not CPython's engine: compile as usual
    _ENGINE = ""

# (pattern, flags) -> the arguments of `_sre.compile` after the pattern.
_Parts = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]
_table: dict[tuple[str, int], _Parts] | None = None
_added = 0
_MAX_ENTRIES = 50_000  # far more than the data holds; keeps a file fed odd patterns from growing for ever


def compile_cached(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from the disk cache when an earlier process compiled it."""
    table = _load()
    if table is None:
        return re.compile(pattern, flags)
    key = (pattern, int(flags))  # (a RegexFlag is an int; a plain one pickles anywhere)
    parts = table.get(key)
    if parts is not None:
        return _sre.compile(pattern, *parts)  # type: ignore[no-any-return]
    compiled = re.compile(pattern, flags)
    if len(table) < _MAX_ENTRIES:
        try:
            parts = _parts(pattern, flags)
            if _sre.compile(pattern, *parts) == compiled:  # the same program: safe to reuse
                global _added
                table[key] = parts
                _added += 1
        except Exception:  # an internal that changed: just do not cache
            pass
    return compiled


def _parts(pattern: str, flags: int) -> _Parts:
    """What `re._compiler.compile` passes to `_sre.compile` (Python 3.11-3.13)."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    # Plain ints: the opcodes are int subclasses (named constants), which do not pickle.
    program = [int(op) for op in code]
    return int(flags | parsed.state.flags), program, parsed.state.groups - 1, groupindex, tuple(indexgroup)


def _path() -> Any:
    folder = cache_folder()
    if folder is None or not _ENGINE:
        return None
    return folder / f"regexes-{hashlib.sha256(_ENGINE.encode()).hexdigest()[:20]}.pickle"


def _load() -> dict[tuple[str, int], _Parts] | None:
    global _table
    if _table is None:
        path = _path()
        if path is None:
            return None
        try:
            with path.open("rb") as stored:
                _table = pickle.load(stored)
        except Exception:  # missing or unreadable: start afresh
            _table = {}
        atexit.register(_save)
    return _table


def _save() -> None:
    """Write the table if this process added to it (merged with what other processes wrote meanwhile)."""
    path = _path()
    if not _added or path is None or _table is None:
        return
    merged = dict(_table)
    try:
        with path.open("rb") as stored:
            merged = {**pickle.load(stored), **_table}
    except Exception:  # none yet, or unreadable: ours alone
        pass
    write_atomically(path, pickle.dumps(merged, protocol=pickle.HIGHEST_PROTOCOL))
