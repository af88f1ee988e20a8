"""Reading counts: "zeker 25", "1.500", "vijfentwintig", "tientallen", "between 13 and 20".

Builds, from a language's `numbers.toml`, one regex source for a count expression (qualifiers, then a
quantity or a range) and reads the value of a matched expression. Used by the casualties stage; any stage
that needs a number of people can use it too.

Conventions (ACLED's, see numbers.toml): qualifiers keep the stated number ("more than 20" = 20), a range
counts as its lower end ("13 to 20" = 13), vague amounts have fixed values ("dozens" = 12).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from text_to_num import text2num

from kroniek.lang import LanguageData

# Digits as counts are written: "25", "1.500" / "1,500" / "1 500" (thousands), "1,5" (a decimal, only
# meaningful before a scale word: "1,5 miljoen"). Not part of a word, a time ("08:34", "13u09"), an
# age or compound ("49-jarige", "COVID-19"), a percentage or an amount of money.
DIGITS = (
    r"(?<![\w.,:/€$£#])(?<![^\W\d_]-)(?<![€$£]\s)"
    r"(?:\d{1,3}(?:[.,]\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+(?:[.,]\d+)?)"
    r"(?![\w%‰°]|[.,:/]\d|[-‐][^\W\d_])"
)
_THOUSANDS = re.compile(r"\d{1,3}(?:[., \u00a0\u202f]\d{3})+")
_SPACES = re.compile(r"\s+")


def alternation(phrases: Iterable[str], prefixes: Iterable[str] = ()) -> str:
    """A regex for any of `phrases` (lower case), shaped as a trie; white space between words matches any.

    Python's `re` tries the branches of an alternation one by one; sharing prefixes makes a long word
    list cost a few character tests per position instead of one test per word. With `prefixes`, the
    phrases must end a word (`\\b`) and the prefixes need not (number words starting a compound).

    >>> print(alternation(["at least", "at", "about"]))
    a(?:bout|t(?:\\s+least)?)
    """
    end = r"\b" if prefixes else ""
    trie: dict[str, Any] = {}  # a character trie: each node maps a character to the next node
    for phrase, tail in [(p, end) for p in phrases] + [(p, "") for p in prefixes]:
        node = trie
        for ch in " ".join(phrase.lower().split()):
            node = node.setdefault(ch, {})
        node[""] = min(node.get("", tail), tail, key=len)  # {"": r"\b"} marks an end; a prefix needs none
    return _trie_source(trie)


def _trie_source(node: dict) -> str:
    branches = [
        (r"\s+" if ch == " " else re.escape(ch)) + _trie_source(node[ch]) for ch in sorted(node) if ch
    ]
    tail = node.get("")
    if not branches:
        return tail or ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if tail is None:
        return body
    return f"(?:{body}|{tail})" if tail else f"(?:{body})?"


def normalize(text: str) -> str:
    """Lower case, single spaces: the form the data tables are keyed by."""
    return _SPACES.sub(" ", text.strip().lower())


@dataclass(frozen=True)
class Count:
    """The value of a count expression and where its number sits inside the expression."""

    low: int
    high: int
    number_start: int  # offset inside the expression, after the qualifiers
    is_range: bool
    year_like: bool  # a bare four-digit number that may be a year


class QuantityGrammar:
    """The compiled number grammar of one language. Build it with `quantity_grammar(lang)`."""

    def __init__(self, lang: LanguageData) -> None:
        data = lang["numbers"]
        grammar = data["grammar"]
        self.words: dict[str, int] = {normalize(k): v for k, v in data["words"].items()}
        self.approximate: dict[str, int] = {normalize(k): v for k, v in data["approximate"].items()}
        self.several: dict[str, int] = {normalize(k): v for k, v in data["several"].items()}
        self.vague_plurals: frozenset[str] = frozenset(normalize(w) for w in data.get("vague_plurals", []))
        self.scales: dict[str, int] = {normalize(k): v for k, v in grammar["scales"].items()}
        self.fractions: dict[str, float] = {normalize(k): v for k, v in data["fractions"].items()}
        self.t2n_lang: str = data.get("text2num_lang", "")

        atoms = alternation(self.words)
        joiners = alternation(grammar["word_joiners"])
        one_word = f"(?:{atoms})(?:(?:{joiners})?(?:{atoms}))*" if joiners else f"(?:{atoms})+"
        big = [w for w, v in self.words.items() if v >= 100 and " " not in w]
        scale_and = ""
        if grammar["scale_and"] and big:
            after_big = "|".join(f"(?<={re.escape(w)})" for w in big)
            scale_and = f"|(?:{after_big})\\s+(?:{alternation(grammar['scale_and'])})\\s+"
        articles = alternation(grammar["articles"])
        # A lone article is not a number here: it counts only before a singular person (casualties stage).
        word_number = (
            rf"\b(?!(?:{articles})\b){one_word}(?:(?:\s+|[-‐]{scale_and}){one_word})*(?![\w-])"
            if articles
            else rf"\b{one_word}(?:(?:\s+|[-‐]{scale_and}){one_word})*(?![\w-])"
        )
        scale_join = alternation(grammar["scale_joiners"])
        scale_join = rf"(?:(?:{scale_join})\s+)?" if scale_join else ""
        # (a hyphen too: "un demi-million")
        scale_suffix = rf"(?:(?:\s+|-){scale_join}(?:{alternation(self.scales)})\b)*"
        approx = rf"\b(?:{alternation(self.approximate)})\b"
        several = rf"\b(?:{alternation(self.several)})\b"
        # A fraction is a number only before a scale word: "een half miljoen" is 500,000, not a million.
        fraction = (
            rf"|\b(?:{alternation(self.fractions)})(?=(?:\s+|-){scale_join}(?:{alternation(self.scales)})\b)"
            if self.fractions
            else ""
        )
        core = f"(?:{approx}|{DIGITS}|{word_number}{fraction})"
        quantity = rf"(?:(?:{several})\s+)?{core}{scale_suffix}|{several}"
        self._quantity_parts = re.compile(
            rf"(?:(?P<several>{several})\s+)?(?P<core>{core})(?P<scales>{scale_suffix})|(?P<alone>{several})",
        )
        joiner_words = [j for j in grammar["range_joiners"] if j[:1].isalnum()]
        joiner_marks = "".join(re.escape(j) for j in grammar["range_joiners"] if not j[:1].isalnum())
        seps = []
        if joiner_marks:
            seps.append(rf"\s*[{joiner_marks}]\s*")
        if joiner_words:
            seps.append(rf"\s+(?:{alternation(joiner_words)})\s+")
        range_sep = "|".join(seps) or r"(?!)"
        between = self._between_source(grammar["range_between"], f"({quantity})")
        qualifiers = rf"(?:\b(?:{alternation(grammar['qualifiers'])})\s+)"
        self._qualifiers = re.compile(rf"{qualifiers}{{0,2}}")
        # The two range regexes (5-7 KB together: 0.02 s of a fresh process's first article) are compiled
        # when an expression first could be a range: it has a separator, or starts as "between" does.
        self._range_source = rf"({quantity})(?:{range_sep})({quantity})"
        self._range: re.Pattern[str] | None = None
        self._range_marks = "".join(j for j in grammar["range_joiners"] if not j[:1].isalnum())
        self._range_words = bool(joiner_words)
        self._between_source_text = between
        self._between: re.Pattern[str] | None = None
        self._between_starts = tuple(a for a, _ in grammar["range_between"])
        between = self._between_source(grammar["range_between"], f"(?:{quantity})")
        self._single = re.compile(quantity)
        # Non-capturing source for the casualties stage to embed in its combined pattern.
        self.pattern = f"{qualifiers}{{0,2}}(?:{between}|(?:{quantity})(?:(?:{range_sep})(?:{quantity}))?)"
        self.range_from = frozenset(normalize(w) for w in grammar["range_from"])
        self._cache: dict[str, Count | None] = {}
        self._word_cache: dict[str, int | None] = {}

    @staticmethod
    def _between_source(pairs: list[list[str]], quantity: str) -> str:
        sources = [rf"\b{re.escape(a)}\s+{quantity}\s+{re.escape(b)}\s+{quantity}" for a, b in pairs]
        return "|".join(sources) or r"(?!)"

    def read(self, expression: str) -> Count | None:
        """The count a matched expression states, or None when it is no whole number.

        >>> from kroniek.lang import load
        >>> g = quantity_grammar(load("nl"))
        >>> g.read("zeker vijfentwintig").low, g.read("13 tot 20").low, g.read("tientallen").low
        (25, 13, 10)
        """
        if expression in self._cache:
            return self._cache[expression]
        count = self._read(expression)
        self._cache[expression] = count
        return count

    def _read(self, expression: str) -> Count | None:
        qualified = self._qualifiers.match(expression)
        start = qualified.end() if qualified else 0
        rest = expression[start:]
        pair = None
        if self._between_starts and rest.startswith(self._between_starts):
            if self._between is None:
                self._between = re.compile(self._between_source_text)
            pair = self._between.fullmatch(rest)
        if pair is None and self._may_be_range(rest):
            if self._range is None:
                self._range = re.compile(self._range_source)
            pair = self._range.fullmatch(rest)
        if pair:
            values = [self._quantity(g) for g in pair.groups() if g is not None]
            if len(values) == 2 and None not in values:
                low, high = sorted(v for v in values if v is not None)
                return Count(low, high, start, True, False)
            # not two numbers: perhaps one, written with a hyphen ("un demi-million")
        if not self._single.fullmatch(rest):
            return None
        value = self._quantity(rest)
        if value is None:
            return None
        year_like = start == 0 and rest.isdigit() and len(rest) == 4 and 1800 <= value <= 2100
        return Count(value, value, start, False, year_like)

    def _may_be_range(self, rest: str) -> bool:
        """Whether `rest` has what a range's separator needs: a mark, or white space around a word."""
        if any(mark in rest for mark in self._range_marks):
            return True
        return self._range_words and any(char.isspace() for char in rest)

    def _quantity(self, text: str) -> int | None:
        parts = self._quantity_parts.fullmatch(text)
        if parts is None:
            return None
        if parts["alone"]:
            return self.several[normalize(parts["alone"])]
        core = normalize(parts["core"])
        value: float | None
        if core in self.approximate:
            value = self.approximate[core]
        elif core in self.fractions:
            value = self.fractions[core]
        elif core[0].isdigit():
            value = _digits(core)
        else:
            value = self._word_number(core)
        if value is None:
            return None
        for word in normalize(parts["scales"]).replace("-", " ").split():
            value *= self.scales.get(word, 1)
        return int(value) if value == int(value) else None

    def _word_number(self, words: str) -> int | None:
        if words in self.words:
            return self.words[words]
        if words not in self._word_cache:
            # text2num is slow (~20 us a call): only matched candidates reach it, each string once.
            value = None
            if self.t2n_lang:
                try:
                    value = int(text2num(words, self.t2n_lang))
                except (ValueError, TypeError):
                    value = None
            self._word_cache[words] = value
        return self._word_cache[words]


def _digits(text: str) -> float | None:
    if _THOUSANDS.fullmatch(text):
        return int(re.sub(r"\D", "", text))
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


@functools.cache
def quantity_grammar(lang: LanguageData) -> QuantityGrammar:
    """The number grammar of a language, compiled once per process."""
    return QuantityGrammar(lang)
