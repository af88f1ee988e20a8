"""Places named by a country adjective written in lower case: "la capitale malienne" (Bamako), "l'armée
malienne" (a hint that the article is about Mali).

French (like Spanish or Italian, and German adjectives) writes country adjectives in lower case, so the
capitalised-word scan of `place_rules` never sees them. Two data keys switch this on:
- `lowercase_demonyms` in geography.toml: lower-case forms of demonyms.tsv words count as demonym hints
  (weight 0.5, like a capitalised demonym: they help resolve names, they are never an event's place), and
  a capital noun next to one is that country's capital ("die afghanische Hauptstadt");
- `demonym_after` in language.toml: the adjective follows its noun ("la capitale malienne").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from kroniek.gazetteer import Gazetteer, normalize_name
from kroniek.lang import LanguageData
from kroniek.stages.place_tables import Hit, lang_tables
from kroniek.stages.quantities import alternation


@dataclass(frozen=True)
class _Patterns:
    capital: (
        re.Pattern[str] | None
    )  # capital noun and adjective: "capitale malienne", "afghanische Hauptstadt"
    adjective_group: int  # which group of `capital` holds the adjective
    adjective: re.Pattern[str] | None  # a lower-case demonym on its own: "malienne"
    demonyms: dict[str, str]  # lower-case form -> ISO2


@functools.cache
def _patterns(lang: LanguageData) -> _Patterns:
    tables = lang_tables(lang)
    demonyms = {word.lower(): iso for word, iso in tables.demonyms.items()}
    after = bool(lang.get("language", {}).get("demonym_after", False))
    lower = bool(lang.get("geography", {}).get("lowercase_demonyms", False))
    capital = None
    if tables.capital_nouns and (after or lower):
        # A capitalised adjective before the noun ("de Afghaanse hoofdstad") is place_rules' business.
        nouns = alternation(sorted(tables.capital_nouns))
        word = r"[^\W\d_][\w-]*"
        source = rf"(?<!\w)({nouns})\s+({word})" if after else rf"(?<![\w-])({word})\s+({nouns})(?!\w)"
        capital = re.compile(source, re.IGNORECASE)
    adjective = None
    if lower and demonyms:
        # Lower-case forms only, matched as written: capitalised ones are the place scan's.
        adjective = re.compile(rf"(?<![\w-])(?:{alternation(sorted(demonyms))})(?![\w-])")
    return _Patterns(capital, 2 if after else 1, adjective, demonyms)


def adjective_hits(text: str, lang: LanguageData, gaz: Gazetteer, taken: list[Hit]) -> list[Hit]:
    """Hits for capital nouns with a country adjective, and for lower-case demonyms, outside `taken`.

    >>> from kroniek.gazetteer import default_gazetteer
    >>> from kroniek.lang import load
    >>> hits = adjective_hits("dans la capitale malienne", load("fr"), default_gazetteer(), [])
    >>> [(h.key, h.rule) for h in hits]
    [('capitale malienne', 'capital')]
    """
    patterns = _patterns(lang)
    out: list[Hit] = []
    if patterns.capital is not None:
        for m in patterns.capital.finditer(text):
            capital = _capital(patterns.demonyms.get(m.group(patterns.adjective_group).lower()), gaz)
            if capital is not None:
                key = normalize_name(m.group())
                out.append(Hit(m.start(), m.end(), key, "name", "capital", [(capital, 3.0, None)]))
    if patterns.adjective is not None:
        spans = [(h.start, h.end) for h in taken + out]
        for m in patterns.adjective.finditer(text):
            if any(s <= m.start() < e for s, e in spans):
                continue
            country = gaz.country(patterns.demonyms[m.group()])
            if country is not None:
                hit = Hit(
                    m.start(), m.end(), m.group(), "demonym", "demonym", [(country, 0.0, None)], weight=0.5
                )
                out.append(hit)
    return out


def _capital(iso: str | None, gaz: Gazetteer) -> int | None:
    country = gaz.country(iso) if iso else None
    if country is None:
        return None
    record = gaz.record(country)
    return gaz.find(record.capital) if record.capital else None
