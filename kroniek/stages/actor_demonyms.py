"""Demonyms around an actor noun: "Iraakse politie", "Russian, Iranian and Syrian forces" (before the noun)
or "les soldats maliens", "des soldats français et américains" (after it, where the language puts them
there: `demonym_after` in language.toml). Used by the actors stage (`kroniek.stages.actors`).

All offsets are into the text; `lower` is its lower-cased form (same length), `norm` the text with curly
apostrophes and odd hyphens made plain (same length).
"""

from __future__ import annotations

from dataclasses import dataclass

from kroniek.stages.span_index import line_start

# Characters that may open a word before an actor noun without being part of it.
_OPENERS = frozenset("\"'([«“„")

Coordinated = list[tuple[int, int, str]]  # (start, end, ISO2) of further demonyms joined by "and"


@dataclass(frozen=True)
class DemonymTable:
    forms: dict[str, tuple[str, str]]  # lower-cased demonym -> (ISO2, the form for capitals-only ones)
    tails: frozenset[str]  # last words of demonyms of two words
    and_words: frozenset[str]  # words that join two demonyms: "en", "and", "et"


def demonym_before(
    norm: str, lower: str, tables: DemonymTable, start: int
) -> tuple[str | None, int, Coordinated]:
    """The country of a demonym right before `start` (one or two words), its start, and coordinated ones."""
    last = _word_before(lower, start)
    if last is None:
        return None, start, []
    country, begin = None, last[0]
    if lower[last[0] : last[1]] in tables.tails:  # "south african", "saudi arabian"
        first = _word_before(lower, last[0])
        if first is not None and first[1] + 1 == last[0]:
            country = demonym(tables, norm, lower, first[0], last[1])
            begin = first[0] if country else begin
    if country is None:
        country = demonym(tables, norm, lower, *last)
    if country is None:
        return None, start, []
    others = []
    joiner = _word_before(lower, begin)
    if joiner is not None and lower[joiner[0] : joiner[1]] in tables.and_words:
        other_word = _word_before(lower, joiner[0])
        if other_word is not None:
            a, b = other_word
            b -= lower[b - 1] == ","  # "Russian, Iranian and Syrian forces"
            other = demonym(tables, norm, lower, a, b)
            if other is not None and other != country:
                others.append((a, b, other))
    return country, begin, others


def demonym_after(
    norm: str, lower: str, tables: DemonymTable, end: int
) -> tuple[str | None, int, Coordinated]:
    """The country of a demonym right after `end` (one word), where it ends, and coordinated ones
    ("des soldats français et américains": the second gets a mention of its own)."""
    first = _word_after(lower, end)
    if first is None:
        return None, end, []
    country = demonym(tables, norm, lower, *first)
    if country is None:
        return None, end, []
    others = []
    joiner = _word_after(lower, first[1])
    if joiner is not None and lower[joiner[0] : joiner[1]] in tables.and_words:
        other_word = _word_after(lower, joiner[1])
        if other_word is not None:
            other = demonym(tables, norm, lower, *other_word)
            if other is not None and other != country:
                others.append((other_word[0], other_word[1], other))
    return country, first[1], others


def _word_after(lower: str, start: int) -> tuple[int, int] | None:
    """Offsets of the word after `start`, when only white space separates them (letters, inner hyphens)."""
    i = start
    while i < len(lower) and lower[i] in " \t":
        i += 1
    if i == start:
        return None
    j = i
    while j < len(lower) and (
        lower[j].isalpha() or (lower[j] == "-" and j + 1 < len(lower) and lower[j + 1].isalpha())
    ):
        j += 1
    return (i, j) if j > i else None


def demonym(tables: DemonymTable, norm: str, lower: str, start: int, end: int) -> str | None:
    """The country of the demonym `text[start:end]`, if it is one."""
    found = tables.forms.get(lower[start:end])
    if found is None or (found[1] and norm[start:end] != found[1]):
        return None
    return found[0]


def _word_before(lower: str, end: int) -> tuple[int, int] | None:
    """Offsets of the word before `end`, when only white space separates them."""
    if end == 0 or not lower[end - 1].isspace():
        return None
    word_end = end - 1
    while word_end > 0 and lower[word_end - 1].isspace():
        word_end -= 1
    word_start = max(lower.rfind(" ", 0, word_end) + 1, line_start(lower, word_end))
    while word_start < word_end and lower[word_start] in _OPENERS:
        word_start += 1
    return (word_start, word_end) if word_start < word_end else None
