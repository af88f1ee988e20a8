"""What counts as a readable article, shared by the readers."""

from __future__ import annotations

import os
import re

# A news article is rarely over 100 kB; 5 MB leaves room for odd dumps while a
# 100 MB "article" (a log file, a database dump) gets a clear refusal.
MAX_ARTICLE_BYTES = 5_000_000

# Characters no database column should hold: NUL (PostgreSQL text cannot store it) and lone UTF-16
# surrogates (JSON's "\ud800" escapes; they cannot be written as UTF-8 to a file or a database).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
# Control characters (terminal escapes included) have no place in an identifier that gets printed.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def decode(data: bytes) -> tuple[str | None, str]:
    """The text of `data`, or None and the reason it is not an article's text."""
    if not data.strip():
        return None, "empty: no text"
    if b"\x00" in data[:8192]:
        return None, "binary data, not text (a NUL byte near the start)"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (undecodable byte at offset {exc.start}); convert it to UTF-8"
    problem = unstorable(text, "the text")
    return (None, problem) if problem else (text, "")


def unstorable(value: str, what: str) -> str:
    """A message when `value` holds a character no database can store, else ""."""
    found = _UNSTORABLE.search(value)
    if found is None:
        return ""
    kind = "a NUL character" if found.group() == "\x00" else "a lone surrogate (invalid Unicode)"
    return f"{what} holds {kind} at offset {found.start()}"


def bad_identifier(value: str, what: str) -> str:
    """A message when `value` has characters an id must not have (controls, surrogates), else ""."""
    problem = unstorable(value, what)
    if problem:
        return problem
    found = _CONTROL.search(value)
    if found is not None:
        return f"{what} holds a control character ({found.group()!r}) at offset {found.start()}"
    return ""


def display_name(path: str | os.PathLike[str]) -> str:
    """A path as text that can be printed and stored: undecodable bytes and control characters (a
    terminal escape in a file name) shown as \\xNN."""
    name = os.fspath(path)
    try:
        text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that no file system gave (a name typed as "\\ud800")
        text = name.encode("utf-8", "backslashreplace").decode("utf-8")
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def too_big(size: int) -> str:
    return f"{size / 1e6:.1f} MB is larger than the {MAX_ARTICLE_BYTES / 1e6:.0f} MB limit for one article"
