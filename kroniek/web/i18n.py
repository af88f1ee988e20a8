"""The explorer's interface language: Dutch, English, German or French, from data files.

Labels live in `kroniek/lang/<code>/interface.toml`. The language is, in order: `?ui=nl` on any page
(remembered in a cookie), the cookie, the browser's Accept-Language, English.

>>> choose("de-CH,de;q=0.9,en;q=0.5", None, None)
'de'
>>> choose("fr", "nl", None), choose("da, en-GB;q=0.8", None, None), choose(None, None, "xx")
('nl', 'en', 'en')
"""

from __future__ import annotations

import functools
import tomllib
from importlib import resources

UI_LANGUAGES = ("en", "nl", "de", "fr")
DEFAULT = "en"
COOKIE = "kroniek_ui"


@functools.cache
def labels(code: str) -> dict[str, dict[str, str]]:
    """The interface texts of one language: {"labels": {...}, "event_types": {...}}."""
    text = resources.files("kroniek").joinpath("lang", code, "interface.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def choose(accept_language: str | None, cookie: str | None, asked: str | None) -> str:
    """The interface language for a request."""
    for wanted in (asked, cookie):
        if wanted in UI_LANGUAGES:
            return wanted  # type: ignore[return-value]
    ranked = []
    for n, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        ranked.append((-weight, n, tag.strip().lower().split("-")[0]))
    for _, _, code in sorted(ranked):
        if code in UI_LANGUAGES:
            return code
    return DEFAULT


def names() -> list[tuple[str, str]]:
    """(code, the language's own name) for the language switch."""
    return [(code, labels(code)["labels"]["language_name"]) for code in UI_LANGUAGES]
