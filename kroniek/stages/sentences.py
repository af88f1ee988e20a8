"""Stage: sentence boundaries.

Reads: the text, `language.toml` (`abbreviations`: words that end in a full stop
without ending a sentence; `ordinal_dot` and `ordinal_nouns`: a number with a full stop
that is an ordinal, German "am 13. Oktober") and the month names of `calendar.toml`.
Adds: `Sentence`s covering the text in order.
A line break always ends a sentence: headlines, datelines and captions stand alone.
"""

from __future__ import annotations

import functools
import re

from kroniek.lang import LanguageData
from kroniek.model import Sentence

# A full stop, question or exclamation mark (and closing quotes) followed by
# white space and something that can start a sentence.
_BOUNDARY = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s+["'“‘«(\[]?[^\W\d_a-z]|\s+\d)|\n""")
# An ordinal number written with a full stop ("13.") and the word after it.
_ORDINAL = re.compile(r"\d{1,2}")
_NEXT_WORD = re.compile(r"\s+([^\W\d_]+)")
# Longer stretches without a sentence boundary (a dump without punctuation) are read in pieces of at most
# this many characters, cut at white space: the later stages compare the mentions within a sentence with one
# another, and one endless sentence made them quadratic in the article's length (issue 13). The longest
# sentence of the dev and train sets has 529 characters.
MAX_SENTENCE = 2000


@functools.cache
def _abbreviations(lang: LanguageData) -> frozenset[str]:
    words = lang["language"].get("abbreviations", [])
    return frozenset(w.lower().rstrip(".") for w in words)


@functools.cache
def _ordinal_nouns(lang: LanguageData) -> frozenset[str]:
    """Words that, after "13.", make the number an ordinal: the month names and `ordinal_nouns`; empty when
    the language does not write ordinals with a full stop (`ordinal_dot` false)."""
    language = lang["language"]
    if not language.get("ordinal_dot", False):
        return frozenset()
    months = [form for forms in lang.get("calendar", {}).get("months", []) for form in forms]
    return frozenset(w.lower() for w in [*months, *language.get("ordinal_nouns", [])])


def split_sentences(text: str, lang: LanguageData) -> list[Sentence]:
    """Split `text` into sentences with offsets; blank stretches are skipped.

    >>> from kroniek.lang import load
    >>> [text[s.start:s.end] for text in ["Hij kwam. Zij ging."] for s in split_sentences(text, load("nl"))]
    ['Hij kwam.', 'Zij ging.']
    """
    abbreviations = _abbreviations(lang)
    ordinal_nouns = _ordinal_nouns(lang)
    sentences: list[Sentence] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group() != "\n":
            # The word the mark ends (it is no space, so the piece has one): string operations, no regex.
            word = text[max(0, match.start() - 40) : match.start() + 1].split()[-1]
            token = word.lower().rstrip(".").lstrip("(\"'“‘«")
            # "Dec.", "dr.", "U.S." and single initials do not end a sentence.
            initial = len(token) == 1 and token.isalpha()
            if token in abbreviations or initial or (token.count(".") and len(token) <= 6):
                continue
            if ordinal_nouns and _ORDINAL.fullmatch(token) and _ordinal(text, match.end(), ordinal_nouns):
                continue  # "am 13. Oktober", "zum 3. Mal"
        _append(text, start, end, sentences)
        start = end
    _append(text, start, len(text), sentences)
    return sentences


def _ordinal(text: str, end: int, nouns: frozenset[str]) -> bool:
    following = _NEXT_WORD.match(text, end)
    return following is not None and following.group(1).lower() in nouns


def _append(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + 1, start + MAX_SENTENCE)
        cut = cut if cut > start else start + MAX_SENTENCE
        _append(text, start, cut, out)
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        out.append(Sentence(start, end))


def sentence_of(starts: list[int], offset: int) -> int:
    """`Doc.sentence_at` for the compiled stages, given `Doc.sentence_starts()`: they ask it 300,000 times
    for a dense 1 MB article, and each call of the Python method cost more than the search itself (0.1-0.2 s
    of the megabyte, issue 13)."""
    low, high = 0, len(starts)
    while low < high:
        middle = (low + high) // 2
        if offset < starts[middle]:
            high = middle
        else:
            low = middle + 1
    return low - 1 if low > 0 else 0
