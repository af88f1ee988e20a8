"""Matching a trie of words, each followed by its own regex, without compiling one regex of all of them.

A calendar's phrases make a trie of every word a phrase can start with, each followed by the rest of every
phrase that can start with it. As one regular expression that is 19-24 KB per language, and compiling it
cost a fresh process 0.04-0.05 s a language before its first date (issue 12: start-up). Most words share
their rest (every weekday takes the same phrases after it, every full month name too), so here the trie is
walked in Python and each distinct rest is compiled on its own, when a text first needs it. The walk is
slower than the single regex, which a long run therefore compiles after a while (`PhraseScanner`).

`PhraseTrie.match` gives what the single regex `(?:trie)(?!\\w)` would: the regex engine tries a trie's
branches depth first, in the order they are written, and a word's own regex only at its end; so does the
walk. A word's characters match as `calendar.literal` writes them: a space any run of white space (the next
character of a word is never a space, so the run is taken whole, as the engine's backtracking would end up
doing), an apostrophe any apostrophe, any other character itself (the text is lower-cased, the words too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

APOSTROPHES = "'’‘"

# Compiled rests and phrases by source and flags, shared by all languages (a dict look-up, not re's cache:
# that one holds 512 patterns and the lexicon compiles more).
_COMPILED: dict[tuple[str, int], re.Pattern[str]] = {}


def compiled(source: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(source, flags)`, once per process."""
    key = (source, flags)
    pattern = _COMPILED.get(key)
    if pattern is None:
        pattern = _COMPILED[key] = re.compile(source, flags)
    return pattern


class _Node:
    __slots__ = ("apostrophes", "next", "rest", "rest_regex", "space")

    def __init__(self) -> None:
        # Children by how they match a character of the text: itself, any white space, any apostrophe (those
        # sorted by character, the order the regex's branches are in; a character matches one kind only).
        self.next: dict[str, _Node] = {}
        self.space: _Node | None = None
        self.apostrophes: list[_Node] = []
        self.rest: str | None = None  # regex of what may follow the word ending here, with `(?!\w)`
        self.rest_regex: re.Pattern[str] | None = None  # `rest` compiled, when first tried


def nested_trie(words: dict[str, str]) -> dict[str, Any]:
    """Each word spelled out as nested dicts, one level per character; "" at a word's end holds its value."""
    trie: dict[str, Any] = {}
    for word, value in words.items():
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = value
    return trie


class PhraseTrie:
    """Words (lower case, single spaces), each with a regex that must match right after it."""

    def __init__(self, words: dict[str, str]) -> None:
        self._root = _freeze(nested_trie(words))

    def match(self, low: str, start: int) -> int:
        """The end of the first word and rest that match at `start` in the lower-cased text `low`, in the
        order the regex would try them; -1 if none does."""
        return _walk(self._root, low, start)


def _freeze(nested: dict[str, Any]) -> _Node:
    node = _Node()
    for char, child in sorted(nested.items()):
        if not char:
            continue
        if char == " ":
            node.space = _freeze(child)
        elif char in APOSTROPHES:
            node.apostrophes.append(_freeze(child))
        else:
            node.next[char] = _freeze(child)
    if "" in nested:
        node.rest = str(nested[""]) + r"(?!\w)"
    return node


def _walk(node: _Node, low: str, i: int) -> int:
    n = len(low)
    if i < n:
        c = low[i]
        child = node.next.get(c)
        if child is not None:
            end = _walk(child, low, i + 1)
            if end >= 0:
                return end
        elif node.space is not None and c.isspace():
            j = i + 1
            while j < n and low[j].isspace():
                j += 1
            end = _walk(node.space, low, j)
            if end >= 0:
                return end
        elif c in APOSTROPHES:
            for child in node.apostrophes:
                end = _walk(child, low, i + 1)
                if end >= 0:
                    return end
    if node.rest is not None:
        regex = node.rest_regex
        if regex is None:
            regex = node.rest_regex = compiled(node.rest)
        found = regex.match(low, i)
        if found is not None:
            return found.end()
    return -1


# Texts a calendar scans by the walk before it compiles its single regex and scans with that: the walk
# costs about 0.1 ms a text more than the regex (its Python steps at ~50 places a text where a phrase could
# start), compiling the regex 0.04-0.05 s; after 500 texts the walk has cost what compiling costs, so a long
# run pays at most twice the cheaper of the two (a fresh process coding one article, almost nothing).
SINGLE_AFTER = 500


class PhraseScanner:
    """Finds what `re.finditer(source, low)` finds: by walking `PhraseTrie(words)` for the first texts, then
    with `source` compiled. `starts` is a regex of where a phrase may start (each word of `words`, a digit),
    `digits` the regex of the phrases that start with digits."""

    def __init__(self, starts: str, words: dict[str, str], digits: str, source: str) -> None:
        self._starts = re.compile(starts)
        self._words = PhraseTrie(words)
        self._digits = digits + r"(?!\w)"
        self._source = source
        self._texts = 0
        self._single: re.Pattern[str] | None = None

    def spans(self, low: str) -> Iterator[tuple[int, int]]:
        if self._single is None:
            self._texts += 1
            if self._texts > SINGLE_AFTER:
                self._single = compiled(self._source)
        if self._single is not None:
            return (found.span() for found in self._single.finditer(low))
        return self.walk(low)

    def walk(self, low: str) -> Iterator[tuple[int, int]]:
        """The spans found by walking the trie (what `spans` gives for the first texts)."""
        return phrase_spans(self._starts, self._words, self._digits, low)


def phrase_spans(
    starts: re.Pattern[str], words: PhraseTrie, digits: str, low: str
) -> Iterator[tuple[int, int]]:
    """What `re.finditer` of the single pattern `(?<!\\w)(?:words|digits)(?!\\w)` finds in `low`: at each
    place `starts` says a phrase may start, the first phrase that matches, as that pattern would choose it
    (`digits` is a regex with its own `(?!\\w)`)."""
    pos = 0
    while (candidate := starts.search(low, pos)) is not None:
        start = candidate.start()
        end = words.match(low, start)
        if end < 0:
            found = compiled(digits).match(low, start)
            end = found.end() if found is not None else -1
        if end < 0:
            pos = start + 1
            continue
        yield start, end
        pos = end
