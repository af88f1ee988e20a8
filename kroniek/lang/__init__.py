"""Language data: one folder per language, the same files in each.

A folder holds TOML files (word lists, rules) and TSV files (long alias lists).
`load("nl")` reads them all once (parsed, they are cached on disk: `kroniek.diskcache`); stages compile
what they need from it.
Adding a language is adding a folder: see docs/languages.md.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from kroniek.diskcache import cached_object


class UnknownLanguage(LookupError):
    pass


@dataclass(frozen=True)
class LanguageData:
    """Everything kroniek knows about one language, keyed by data file stem."""

    code: str
    tables: dict[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.tables[name]

    def get(self, name: str, default: Any = None) -> Any:
        return self.tables.get(name, default)

    def __hash__(self) -> int:
        return hash(self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LanguageData) and other.code == self.code


def available() -> list[str]:
    """Codes of the languages that have a data folder, sorted."""
    root = resources.files(__name__)
    return sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_"))


@functools.cache
def load(code: str) -> LanguageData:
    """Read a language's data folder.

    >>> load("nl").code
    'nl'
    """
    folder = resources.files(__name__) / code
    if not folder.is_dir():
        raise UnknownLanguage(f"no language data for {code!r} (have: {', '.join(available())})")
    items = sorted(folder.iterdir(), key=lambda p: p.name)
    if isinstance(folder, Path):  # an installed folder, not a zip: parsed once, then read from the cache
        sources = [folder, *(item for item in items if isinstance(item, Path))]
        return LanguageData(code, cached_object(f"lang-{code}", sources, lambda: _read_tables(items)))
    return LanguageData(code, _read_tables(items))


def _read_tables(items: list[Traversable]) -> dict[str, Any]:
    tables: dict[str, Any] = {}
    for item in items:
        stem, _, suffix = item.name.partition(".")
        if suffix == "toml":
            tables[stem] = tomllib.loads(item.read_text(encoding="utf-8"))
        elif suffix == "tsv":
            tables[stem] = read_tsv(item.read_text(encoding="utf-8"))
    return tables


def read_tsv(content: str) -> list[tuple[str, ...]]:
    """Rows of a TSV file, without blank lines and `#` comments."""
    rows = []
    for line in content.splitlines():
        if line and not line.startswith("#"):
            rows.append(tuple(line.split("\t")))
    return rows
