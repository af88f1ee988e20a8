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
from typing import IO

from kroniek.ingest.jsonl import read_jsonl, read_jsonl_stream
from kroniek.ingest.limits import MAX_ARTICLE_BYTES, display_name
from kroniek.ingest.text import read_text_file, read_text_stream
from kroniek.model import Article, InputError

SUFFIXES = (".txt", ".jsonl", ".jsonl.gz", ".ndjson", ".html", ".htm", ".warc", ".warc.gz")


def read_articles(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Article | InputError]:
    """Articles from files, folders (recursively, in name order) and "-" (stdin)."""
    for raw in paths:
        name = os.fspath(raw)
        if name == "-":
            yield from read_stdin(sys.stdin.buffer)
            continue
        path = Path(name)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as exc:  # a name too long, a loop of symbolic links
            yield InputError(display_name(name), f"cannot read: {exc.strerror or exc}")
            continue
        if is_dir:
            yield from _read_folder(path)
        elif exists:
            yield from _read_file(path)
        else:
            yield InputError(display_name(name), "no such file or folder")


def _read_folder(folder: Path) -> Iterator[Article | InputError]:
    problems: list[OSError] = []
    files = []
    # os.walk reports unreadable subfolders through onerror instead of stopping; links to folders
    # are not followed (a link loop would never end).
    for top, dirs, names in os.walk(folder, onerror=problems.append):
        dirs.sort()
        for name in names:
            file = Path(top, name)
            if _readable_suffix(file) and file.is_file():  # is_file: devices and FIFOs left out
                files.append(file)
    for problem in problems:
        where = display_name(problem.filename or folder)
        yield InputError(where, f"cannot read: {problem.strerror or problem}")
    if not files and not problems:
        yield InputError(display_name(folder), f"no {', '.join(SUFFIXES)} files in this folder")
    for file in sorted(files):
        yield from _read_file(file)


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
        yield InputError(display_name(path), f"unsupported file type (kroniek reads {', '.join(SUFFIXES)})")


def read_stdin(stream: IO[bytes]) -> Iterator[Article | InputError]:
    """JSON lines (when the first non-blank line starts with "{"), streamed; else one text article."""
    head: list[bytes] = []
    while line := stream.readline(MAX_ARTICLE_BYTES + 1):
        head.append(line)
        if line.strip():
            break
    if head and head[-1].lstrip()[:1] == b"{":
        yield from read_jsonl_stream(stream, "<stdin>", "stdin", first=head)
        return
    data = b"".join(head)
    data += stream.read(MAX_ARTICLE_BYTES + 1 - len(data))  # a text article: bounded like a file
    if len(data) > MAX_ARTICLE_BYTES:
        limit = MAX_ARTICLE_BYTES / 1e6
        yield InputError("<stdin>", f"more than the {limit:.0f} MB limit for one article (read no further)")
        return
    yield read_text_stream(data, "<stdin>", "stdin")
