"""Stage: the events an article reports, with their attributes and evidence.

Reads: the filled `Doc` (sentences, dates, places, counts, actors) and the
language's `triggers.toml` / `contexts.toml`. Contract:

    find_events(doc, lang) -> list[Event]
"""

from __future__ import annotations

from kroniek.lang import LanguageData
from kroniek.model import Doc, Event


def find_events(doc: Doc, lang: LanguageData) -> list[Event]:
    return []
