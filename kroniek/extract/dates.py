"""Stage: date expressions in the text, resolved against the document date.

Reads: the text, the language's `calendar.toml`, the document date.
Adds: `DateMention`s (span + window). Contract:

    find_dates(text, lang, doc_date) -> list[DateMention]   # sorted by span.start
    undated_window(doc_date) -> DateWindow | None            # for an event with no date words of its own
"""

from __future__ import annotations

from kroniek.lang import LanguageData
from kroniek.model import DateMention, DateWindow, DocDate


def find_dates(text: str, lang: LanguageData, doc_date: DocDate | None) -> list[DateMention]:
    return []


def undated_window(doc_date: DocDate | None) -> DateWindow | None:
    return None
