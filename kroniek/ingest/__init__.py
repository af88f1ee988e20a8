"""Reading articles: files, folders, JSONL dumps and stdin, with clear errors.

`read_articles(paths)` yields an `Article` for every article it can read and an
`InputError` (naming the file and line) for every one it cannot, and goes on.

    >>> from kroniek.ingest import read_articles
    >>> [type(item).__name__ for item in read_articles(["examples/"])]  # doctest: +SKIP
    ['Article', 'Article']
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from kroniek.ingest.jsonl import read_jsonl
from kroniek.ingest.text import read_text_file, read_text_stream
from kroniek.model import Article, InputError

SUFFIXES = (".txt", ".jsonl", ".jsonl.gz", ".ndjson", ".html", ".htm", ".warc", ".warc.gz")


def read_articles(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Article | InputError]:
    """Articles from files, folders (recursively, in name order) and "-" (stdin)."""
    for raw in paths:
        name = os.fspath(raw)
        if name == "-":
            yield from _read_stdin()
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _readable_suffix(p))
            if not files:
                yield InputError(name, f"no {', '.join(SUFFIXES)} files in this folder")
            for file in files:
                yield from _read_file(file)
        elif path.exists():
            yield from _read_file(path)
        else:
            yield InputError(name, "no such file or folder")


def _readable_suffix(path: Path) -> bool:
    return not path.name.startswith(".") and path.name.lower().endswith(SUFFIXES)


def _read_file(path: Path) -> Iterator[Article | InputError]:
    name = path.name.lower()
    if name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
        yield from read_jsonl(path)
    elif name.endswith(".txt"):
        yield read_text_file(path)
    elif name.endswith((".html", ".htm")):
        from kroniek.ingest.html import read_html_file  # trafilatura: the monitor extra

        yield read_html_file(path)
    elif name.endswith((".warc", ".warc.gz")):
        try:
            from kroniek.ingest.warc import read_warc
        except ImportError as exc:
            yield InputError(str(path), f"reading WARC files needs the monitor extra ({exc})")
            return
        yield from read_warc(path)
    else:
        yield InputError(str(path), f"unsupported file type (kroniek reads {', '.join(SUFFIXES)})")


def _read_stdin() -> Iterator[Article | InputError]:
    data = sys.stdin.buffer.read()
    if data.lstrip()[:1] == b"{":
        yield from read_jsonl(Path("<stdin>"), data=data)
    else:
        yield read_text_stream(data, "<stdin>", "stdin")
