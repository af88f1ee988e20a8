"""Plain-text articles: one `.txt` file is one article, its stem is the id.

The text is kept exactly as found (a leading `date YYYY-MM` header included):
evidence offsets point into it, and the date stage reads the header from it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import IO

from kroniek.ingest.limits import MAX_ARTICLE_BYTES, decode, display_name, too_big
from kroniek.model import Article, InputError


def read_text_file(path: Path) -> Article | InputError:
    source = display_name(path)
    try:
        stream = open_regular(path)
    except OSError as exc:
        return InputError(source, f"cannot read: {exc.strerror or exc}")
    except NotRegularFile as exc:
        return InputError(source, str(exc))
    with stream:
        try:
            data = stream.read(MAX_ARTICLE_BYTES + 1)
            if len(data) > MAX_ARTICLE_BYTES:
                return InputError(source, too_big(os.fstat(stream.fileno()).st_size))
        except OSError as exc:
            return InputError(source, f"cannot read: {exc.strerror or exc}")
    return read_text_stream(data, source, display_name(path.stem))


def read_text_stream(data: bytes, source: str, article_id: str) -> Article | InputError:
    if len(data) > MAX_ARTICLE_BYTES:
        return InputError(source, too_big(len(data)))
    text, problem = decode(data)
    if text is None:
        return InputError(source, problem)
    return Article(id=article_id, text=text, source=source)


class NotRegularFile(Exception):
    """A path that is a device, FIFO or socket: reading it could block or never end."""


def open_regular(path: Path) -> IO[bytes]:
    """`path` opened for reading, after checking (on the open file, so no race) that it is a regular file.

    Opened non-blocking, so a FIFO with no writer does not hang the open itself.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(f"not a regular file ({_kind(mode)}): kroniek reads files and folders")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"
