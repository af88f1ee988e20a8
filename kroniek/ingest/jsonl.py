"""JSONL dumps: one JSON object per line with `id`, `text` and optional `url`, `date`, `lang`.

A line with `html` instead of `text` holds a web page: its main text is read by `kroniek.ingest.html`.

A broken line is reported with its line number and the rest of the file is read.
`.jsonl.gz` files are read through gzip.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kroniek.ingest.limits import MAX_ARTICLE_BYTES, decode, too_big
from kroniek.model import Article, DocDate, InputError

_ISO_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")
_LANG = re.compile(r"[A-Za-z]{2,3}")


def read_jsonl(path: Path, data: bytes | None = None) -> Iterator[Article | InputError]:
    try:
        stream: IO[bytes]
        if data is not None:
            stream = io.BytesIO(data)
        elif path.name.lower().endswith(".gz"):
            stream = gzip.open(path, "rb")  # noqa: SIM115 (closed by the `with` below)
        else:
            stream = path.open("rb")
    except OSError as exc:
        yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    with stream:
        try:
            yield from _read_lines(stream, path)
        except (OSError, EOFError) as exc:  # a truncated or corrupt .gz
            yield InputError(str(path), f"cannot read further: {exc}")


def _read_lines(stream: IO[bytes], path: Path) -> Iterator[Article | InputError]:
    number = 0
    while True:
        line = stream.readline(MAX_ARTICLE_BYTES + 1)
        if not line:
            return
        number += 1
        source = f"{path}:{number}"
        if len(line) > MAX_ARTICLE_BYTES and not line.endswith(b"\n"):
            rest = _skip_to_newline(stream)
            yield InputError(source, too_big(len(line) + rest))
            continue
        if not line.strip():
            continue
        yield parse_line(line, source, f"{path.stem}-{number}")


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
    if not isinstance(article_id, str | int) or str(article_id).strip() == "":
        return InputError(source, '"id" must be a non-empty string or number')
    url = record.get("url")
    if url is not None and not isinstance(url, str):
        return InputError(source, '"url" must be a string')
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
