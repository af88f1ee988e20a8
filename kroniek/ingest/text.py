"""Plain-text articles: one `.txt` file is one article, its stem is the id.

The text is kept exactly as found (a leading `date YYYY-MM` header included):
evidence offsets point into it, and the date stage reads the header from it.
"""

from __future__ import annotations

from pathlib import Path

from kroniek.ingest.limits import MAX_ARTICLE_BYTES, decode, too_big
from kroniek.model import Article, InputError


def read_text_file(path: Path) -> Article | InputError:
    try:
        size = path.stat().st_size
        if size > MAX_ARTICLE_BYTES:
            return InputError(str(path), too_big(size))
        data = path.read_bytes()
    except OSError as exc:
        return InputError(str(path), f"cannot read: {exc.strerror or exc}")
    return read_text_stream(data, str(path), path.stem)


def read_text_stream(data: bytes, source: str, article_id: str) -> Article | InputError:
    if len(data) > MAX_ARTICLE_BYTES:
        return InputError(source, too_big(len(data)))
    text, problem = decode(data)
    if text is None:
        return InputError(source, problem)
    return Article(id=article_id, text=text, source=source)
