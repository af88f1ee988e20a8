"""Stage: the document (publication) date.

Reads: the text (a `date YYYY-MM[-DD]` header, a date line near the top), the URL,
a date given with the input, the language's `calendar.toml`.
Contract:

    find_doc_date(text, url, given, lang) -> DocDate | None
"""

from __future__ import annotations

from kroniek.lang import LanguageData
from kroniek.model import DocDate


def find_doc_date(text: str, url: str | None, given: DocDate | None, lang: LanguageData) -> DocDate | None:
    return given
