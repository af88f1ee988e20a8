"""Stage: places named in the text, resolved in the gazetteer.

Reads: the text, the language's `places.tsv` (exonyms, demonyms), the gazetteer.
Adds: `PlaceMention`s. Contract:

    find_places(text, lang, gazetteer) -> list[PlaceMention]   # sorted by span.start
"""

from __future__ import annotations

from kroniek.lang import LanguageData
from kroniek.model import PlaceMention


def find_places(text: str, lang: LanguageData, gazetteer: object | None = None) -> list[PlaceMention]:
    return []
