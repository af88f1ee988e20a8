"""Elision: a short word glued to the next one by an apostrophe, as French writes "l'attaque", "d'un",
"qu'il", "l’armée" (typeset apostrophe) or "jusqu'à".

Word lists hold the full word ("attaque"), so every stage that matches words must see it behind the
elided word: the elided word becomes a word of its own, written with a straight apostrophe ("l'", "n'"),
which data lists may name too ("n'" as a negation, "l'" as a determiner). The elided words are language
data: `elisions` in `language.toml` ("l", "d", "qu", ...; an empty list where a language has none, and then
everything here is a no-op). Only a listed word followed by an apostrophe and a letter is split off:
"aujourd'hui" stays one word because "aujourd" is not listed, and "N'Djamena" is left to the places stage,
which tries the whole name first.

Where it is used: the trigger lexicon (`split_tokens` on the text's tokens, `split_elisions` on the data
patterns), the casualties stage (`token_regex`), the places stage (`elisions`: "L'Irak", "Côte d'Ivoire");
the actors and dates stages match on characters and need nothing more than reading an apostrophe as the
end of a word. Offsets always point into the original text: a split never changes the text.

    >>> from kroniek.lang import load
    >>> elided_length("l’attaque", load("fr")), elided_length("aujourd'hui", load("fr"))
    (2, 0)
"""

from __future__ import annotations

import functools
import re

from kroniek.lang import LanguageData
from kroniek.lexicon import Token

# Apostrophes as typed and as typeset.
APOSTROPHES = "'’‘ʼ"


def elisions(lang: LanguageData) -> tuple[str, ...]:
    """The language's elided words, lower case ("l", "d", "qu"); empty for most languages."""
    return tuple(w.lower() for w in lang.get("language", {}).get("elisions", []))


@functools.cache
def elision_regex(lang: LanguageData) -> re.Pattern[str] | None:
    """A regex for an elided word with its apostrophe at the start of a word, before a letter; None when
    the language has no elisions. Longest words first ("jusqu" before "j")."""
    words = sorted(elisions(lang), key=len, reverse=True)
    if not words:
        return None
    body = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![^\W_])(?:{body})[{APOSTROPHES}](?=[^\W\d_])", re.IGNORECASE)


def elided_length(word: str, lang: LanguageData) -> int:
    """How many characters at the start of `word` are an elided word and its apostrophe (0 if none)."""
    pattern = elision_regex(lang)
    if pattern is None:
        return 0
    found = pattern.match(word)
    return found.end() if found else 0


def split_tokens(tokens: list[Token], lang: LanguageData) -> list[Token]:
    """The tokens with elided words as tokens of their own: "l'attaque" is read as "l'" and "attaque".

    The elided word's text is written with a straight apostrophe whatever the text has ("l’" -> "l'"), so
    that data lists name it one way ("n'" as a negation); offsets stay exact. Tokens of a language without
    elisions come back as they are (the same list).

        >>> from kroniek.lang import load
        >>> from kroniek.lexicon import tokenize
        >>> [t.text for t in split_tokens(tokenize("l’attaque d'aujourd'hui"), load("fr"))]
        ["l'", 'attaque', "d'", "aujourd'hui"]
    """
    pattern = elision_regex(lang)
    if pattern is None:
        return tokens
    out = []
    for token in tokens:
        found = pattern.match(token.text) if "'" in token.text or "’" in token.text else None
        if found is None:
            out.append(token)
        else:
            cut = found.end()
            out.append(Token(token.start, token.start + cut, fold_apostrophes(token.text[:cut].lower())))
            out.append(Token(token.start + cut, token.end, token.text[cut:]))
    return out


def split_elisions(pattern: str, lang: LanguageData) -> str:
    """A word-list pattern as `split_tokens` reads text: an elided word is a word of its own ("tirs d'obus"
    -> "tirs d' obus"), so that data is written as French is ("frappe de l'aviation", "s'est fait exploser").

        >>> from kroniek.lang import load
        >>> split_elisions("tirs d’obus", load("fr")), split_elisions("aujourd'hui", load("fr"))
        ("tirs d' obus", "aujourd'hui")
    """
    if elision_regex(lang) is None or not any(a in pattern for a in APOSTROPHES):
        return pattern
    parts = []
    for part in pattern.split(" "):
        cut = elided_length(part, lang)
        parts += [fold_apostrophes(part[:cut].lower()), part[cut:]] if cut else [part]
    return " ".join(parts)


@functools.cache
def token_regex(base: str, lang: LanguageData) -> re.Pattern[str]:
    """A tokenizer regex: `base` (a regex source for one token), with an elided word and its apostrophe
    as a token of its own ("l'", "qu'") where the language elides. Data lists may then name the elided
    word itself: "l'" as an object starter, "n'" between "personne" and "a été blessé"."""
    pattern = elision_regex(lang)
    if pattern is None:
        return re.compile(base)
    return re.compile(f"{pattern.pattern}|{base}", re.IGNORECASE)


def fold_apostrophes(word: str) -> str:
    """The word with typeset apostrophes as straight ones: the form data lists are compared in."""
    if "’" in word or "‘" in word or "ʼ" in word:
        return word.replace("’", "'").replace("‘", "'").replace("ʼ", "'")
    return word
