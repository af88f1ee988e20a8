"""The casualties stage's linker state, and the figures of one person: a casualty verb no count
claimed may still count one person, its object ("de moord op president X", "killed the police chief") or
its subject ("zijn vrouw kwam om"). `kroniek.stages.casualties` links the counts on this base.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kroniek.elision import fold_apostrophes
from kroniek.stages.casualty_anchors import Anchor, after_preposition, previous_words
from kroniek.stages.casualty_grammar import CasualtyGrammar, Phrase, Tok, Tokens
from kroniek.stages.span_index import SpanIndex

VALUE_ROLES = frozenset({"num", "zero", "art"})


def low_word(word: str) -> str:
    """A token as the data lists are written: lower case, straight apostrophes."""
    return fold_apostrophes(word.lower())


@dataclass(slots=True)
class CountHit:
    kind: str  # killed | injured | both
    start: int
    end: int
    rule: str
    number: tuple[int, int]
    value: int


class PersonLinker:
    """The anchors of one text, the hits linked so far, and the linking of single persons."""

    def __init__(self, text: str, low: str, g: CasualtyGrammar, anchors: list[Anchor]) -> None:
        self.text, self.low, self.g, self.anchors = text, low, g, anchors
        self.at = {a.start: i for i, a in enumerate(anchors) if a.role in VALUE_ROLES}
        self.value_index = list(self.at.values())
        self.starts = [anchors[i].start for i in self.value_index]
        self.hits: dict[int, CountHit] = {}
        self.person_hits: list[CountHit] = []
        self.suppressed: set[int] = set()
        self.stops: list[int] | None = None  # where the text's ".!?" and line breaks stand, once read

    def _tokens(self, pos: int, limit: int = 64) -> Tokens:
        return Tokens(self.text, pos, limit, self.g.token)

    def _hit(self, a: Anchor, kind: str, start: int, end: int, rule: str) -> CountHit:
        return CountHit(kind, start, end, rule, a.number, a.value)

    def _split_ok(self, phrase: Phrase, start: int, after: Tok | None, words: list[str]) -> bool:
        if after is not None and (after[2] in phrase.not_before or after[0] in self.at):
            return False
        if any(w in phrase.verbs for w in words):
            return True
        return any(
            w in phrase.verbs for w in previous_words(self.low, start, self.g.limits["split_lookback"])
        )

    def _object_follows(self, tok: Tok | None) -> bool:
        if tok is None or not tok[2][0].isalnum():
            return False
        if tok[0] in self.at:
            return True
        return tok[2] in self.g.object_starters or (self.g.capitalized_objects and tok[3][0].isupper())

    def _value_anchors(self, start: int, end: int) -> list[int]:
        """The value anchors from `start` to `end`, in order (found among their starts, not read all for
        each aside: issue 13)."""
        lo, hi = bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end)
        return self.value_index[lo:hi]

    def _link_persons(self) -> None:
        """A casualty verb no count claimed may still count one person: its object ("de moord op president
        X", "killed the police chief") or its subject ("zijn vrouw kwam om")."""
        claimed = SpanIndex(sorted((h.start, h.end) for h in self.hits.values()))
        for c in self.anchors:
            # (claimed: a hit with start <= c.start < end)
            if (c.role != "pre" and c.kind != "verb") or claimed.first(c.start + 1, c.start) >= 0:
                continue
            if c.role == "pre":
                objects = self._persons_after(c)
                if objects:
                    self.person_hits += objects
                    continue
            toks = self._tokens(c.start, 8)
            phrase = self.g.match_phrase(toks, 0)
            if phrase is None or phrase.role not in ("verb", "split"):
                continue
            end = toks.get(len(phrase.words) - 1)[1]  # type: ignore[index]
            self.person_hits += self._persons_before(c.start, end, phrase, toks.get(len(phrase.words)))

    def _persons_after(self, c: Anchor, pos: int | None = None) -> list[CountHit]:
        """The people a verb-before names from `pos` on: "de moord op president X", "killed the police chief
        and three other officers" (one, and three more)."""
        g, hits, skipped = self.g, [], 0
        toks = self._tokens(c.end if pos is None else pos, 16)
        j = 0
        while (tok := toks.get(j)) is not None and tok[2][0].isalnum():
            if g.is_person(tok[2]):
                hits.append(CountHit(c.kind, c.start, tok[1], "verb+person", (tok[0], tok[1]), 1))
                conj = toks.get(j + 1)
                if conj is None or (conj[2],) not in g.conjunctions:
                    break
                nxt = toks.get(j + 2)
                k = self.at.get(nxt[0]) if nxt else None
                if k is not None and k not in self.hits and self.anchors[k].role in ("num", "art"):
                    b = self.anchors[k]  # "and three other officers"
                    self.hits[k] = self._hit(b, c.kind, c.start, max(b.end, b.noun_end), "coordinated")
                    break
                j, skipped = j + 2, 0
                continue
            if tok[0] in self.at:
                break
            if tok[2] not in g.object_starters and tok[2] not in g.before_gap:
                skipped += 1  # a modifier: "the POLICE chief", "Quetta's police chief"
                if skipped > 2:
                    break
            j += 1
        return hits

    def _persons_before(self, start: int, end: int, phrase: Phrase, after: Tok | None) -> list[CountHit]:
        g = self.g
        before = [
            t
            for t in self.g.token.finditer(self.text, max(0, start - self.g.reach), start)
            if t.group()[0].isalnum() or t.group() in ".!?;:\n"
        ]
        words: list[str] = []
        for pos in range(len(before) - 1, -1, -1):
            m = before[pos]
            word = low_word(m.group())
            if not word[0].isalnum() or self._in_value_anchor(m.start()) or self._breaks(word):
                return []
            if g.is_person(word):
                if self._count_owns(before[:pos]):
                    return []  # "two candidates hoping to become mayor ... were killed": not the mayor
                context = [low_word(t.group()) for t in reversed(before[:pos])][
                    : g.limits["preposition_lookback"]
                ]
                if after_preposition(context, g):
                    return []
                if phrase.role == "split" and not self._split_ok(phrase, m.start(), after, words):
                    return []
                if phrase.transitive and not any(w in g.aux for w in words) and self._object_follows(after):
                    return []
                one = CountHit(phrase.kind, m.start(), end, "person", m.span(), 1)
                return [one, *self._joined_person(before[:pos], end, phrase.kind)]
            words.append(word)
            if len(words) > g.limits["max_gap"]:
                return []
        return []

    def _count_owns(self, before: list[re.Match[str]]) -> bool:
        """Whether a count stands earlier in the clause, before any conjunction: its noun phrase holds the
        person ("two candidates hoping to become mayor"); after "en"/"and" a new subject starts."""
        for words, m in enumerate(reversed(before)):
            word = low_word(m.group())
            if not word[0].isalnum() or (word,) in self.g.conjunctions or self._breaks(word):
                return False
            if self._in_value_anchor(m.start()):
                return True
            if words >= self.g.limits["max_gap"]:
                return False
        return False

    def _breaks(self, word: str) -> bool:
        return any(p.role == "break" and len(p.words) == 1 for p in self.g.phrases.get(word, ()))

    def _in_value_anchor(self, pos: int) -> bool:
        k = bisect.bisect_right(self.starts, pos) - 1
        return k >= 0 and pos < self.anchors[self.value_index[k]].end

    def _joined_person(self, before: list[re.Match[str]], end: int, kind: str) -> list[CountHit]:
        """ "de chauffeur en de terrorist (kwamen om)": the first person of a pair counts too."""
        rest = list(reversed(before))
        while rest and low_word(rest[0].group()) in self.g.object_starters:
            rest.pop(0)
        if (
            len(rest) >= 2
            and (low_word(rest[0].group()),) in self.g.conjunctions
            and self.g.is_person(low_word(rest[1].group()))
        ):
            return [CountHit(kind, rest[1].start(), end, "coordinated", rest[1].span(), 1)]
        return []
