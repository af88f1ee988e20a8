"""Refuse to test stale compiled modules.

`pip install -e .` compiles the stage modules with mypyc (setup.py) and puts the extensions beside their
sources; Python imports the extension first. A source edited after that build would not be what the tests
run, so the session stops and says how to rebuild.
"""

from __future__ import annotations

import importlib.machinery
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kroniek"


def stale_extensions(package: Path = PACKAGE) -> list[str]:
    """Sources edited after the extension built from them."""
    stale = []
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        for extension in package.rglob(f"*{suffix}"):
            source = extension.with_name(extension.name[: -len(suffix)] + ".py")
            if source.is_file() and source.stat().st_mtime > extension.stat().st_mtime:
                stale.append(str(source.relative_to(package.parent)))
    return sorted(stale)


def pytest_configure(config: pytest.Config) -> None:
    stale = stale_extensions()
    if stale:
        pytest.exit(
            f"compiled modules are older than their sources ({', '.join(stale[:5])}...): rebuild with "
            "`make` or `.venv/bin/pip install -e .` (or install with KRONIEK_PURE=1, .so files deleted)",
            returncode=4,
        )
