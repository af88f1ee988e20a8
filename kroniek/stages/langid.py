"""Stage: which language an article is written in.

Uses lingua (offline models inside the wheel), restricted to the languages
lingua knows and kroniek may meet, on the start of the text after any date
header: 200 characters decide reliably and keep this stage cheap.
"""

from __future__ import annotations

import functools

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from kroniek.stages.docdate import header_end

# Languages we read, plus the widely published languages closest to them, so that
# an article in a language without data is recognised and gets no events rather
# than wrong ones. Each candidate costs time on every article: keep the list short.
CANDIDATES = ("nl", "en", "de", "fr", "es", "it", "pt", "af")
SAMPLE_CHARS = 200


@functools.cache
def _detector() -> LanguageDetector:
    codes = {lang.iso_code_639_1.name.lower(): lang for lang in Language.all()}
    languages = [codes[c] for c in CANDIDATES if c in codes]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or "und" when nothing decides.

    >>> detect_language("Bij een aanslag in de hoofdstad zijn gisteren tien mensen om het leven gekomen.")
    'nl'
    """
    start = header_end(text)  # "date 2020-01" is no language
    sample = text[start : start + SAMPLE_CHARS]
    language = _detector().detect_language_of(sample)
    return language.iso_code_639_1.name.lower() if language else "und"
