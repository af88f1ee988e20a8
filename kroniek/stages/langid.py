"""Stage: which language an article is written in.

Uses py3langid (langid.py's naive Bayes over byte n-grams, its model inside the
wheel, offline), restricted to the languages kroniek may meet, on the start of
the text after any date header: 200 characters decide reliably and keep this
stage cheap (it was lingua before; same answers on our texts at a quarter of the
time, which matters at hundreds of articles a second).
"""

from __future__ import annotations

import functools

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from kroniek.stages.docdate import header_end

# Languages we read, plus the widely published languages closest to them, so that
# an article in a language without data is recognised and gets no events rather
# than wrong ones.
CANDIDATES = ("nl", "en", "de", "fr", "es", "it", "pt", "af")
SAMPLE_CHARS = 200
# Below this probability (among the candidates) nothing decides: a list of names, numbers, another script.
MIN_CONFIDENCE = 0.5


@functools.cache
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(
        MODEL_FILE, norm_probs=True, min_confidence=MIN_CONFIDENCE
    )
    identifier.set_languages(list(CANDIDATES))
    return identifier


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or "und" when nothing decides.

    >>> detect_language("Bij een aanslag in de hoofdstad zijn gisteren tien mensen om het leven gekomen.")
    'nl'
    """
    start = header_end(text)  # "date 2020-01" is no language
    sample = text[start : start + SAMPLE_CHARS]
    if not any(c.isalpha() for c in sample):
        return "und"
    code: str = _identifier().classify(sample)[0]
    return code
