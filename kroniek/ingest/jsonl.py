"""JSONL dumps: one JSON object per line with `id`, `text` and optional `url`, `date`, `lang`.

A line with `html` instead of `text` holds a web page: its main text is read by `kroniek.ingest.html`.

A broken line is reported with its line number and the rest of the file is read.
`.jsonl.gz` files are read through gzip.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kroniek.ingest.limits import (
    MAX_ARTICLE_BYTES,
    bad_identifier,
    decode,
    display_name,
    too_big,
    unstorable,
)
from kroniek.ingest.text import NotRegularFile, open_regular
from kroniek.model import Article, DocDate, InputError

_ISO_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")
_LANG = re.compile(r"[A-Za-z]{2,3}")


def read_jsonl(path: Path) -> Iterator[Article | InputError]:
    """The articles of a .jsonl (or .jsonl.gz) file, an InputError for each line that is not one."""
    name = display_name(path)
    try:
        raw = open_regular(path)
    except OSError as exc:
        yield InputError(name, f"cannot read: {exc.strerror or exc}")
        return
    except NotRegularFile as exc:
        yield InputError(name, str(exc))
        return
    stream: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="rb") if path.name.lower().endswith(".gz") else raw
    with raw, stream:
        yield from read_jsonl_stream(stream, name, display_name(path.stem))


def read_jsonl_stream(
    stream: IO[bytes], name: str, stem: str, first: list[bytes] | None = None
) -> Iterator[Article | InputError]:
    """The articles of JSON lines read from `stream` (after the lines `first`, already read).

    Reads one line at a time: memory stays bounded by the longest line, whatever the input's size.
    A stream that breaks off (a truncated or corrupt .gz) ends with one InputError naming the line.
    """
    number = 0
    empty = True
    lines = iter(first or ())
    while True:
        try:
            line = next(lines, None)
            if line is None:
                line = stream.readline(MAX_ARTICLE_BYTES + 1)
        except (OSError, EOFError, zlib.error) as exc:  # gzip.BadGzipFile is an OSError
            yield InputError(f"{name}:{number + 1}", f"cannot read further: {exc}")
            return
        if not line:
            break
        number += 1
        source = f"{name}:{number}"
        if len(line) > MAX_ARTICLE_BYTES and not line.endswith(b"\n"):
            try:
                rest = _skip_to_newline(stream)
            except (OSError, EOFError, zlib.error) as exc:
                yield InputError(source, f"cannot read further: {exc}")
                return
            yield InputError(source, too_big(len(line) + rest))
            empty = False
            continue
        if not line.strip():
            continue
        empty = False
        yield parse_line(line, source, f"{stem}-{number}")
    if empty:
        yield InputError(name, "no articles: the file holds no JSON lines")


def _skip_to_newline(stream: IO[bytes]) -> int:
    skipped = 0
    while True:
        chunk = stream.readline(1 << 20)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def parse_line(line: bytes, source: str, fallback_id: str) -> Article | InputError:
    """One JSONL line as an Article, or an InputError saying what is wrong with it."""
    text, problem = decode(line)
    if text is None:
        return InputError(source, problem)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        return InputError(source, f"invalid JSON at column {exc.colno}: {exc.msg}")
    except ValueError as exc:  # an integer longer than Python's limit (4,300 digits)
        return InputError(source, f"invalid JSON: {str(exc).split(';')[0]}")
    except RecursionError:
        return InputError(source, "invalid JSON: nested too deeply")
    if not isinstance(record, dict):
        return InputError(source, f"expected a JSON object, found {type(record).__name__}")
    page = None
    if "text" not in record and isinstance(record.get("html"), str):
        from kroniek.ingest.html import record_page  # trafilatura: the monitor extra

        page = record_page(record, source)
        if isinstance(page, InputError):
            return page
        record = {**record, "text": page.article_text(), "url": record.get("url") or page.url}
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        return InputError(source, 'no "text": every line needs a non-empty "text" string')
    article_id = record.get("id", fallback_id)
    if isinstance(article_id, bool) or not isinstance(article_id, str | int) or str(article_id).strip() == "":
        return InputError(source, '"id" must be a non-empty string or number')
    url = record.get("url")
    if url is not None and not isinstance(url, str):
        return InputError(source, '"url" must be a string')
    problem = (
        unstorable(body, '"text"')
        or bad_identifier(str(article_id), '"id"')
        or (bad_identifier(url, '"url"') if url else "")
    )
    if problem:
        return InputError(source, problem)
    date = _date(record.get("date"))
    if isinstance(date, str):
        return InputError(source, date)
    lang = record.get("lang")
    if lang is not None and (not isinstance(lang, str) or not _LANG.match(lang)):
        return InputError(source, f'"lang" must be a language code like "nl", found {lang!r}')
    return Article(
        id=str(article_id),
        text=body,
        url=url,
        date=date or (page.date if page else None),
        lang=lang[:2].lower() if lang else None,
        source=source,
    )


def _date(value: object) -> DocDate | str | None:
    """The `date` field as a DocDate, None when absent, or a message saying what is wrong."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return DocDate.parse(value, source="field")
        except ValueError:
            pass
    return f'"date" must be an ISO date like "2019-12-31" or "2019-12", found {value!r}'
