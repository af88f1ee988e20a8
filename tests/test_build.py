"""The extraction stages run compiled (setup.py), and a stale build is caught."""

from __future__ import annotations

import importlib.machinery
import os
import time
from pathlib import Path

import pytest
from conftest import stale_extensions

import kroniek.lexicon
import kroniek.stages.events
import kroniek.stages.places

EXTENSION = tuple(importlib.machinery.EXTENSION_SUFFIXES)


@pytest.mark.skipif(bool(os.environ.get("KRONIEK_PURE")), reason="installed without compiling")
def test_hot_modules_are_compiled():
    for module in (kroniek.lexicon, kroniek.stages.events, kroniek.stages.places):
        assert str(module.__file__).endswith(EXTENSION), module.__file__


def test_a_source_edited_after_its_build_is_stale(tmp_path: Path):
    package = tmp_path / "kroniek"
    (package / "stages").mkdir(parents=True)
    suffix = EXTENSION[0]
    for name in ("stages/events", "lexicon"):
        (package / f"{name}.py").write_text("x = 1\n")
        (package / f"{name}{suffix}").write_bytes(b"")
    assert stale_extensions(package) == []
    later = time.time() + 10
    os.utime(package / "stages/events.py", (later, later))
    assert stale_extensions(package) == ["kroniek/stages/events.py"]
