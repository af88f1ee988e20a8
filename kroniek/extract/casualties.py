"""Stage: numbers of people killed and injured.

Reads: the text, the language's `numbers.toml` and `casualties.toml`.
Adds: `CountMention`s. Contract:

    find_counts(text, lang) -> list[CountMention]   # sorted by span.start
"""

from __future__ import annotations

from kroniek.lang import LanguageData
from kroniek.model import CountMention


def find_counts(text: str, lang: LanguageData) -> list[CountMention]:
    return []
