"""Stage: actors (armed groups, forces, crowds, civilians) named in the text.

Reads: the text, the language's `actors.toml`, the shared named-groups file.
Adds: `ActorMention`s. Contract:

    find_actors(text, lang) -> list[ActorMention]   # sorted by span.start
"""

from __future__ import annotations

from kroniek.lang import LanguageData
from kroniek.model import ActorMention


def find_actors(text: str, lang: LanguageData) -> list[ActorMention]:
    return []
