"""Build step: the extraction stages are compiled to C with mypyc.

The compiled modules are the same Python source (type hints and all), turned by mypyc into a C extension:
the extractor runs about a third faster, with byte-identical output (bench/README.md has the figures).
`KRONIEK_PURE=1 pip install ...` skips the compiler and installs plain Python, for machines without a
C compiler; everything else in pyproject.toml.

The modules named here must pass `mypy` (mypyc refuses code that does not type-check); `pipeline.py` stays
Python so that `kroniek bench` can time each stage by wrapping the functions it calls, and `model.py` so
that its frozen dataclasses pickle (mypyc's native classes do not, and results cross process boundaries).
"""

from __future__ import annotations

import os
from pathlib import Path

from setuptools import setup

COMPILED = [
    "kroniek/elision.py",
    "kroniek/gazetteer.py",
    "kroniek/lexicon.py",
    "kroniek/learn/features.py",
    *sorted(str(p) for p in Path("kroniek/stages").glob("*.py") if p.name != "__init__.py"),
]


def _extensions() -> list:
    if os.environ.get("KRONIEK_PURE"):
        return []
    from mypyc.build import mypycify

    return mypycify(["--ignore-missing-imports", *COMPILED], opt_level="3", group_name="kroniek_native")


setup(ext_modules=_extensions())
