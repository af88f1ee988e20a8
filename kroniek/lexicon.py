"""Tagged word patterns, matched against the tokens of a text.

Language data files list words with a small pattern syntax; this module turns a
list of `(pattern, tag)` pairs into a matcher. Patterns:

    "woord"         this word (case-insensitive)
    "woord*"        this word with any ending: plural, inflection, compound tail
    "*woord"        a compound with this head: "*aanval" matches luchtaanval
    "*woord*"       both
    "twee woorden"  words in sequence; also matches "twee-woorden" and "tweewoorden"
    "ME"            a pattern in capitals matches only in capitals (ME, not me)

A word is classified by an Aho-Corasick automaton over the patterns' literal
cores (case-folded as `re.IGNORECASE` folds): only a pattern whose core occurs in
the word, where its stars allow, is then tried as a regular expression (compiled
on first use). Classifying a token is cached: news vocabulary repeats, so after a
few articles almost every token costs one dictionary look-up.

    >>> lexicon = Lexicon([("*aanval*", "attack"), ("lucht*", "air"), ("zeker", "hedge")])
    >>> text = "Bij de luchtaanval vielen zeker 25 doden."
    >>> [(text[h.start:h.end], h.tag) for h in lexicon.find(tokenize(text))]
    [('luchtaanval', 'attack'), ('luchtaanval', 'air'), ('zeker', 'hedge')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from re import _casefix  # type: ignore[attr-defined]
from typing import Any, NamedTuple

import ahocorasick

# Words with inner hyphens and apostrophes, and numbers. (\w also takes "_", which news text does not use;
# the narrower [^\W_] makes this regex, the hottest in the pipeline, almost three times slower.)
_WORD = r"\w+(?:[-’']\w+)*"
TOKEN = re.compile(_WORD)
_CHARS = r"[\w’'-]*"
_CACHE_LIMIT = 500_000
# What may stand between the words of a phrase: spaces, hyphens, apostrophes, a comma (no stop or line break).
_SEQUENCE_GAP = re.compile(r"[ \t\u00a0\-–'’,]*")
# Words `_classify` compares with a pattern's core as plain strings (see `_plain_core`).
_ASCII_WORD = re.compile(r"[A-Za-z0-9_'-]*")


class Token(NamedTuple):
    start: int
    end: int
    text: str


class Hit(NamedTuple):
    """Tokens `first`..`last` (inclusive) match a pattern with this tag; `start`/`end` are text offsets."""

    first: int
    last: int
    start: int
    end: int
    tag: str


_last_lowered: tuple[str, str] = ("", "")


def lower(text: str) -> str:
    """Lower case with the same offsets (a few characters, like "İ", grow when lowered).

    Several stages lower the same article: the last text lowered is remembered (by identity).
    """
    global _last_lowered
    last = _last_lowered
    if last[0] is text:
        return last[1]
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    _last_lowered = (text, low)
    return low


def tokenize(text: str) -> list[Token]:
    """Words (with inner hyphens and apostrophes) and numbers, with their offsets."""
    return [Token(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]


def _part_regex(part: str) -> str:
    core = part.strip("*")
    body = re.escape(core)
    if part.startswith("*"):
        body = _CHARS + body
    if part.endswith("*"):
        body += _CHARS
    return body if core.upper() != core or not core.isalpha() or len(core) < 2 else f"(?-i:{body})"


def _plain_core(part: str, regex: str) -> str:
    """How `_classify` may compare a word with a pattern without its regex: "~" and the core in lower case,
    "=" and the core as written (a pattern in capitals), or "" (the regex decides).

    Only for an ASCII core and an ASCII word of \\w, "-" and "'" (`_ASCII_WORD`): such a word's characters all
    match a star's `_CHARS`, and ignoring case the regex engine takes two ASCII characters as equal exactly
    when their lower cases are (the characters it adds, like "ı" for "i" or "K" for "k", are not ASCII).
    """
    core = part.strip("*")
    if not core or not core.isascii():
        return ""
    return ("=" + core) if regex.startswith("(?-i:") else ("~" + core.lower())


def _fold_table() -> dict[int, str]:
    """Characters `re.IGNORECASE` takes as one beyond their lower case ("ı" and "i", "ſ" and "s", final
    sigma...), each mapped to one of its class, and "İ" (lowered in two characters) to "i"."""
    table: dict[int, str] = {0x130: "i"}
    for code, others in _casefix._EXTRA_CASES.items():
        canonical = min(code, *others)
        for member in (code, *others):
            if member != canonical:
                table[member] = chr(canonical)
    return table


_FOLD = _fold_table()


def fold(word: str) -> str:
    """`word` case-folded as `re.IGNORECASE` compares characters, one character for one: two words that
    regex would match case-insensitively fold to the same string (some others do too).

    >>> fold("Luchtaanval"), fold("İSTANBUL") == fold("istanbul")
    ('luchtaanval', True)
    """
    low = word.lower()
    if len(low) != len(word):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in word)
    return low.translate(_FOLD)


class Lexicon:
    """A matcher for many tagged patterns at once."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        single: dict[str, list[str]] = {}
        self._sequences: dict[str, list[tuple[list[re.Pattern[str]], str]]] = {}
        for pattern, tag in entries:
            parts = pattern.split()
            if len(parts) == 1:
                single.setdefault(tag, []).append(parts[0])
                continue
            # A sequence also matches written as one hyphenated or closed compound.
            for joiner in ("-", ""):
                single.setdefault(tag, []).append(joiner.join(parts))
            # One tag per distinct first word, shared by every phrase that starts with it: a common word
            # ("in", "the") starts many phrases and must not carry a tag for each.
            first = _part_regex(parts[0])
            first_tag = f"\x00{first}"
            single.setdefault(first_tag, []).append(parts[0])
            rest = [re.compile(_part_regex(p), re.IGNORECASE) for p in parts[1:]]
            self._sequences.setdefault(first_tag, []).append((rest, tag))
        self._tag_names = list(single)
        # Folded core -> (length, must start the word, must end it, tag number, the pattern's regex, and the
        # core as a plain word is compared with it: lower case, or as written for a pattern in capitals).
        cores: dict[str, list[tuple[int, bool, bool, int, str, str]]] = {}
        self._anywhere: list[tuple[int, str]] = []  # patterns with no literal core ("*")
        for number, parts in enumerate(single.values()):
            for part in sorted(set(parts)):
                core = fold(part.strip("*"))
                regex = _part_regex(part)
                entry = (
                    len(core),
                    not part.startswith("*"),
                    not part.endswith("*"),
                    number,
                    regex,
                    _plain_core(part, regex),
                )
                if core:
                    cores.setdefault(core, []).append(entry)
                else:
                    self._anywhere.append((number, entry[4]))
        self._automaton: Any = None
        if cores:
            self._automaton = ahocorasick.Automaton()
            for core, found in cores.items():
                self._automaton.add_word(core, found)
            self._automaton.make_automaton()
        self._regexes: dict[str, re.Pattern[str]] = {}
        self._cache: dict[str, tuple[str, ...]] = {}
        self._after_cache: dict[tuple[str, str], list[tuple[list[re.Pattern[str]], str]]] = {}

    def tags_of(self, word: str) -> tuple[str, ...]:
        """All tags whose one-word pattern matches `word` (sequence starts: tags with a NUL prefix)."""
        tags = self._cache.get(word)
        if tags is None:
            tags = self._classify(word)
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            self._cache[word] = tags
        return tags

    def _classify(self, word: str) -> tuple[str, ...]:
        """The tags of `word`: patterns whose core the automaton finds where their stars allow, each then
        matched as a regex (a tag matches when one of its patterns does)."""
        candidates: dict[int, list[tuple[str, bool, bool, str]]] = {}
        for number, regex in self._anywhere:
            candidates.setdefault(number, []).append((regex, True, True, ""))
        if self._automaton is not None:
            folded = fold(word)
            last = len(folded) - 1
            for end, found in self._automaton.iter(folded):
                for length, at_start, at_end, number, regex, plain in found:
                    if (at_start and end + 1 != length) or (at_end and end != last):
                        continue
                    candidates.setdefault(number, []).append((regex, at_start, at_end, plain))
        if not candidates:
            return ()
        # A word of ASCII letters, digits, hyphens and apostrophes is compared with a plain ASCII core as
        # strings: the pattern's regex (compiled for each new pattern, a tenth of a millisecond: a twentieth
        # of first-sight time) could only say the same (see `_plain_core`).
        low = word.lower() if _ASCII_WORD.fullmatch(word) else None
        regexes = self._regexes
        tags: list[str] = []
        for number in sorted(candidates):
            for regex, at_start, at_end, plain in candidates[number]:
                if plain and low is not None:
                    seen = word if plain[0] == "=" else low
                    core = plain[1:]
                    if at_start and at_end:
                        matched = seen == core
                    elif at_start:
                        matched = seen.startswith(core)
                    elif at_end:
                        matched = seen.endswith(core)
                    else:
                        matched = core in seen
                else:
                    compiled = regexes.get(regex)
                    if compiled is None:
                        compiled = regexes[regex] = re.compile(regex, re.IGNORECASE)
                    matched = compiled.fullmatch(word) is not None
                if matched:
                    tags.append(self._tag_names[number])
                    break
        return tuple(tags)

    def find_in(self, text: str) -> list[Hit]:
        """What `find(tokenize(text), text)` finds, faster: only the few words that carry a tag are given
        offsets (most words of a text carry none)."""
        words: list[str] = TOKEN.findall(text)
        cache = self._cache
        count = len(words)
        wanted: list[tuple[int, int, str]] = []  # (first, last, tag)
        for i in range(count):
            tags = cache.get(words[i])
            if tags is None:
                tags = self.tags_of(words[i])
            for tag in tags:
                if tag[0] != "\x00":
                    wanted.append((i, i, tag))
                elif i + 1 < count:
                    for rest, real_tag in self._sequences_after(tag, words[i + 1]):
                        j = i + len(rest)
                        if j < count and all(rx.fullmatch(words[i + k]) for k, rx in enumerate(rest[1:], 2)):
                            wanted.append((i, j, real_tag))
        if not wanted:
            return []
        spans = _offsets(text, words, {k for first, last, _ in wanted for k in range(first, last + 1)})
        hits = []
        for first, last, tag in wanted:
            if last > first and not all(
                _SEQUENCE_GAP.fullmatch(text, spans[k][1], spans[k + 1][0]) for k in range(first, last)
            ):
                continue  # the words of a phrase stand in one sentence, not across a full stop
            hits.append(Hit(first, last, spans[first][0], spans[last][1], tag))
        return _outermost(hits)

    def find(self, tokens: list[Token], text: str | None = None) -> list[Hit]:
        """Every match in `tokens`, in token order; a token may carry several tags. A match that lies inside
        a longer one is dropped: "riot police" is not a riot, "bomb squad" is no bomb. With `text`, the words
        of a phrase must stand in one sentence (no full stop or line break between them)."""
        return _outermost(self._find(tokens, text))

    def _find(self, tokens: list[Token], text: str | None) -> list[Hit]:
        hits: list[Hit] = []
        cache, tags_of, count = self._cache, self.tags_of, len(tokens)
        for i, token in enumerate(tokens):
            tags = cache.get(token.text)
            if tags is None:
                tags = tags_of(token.text)
            for tag in tags:
                if tag[0] != "\x00":
                    hits.append(Hit(i, i, token.start, token.end, tag))
                elif i + 1 < count:
                    for rest, real_tag in self._sequences_after(tag, tokens[i + 1].text):
                        j = i + len(rest)
                        if j < count and _sequence_at(tokens, i, rest, text):
                            hits.append(Hit(i, j, token.start, tokens[j].end, real_tag))
        return hits

    def _sequences_after(self, first_tag: str, second: str) -> list[tuple[list[re.Pattern[str]], str]]:
        """The phrases starting with `first_tag` whose second word can be `second` (cached)."""
        key = (first_tag, second)
        found = self._after_cache.get(key)
        if found is None:
            found = [(rest, tag) for rest, tag in self._sequences[first_tag] if rest[0].fullmatch(second)]
            if len(self._after_cache) > _CACHE_LIMIT:
                self._after_cache.clear()
            self._after_cache[key] = found
        return found


def _offsets(text: str, words: list[str], needed: set[int]) -> dict[int, tuple[int, int]]:
    """(start, end) of the tokens numbered in `needed`; `words` are all the tokens of `text`, in order.

    Between two tokens stands no word character, so the next token is the first place its text occurs
    after the previous one ends: a walk with `str.find`, no second regex pass.
    """
    spans: dict[int, tuple[int, int]] = {}
    last = max(needed)
    pos = 0
    for k in range(last + 1):
        start = text.find(words[k], pos)
        pos = start + len(words[k])
        if k in needed:
            spans[k] = (start, pos)
    return spans


def _outermost(hits: list[Hit]) -> list[Hit]:
    """The hits, less those inside a longer one."""
    longer = [h for h in hits if h.last > h.first]
    if not longer:
        return hits
    # The longer hits over each token: a phrase spans a few tokens, so this is as long as the phrases
    # together (each hit looking at every longer one was quadratic in a text of many phrases, issue 13).
    over: dict[int, list[Hit]] = {}
    for o in longer:
        for i in range(o.first, o.last + 1):
            over.setdefault(i, []).append(o)
    return [
        h
        for h in hits
        if not any(h.last <= o.last and o.last - o.first > h.last - h.first for o in over.get(h.first, ()))
    ]


def _sequence_at(tokens: list[Token], i: int, rest: list[re.Pattern[str]], text: str | None) -> bool:
    """Do the words after token `i` match the rest of a phrase, in one stretch of a sentence?"""
    for k, pattern in enumerate(rest, start=1):
        if k > 1 and not pattern.fullmatch(tokens[i + k].text):
            return False
        if text is not None and not _SEQUENCE_GAP.fullmatch(text, tokens[i + k - 1].end, tokens[i + k].start):
            return False  # the words of a phrase stand in one sentence, not across a full stop
    return True
