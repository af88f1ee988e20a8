"""What counts as a readable article, shared by the readers."""

from __future__ import annotations

# A news article is rarely over 100 kB; 5 MB leaves room for odd dumps while a
# 100 MB "article" (a log file, a database dump) gets a clear refusal.
MAX_ARTICLE_BYTES = 5_000_000


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
    return text, ""


def too_big(size: int) -> str:
    return f"{size / 1e6:.1f} MB is larger than the {MAX_ARTICLE_BYTES / 1e6:.0f} MB limit for one article"
