"""The anchors of the casualties stage: one pass of the combined regex over the lower-cased text.

An anchor is a place a casualty figure can hang on: a count ("zeker 25"), a "none" word, an article before
a singular person, a verb that puts its count after it ("killing"), a toll word ("dodental") or a casualty
word ("gewond", "doden"). Numbers that are durations, amounts, dates or labels are dropped here.
"""

from __future__ import annotations

import re

from kroniek.stages.casualty_grammar import CasualtyGrammar

_NEXT_WORD = re.compile(r"\s*([\w'’]+(?:\.\w+)*|[%‰°])")
_QUOTES = "\"'“”‘’«»()[],"


class Anchor:
    """A place in the text a casualty figure can hang on.

    A plain class, not a dataclass: one is made per candidate word, and mypyc compiles an `__init__`
    written out, where a dataclass's is generated at import and runs as Python.
    """

    __slots__ = ("after_prep", "end", "kind", "noun_end", "number", "role", "start", "value", "year_like")

    def __init__(self, role: str, start: int, end: int) -> None:
        self.role = role  # toll | pre | zero | num | art | cas
        self.start = start
        self.end = end
        self.value = 0
        self.number = (start, end)  # where the number itself is
        self.kind = ""  # what a toll or a verb-before counts
        self.year_like = False
        self.after_prep: bool | None = None  # object of a preposition: may take a noun, not a verb (lazy)
        self.noun_end = 0  # an article's person

    def __repr__(self) -> str:
        return f"Anchor({self.role!r}, {self.start}, {self.end}, value={self.value}, kind={self.kind!r})"


def find_anchors(text: str, low: str, g: CasualtyGrammar) -> list[Anchor]:
    """The anchors of `text`, in order; `low` is `lexicon.lower(text)`."""
    anchors: list[Anchor] = []
    # The pattern takes the character before an anchor too: a space in front serves the first word, and
    # every offset below is one less than in the padded text.
    for m in g.anchor.finditer(" " + low):
        role = m.lastgroup or ""
        if role == "noun":  # the person after an article: the anchor is the article
            role = "art"
        start, end = m.start(role) - 1, m.end(role) - 1
        anchor = Anchor(role, start, end)
        if role == "toll":
            anchor.kind = g.toll_kind[" ".join(m.group(role).split())]
        elif role == "pre":
            anchor.kind = g.before_kind[" ".join(m.group(role).split())]
        elif role == "art":
            anchor.value = 1
            anchor.noun_end = m.end("noun") - 1
        elif role == "cas":
            anchor.kind = "verb" if " ".join(m.group(role).split()) in g.person_verbs else "noun"
        elif role == "num":
            count = g.numbers.read(m.group(role))
            if count is None:
                continue
            after = _NEXT_WORD.match(low, end)
            before = word_before(low, start)
            # "10 jaar", "25 euro", "13 juni", "pagina 3": not people.
            if (after and after.group(1) in g.not_after) or before in g.not_before:
                continue
            anchor.value = count.low
            if count.is_range and before in g.numbers.range_from:
                anchor.value = count.high  # "steeg van 13 tot 20": now 20
            anchor.number = (start + count.number_start, end)
            anchor.year_like = count.year_like
        anchors.append(anchor)
    return anchors


def word_before(low: str, pos: int) -> str:
    """The word right before `pos` in the same sentence ("" if none): string operations, no regex search."""
    piece = low[max(0, pos - 30) : pos].rstrip().rstrip(_QUOTES)
    if not piece or piece[-1] in ".!?;:":
        return ""
    return piece.rsplit(None, 1)[-1].strip(_QUOTES)


def previous_words(low: str, pos: int, n: int) -> list[str]:
    """Up to `n` words before `pos` in the same sentence, nearest first; `low` is the lower-cased text.

    Plain string splitting: this runs for many counts, and a regex per call costs more than the answer.
    """
    start = max(0, pos - 14 * n - 14)
    pieces = low[start:pos].split()
    if start and pieces and not low[start - 1].isspace():
        pieces = pieces[1:]  # the first piece was cut off mid-word
    words: list[str] = []
    for piece in reversed(pieces):
        word = piece.strip(_QUOTES)
        if not word:
            continue
        if word[-1] in ".!?;:":  # the previous sentence (or clause) ended here
            break
        words.append(word)
        if len(words) == n:
            break
    return words


def after_preposition(before: list[str], g: CasualtyGrammar) -> bool:
    """Whether a preposition stands before, past determiners only ("bij de drie aanslagen"); not when it
    ends a conjunction ("samen met een commandant")."""
    for k, word in enumerate(before):
        if word in g.prepositions:
            return not any(tuple(reversed(before[k : k + len(c)])) == c for c in g.conjunctions)
        if word not in g.object_starters:
            return False
    return False
