"""Stage: numbers of people killed and injured.

Reads: the text, the language's `numbers.toml` and `casualties.toml`.
Adds: `CountMention`s. Contract:

    find_counts(text, lang) -> list[CountMention]   # sorted by span.start

One combined regex per language (`casualty_grammar`) finds the anchors in a single pass over the text:
counts ("zeker 25", "tientallen"), "none" words, articles before a singular person ("een agent"), verbs
that put their count after them ("killing four"), tolls ("het dodental ... 63") and casualty verbs.
Each count is then linked to the word that makes it a casualty figure, looking a few words to the right
within its clause: a noun right after it ("63 doden") or a verb at the end of its clause ("25 militieleden
om het leven"). The nearest count wins: another count in between ends the search, unless the two are
joined ("drie agenten en zeven betogers raakten gewond": both injured). A casualty verb no count claims
looks left for a singular person ("zijn vrouw kwam om"): one. Which event a figure belongs to is the events
stage's business; this stage says what was counted and where, with a span as tight as the words allow.

>>> from kroniek.lang import load
>>> counts = find_counts("Er vielen minstens dertig doden en 35 gewonden.", load("nl"))
>>> [(c.kind, c.value, c.span.text) for c in counts]
[('killed', 30, 'minstens dertig doden'), ('injured', 35, '35 gewonden')]
"""

from __future__ import annotations

import bisect
import re

from kroniek.lang import LanguageData
from kroniek.lexicon import lower
from kroniek.model import CountMention, Span
from kroniek.stages.casualty_anchors import Anchor, after_preposition, find_anchors, previous_words
from kroniek.stages.casualty_grammar import BOTH, KINDS, STOPS, Phrase, Tok, Tokens
from kroniek.stages.casualty_grammar import casualty_grammar as _grammar
from kroniek.stages.casualty_persons import VALUE_ROLES, CountHit, PersonLinker, low_word
from kroniek.stages.quantities import normalize

_WORD_BEFORE = re.compile(r"([\w.'’-]*)$")
_STOP = re.compile(r"[.!?\n]")

_RULES = {"noun": "number+noun", "verb": "number+verb", "split": "number+verb", "both": "none"}


def find_counts(text: str, lang: LanguageData) -> list[CountMention]:
    """Casualty figures in `text`: each count of people killed or injured, with exact offsets.

    >>> from kroniek.lang import load
    >>> counts = find_counts("A roadside bomb killed four soldiers and wounded 19.", load("en"))
    >>> [(c.kind, c.value) for c in counts]
    [('killed', 4), ('injured', 19)]
    """
    grammar = _grammar(lang)
    low = lower(text)
    anchors = find_anchors(text, low, grammar)
    if not anchors:
        return []
    return _Linker(text, low, grammar, anchors).mentions()


class _Linker(PersonLinker):
    """Links the anchors of one text into casualty mentions."""

    def mentions(self) -> list[CountMention]:
        self._link_verbs_before()
        self._link_tolls()
        next_word = len(self.text) + self.g.reach  # start of the nearest casualty word to the right
        for i in range(len(self.anchors) - 1, -1, -1):
            a = self.anchors[i]
            if a.role in ("cas", "pre"):  # "killed" is both: "killed four", "four were killed"
                next_word = a.start
            elif a.role in VALUE_ROLES and i not in self.hits and self._in_reach(a, next_word):
                hit = self._forward(i)
                if hit:
                    self.hits[i] = hit
        self._link_persons()
        found = [h for i, h in self.hits.items() if i not in self.suppressed] + self.person_hits
        # Each kind's hits by start, for `_in_subset` to read only those of a hit's sentence.
        by_kind: dict[str, list[tuple[int, int, int]]] = {}
        for order, h in enumerate(found):
            by_kind.setdefault(h.kind, []).append((h.start, h.end, order))
        for listed in by_kind.values():
            listed.sort()
        hits = [h for order, h in enumerate(found) if not self._in_subset(h, order, by_kind)]
        out: set[CountMention] = set()
        for hit in hits + self._implied_zeros(hits):
            number = Span(hit.number[0], hit.number[1], self.text[hit.number[0] : hit.number[1]])
            # "Zahlreiche Tote", "several people were killed": at least so many, not a toll of its own.
            vague = self._vague(normalize(number.text))
            span = Span(hit.start, hit.end, self.text[hit.start : hit.end], "several" if vague else hit.rule)
            for kind in KINDS if hit.kind == BOTH else (hit.kind,):
                out.add(CountMention(span, kind, hit.value, number))  # type: ignore[arg-type]
        return sorted(out, key=lambda c: (c.span.start, c.span.end, c.kind))

    def _vague(self, number: str) -> bool:
        """ "Several", "dozens", "des dizaines", "tens of thousands": no explicit figure."""
        numbers = self.g.numbers
        return (
            number in numbers.several
            or number in numbers.vague_plurals
            or (number.split(" ", 1)[0] in numbers.vague_plurals)
        )

    def _in_subset(self, hit: CountHit, order: int, by_kind: dict[str, list[tuple[int, int, int]]]) -> bool:
        """A count right after "onder wie", "including" that is part of a group counted before it in the
        sentence ("drie doden, onder wie twee kinderen die later overleden"): not more people."""
        piece = self.low[max(0, hit.number[0] - 40) : hit.number[0]]
        if not any(word in piece for word in self.g.subset_ends):  # the common case, cheaply
            return False
        before = previous_words(self.low, hit.number[0], 3)
        for phrase in self.g.subsets:
            n = len(phrase)
            for skip in range(len(before) - n + 1):  # past determiners: "onder wie een agent"
                if tuple(reversed(before[skip : skip + n])) == phrase:
                    # Another hit of its kind from the sentence's start to the count (`order`: this one).
                    sentence, listed = self._sentence_start(hit.start), by_kind[hit.kind]
                    at = bisect.bisect_left(listed, (sentence,))
                    while at < len(listed) and listed[at][0] <= hit.number[0]:
                        if listed[at][1] <= hit.number[0] and listed[at][2] != order:
                            return True
                        at += 1
                    return False
                if before[skip] not in self.g.object_starters:
                    break
        return False

    def _sentence_start(self, pos: int) -> int:
        """Just after the last ".!?" or line break before `pos` (0: none)."""
        stops = self._stops()
        at = bisect.bisect_left(stops, pos) - 1
        return stops[at] + 1 if at >= 0 else 0

    def _sentence_end(self, pos: int) -> int:
        """The first ".!?" or line break from `pos` on (the text's length: none)."""
        stops = self._stops()
        at = bisect.bisect_left(stops, pos)
        return stops[at] if at < len(stops) else len(self.text)

    def _stops(self) -> list[int]:
        """Where the text's ".!?" and line breaks stand, found once: searched for back and forth from each
        figure, a text without one of them was read whole for every figure ("niemand raakte gewond" told a
        thousand times: seconds, growing with the square; issue 13)."""
        if self.stops is None:
            self.stops = [m.start() for m in _STOP.finditer(self.text)]
        return self.stops

    def _implied_zeros(self, hits: list[CountHit]) -> list[CountHit]:
        """ "Niemand raakte gewond", "no one was hurt": nobody died either, unless the sentence counts
        dead."""
        out = []
        dead = sorted(h.start for h in hits if h.kind in ("killed", BOTH))  # (looked up, not read per hit)
        for hit in hits:
            if hit.kind != "injured" or hit.value != 0 or hit.rule not in ("number+verb", "number+noun"):
                continue
            start, end = self._sentence_start(hit.start), self._sentence_end(hit.end)
            at = bisect.bisect_left(dead, start)
            if not (at < len(dead) and dead[at] < end):
                out.append(CountHit("killed", hit.start, hit.end, "none-implied", hit.number, 0))
        return out

    def _in_reach(self, a: Anchor, next_word: int) -> bool:
        """Whether a casualty word (or, where words glue, a compound ending in one) is near enough to look."""
        end = a.end + self.g.reach
        if next_word <= end:
            return True
        return any(self.low.find(noun, a.end, end) >= 0 for noun in self.g.compound_suffixes)

    def _after_prep(self, a: Anchor) -> bool:
        if a.after_prep is None:
            before = previous_words(self.low, a.start, self.g.limits["preposition_lookback"])
            a.after_prep = after_preposition(before, self.g)
        return a.after_prep

    def _is_stop(self, tok: Tok) -> bool:
        return tok[2] in STOPS or (tok[2] == "." and self._full_stop(tok[0]))

    def _link_verbs_before(self) -> None:
        """ "killing at least four", "doodden 12 soldaten": the verb comes first."""
        anchors = self.anchors
        for i, a in enumerate(anchors):
            if a.role != "pre" or i + 1 >= len(anchors):
                continue
            k = i + 1
            b = anchors[k]
            if b.role not in ("num", "art") or k in self.hits or not self._before_gap_ok(a.end, b.start):
                continue
            self.hits[k] = self._hit(b, a.kind, a.start, max(b.end, b.noun_end), "verb+number")
            # "killed three soldiers and two civilians": the second group is the verb's object too.
            while k + 1 < len(anchors) and anchors[k + 1].role in ("num", "art") and k + 1 not in self.hits:
                between = self.g.token.findall(self.text, anchors[k].end, anchors[k + 1].start)
                words = [low_word(w) for w in between if w[0].isalnum()]
                if len(words) != len(between) or not self.g.coordinated(words):
                    break
                if self._own_verb(anchors[k + 1]):
                    break  # "killed 3 people and 30 were injured": the second count has a verb of its own
                k += 1
                self.hits[k] = self._hit(anchors[k], a.kind, a.start, anchors[k].end, "coordinated")
            # "the killing of a senior police officer and his guard": a person joined to the last one.
            last = anchors[k]
            if last.noun_end:
                conj = self._tokens(last.noun_end, 2).get(0)
                if conj is not None and (conj[2],) in self.g.conjunctions:
                    self.person_hits += self._persons_after(a, conj[1])

    def _own_verb(self, anchor: Anchor) -> bool:
        """Is a count followed, within two words, by an auxiliary or a casualty verb of its own?"""
        tokens = self._tokens(max(anchor.end, anchor.noun_end), 2)
        follow = [tok[2] for tok in (tokens.get(0), tokens.get(1)) if tok is not None]
        return any(w in self.g.aux or w in self.g.person_verbs for w in follow)

    def _before_gap_ok(self, start: int, end: int) -> bool:
        g = self.g
        between = [low_word(w) for w in self.g.token.findall(self.text, start, end)]
        if len(between) > g.limits["before_max_gap"] or not all(w[0].isalnum() for w in between):
            return False
        if g.limits["before_gap_open"]:  # any words, but not a new clause or a second group
            return not any((w,) in g.conjunctions or self._breaks(w) for w in between)
        return all(w in g.before_gap for w in between)

    def _link_tolls(self) -> None:
        """ "het dodental is gestegen tot 63", "the death toll of 4"."""
        for a in self.anchors:
            if a.role != "toll":
                continue
            words = 0
            toks = self._tokens(a.end, 24)
            j = 0
            while (tok := toks.get(j)) is not None:
                j += 1
                if tok[2] != ":" and self._is_stop(tok):
                    break
                k = self.at.get(tok[0])
                if k is not None:
                    b = self.anchors[k]
                    if b.role == "num" and not b.year_like:
                        if k not in self.hits:
                            self.hits[k] = self._hit(b, a.kind, a.start, b.end, "toll")
                        break
                    if not b.year_like:
                        break
                words += tok[2][0].isalnum()
                if words > self.g.limits["toll_max_gap"]:
                    break

    def _forward(self, i: int) -> CountHit | None:
        """The casualty word a count's clause ends in, looking right from the count."""
        g, a, at, phrases = self.g, self.anchors[i], self.at, self.g.phrases
        zero = a.role == "zero"
        noun_gap = g.limits["noun_max_gap"]
        max_gap = g.limits["zero_max_gap"] if zero else g.limits["max_gap"]
        if a.year_like or (a.role != "zero" and self._after_prep(a)):
            max_gap = noun_gap  # "in 2019", "bij drie aanslagen": only a noun can follow ("met 20 doden")
        toks = self._tokens(a.end)
        get, buffer = toks.get, toks.buffer
        words: list[str] = []  # the words between the count and here
        saw_aux = saw_subset = after_comma = False
        j = 0
        while (tok := buffer[j] if j < len(buffer) else get(j)) is not None:
            start, end, low, _ = tok
            if not low[0].isalnum():
                if low in STOPS or (low == "." and self._full_stop(start)):
                    return None
                if low == ",":
                    close = None if zero else self._aside_end(toks, j)
                    if close is not None:  # ", samen met een commandant," / ", who were at the scene,"
                        p = g.match_phrase(toks, j + 1)
                        if p is not None and p.role == "subset":  # "twee doden, onder wie een kind,"
                            self.suppressed.update(self._value_anchors(end, get(close)[0]))  # type: ignore[index]
                        j = close + 1
                        continue
                    after_comma = True
                j += 1
                continue
            k = at.get(start)
            if k is not None and k > i:
                b = self.anchors[k]
                if saw_subset:  # "two people including a child were killed": the child is one of the two
                    self.suppressed.add(k)
                elif not (b.year_like or self._after_prep(b)):
                    hit = self.hits.get(k)
                    joined = g.coordinated(words) or (
                        after_comma and hit is not None and hit.rule == "coordinated"
                    )
                    if joined and hit:
                        return self._hit(a, hit.kind, a.start, hit.end, "coordinated")
                    return None
                while (t := get(j)) is not None and t[0] < b.end:
                    j += 1
                continue
            if low in phrases and (phrase := g.match_phrase(toks, j)) is not None:
                n = len(phrase.words)
                if phrase.role == "break" and not (zero and low in g.zero_gap):
                    return None  # (but "no reported casualties": a none word's gap word is no break)
                if phrase.role == "subset":
                    if after_comma:  # "300 agenten, van wie er twee gewond raakten": the verb is the part's
                        return None
                    saw_subset = True
                    j += n
                    continue
                # A word may be both a noun and a verb (French "blessés"): the first reading that fits.
                for phrase in g.match_phrases(toks, j):
                    n = len(phrase.words)
                    kind = self._casualty(phrase, a, toks, j + n, words, saw_aux)
                    if kind == "stop":
                        return None
                    if kind:
                        return self._hit(a, kind, a.start, get(j + n - 1)[1], _RULES[phrase.role])  # type: ignore[index]
            elif (
                g.compound_suffixes
                and len(words) <= noun_gap
                and low.endswith(g.compound_suffixes)
                and (kind := self._compound(low))
            ):
                return self._hit(a, kind, a.start, end, "number+noun")
            if zero and low not in g.zero_gap:
                return None
            if not saw_aux and low in g.aux:
                saw_aux = True
            after_comma = False
            words.append(low)
            if len(words) > max_gap:
                return None
            j += 1
        return None

    def _full_stop(self, pos: int) -> bool:
        """Whether the full stop at `pos` ends a sentence ("U.S. soldiers", "Dr. X", "blz. 3" do not)."""
        m = _WORD_BEFORE.search(self.text, max(0, pos - 20), pos)
        before = m.group(1).lower() if m else ""
        return not (len(before) == 1 or "." in before or before in self.g.abbreviations)

    def _casualty(
        self, phrase: Phrase, a: Anchor, toks: Tokens, after: int, words: list[str], saw_aux: bool
    ) -> str:
        """The kind a casualty phrase gives a count (killed, injured, both); "" if none; "stop" to give up."""
        g = self.g
        zero = a.role == "zero"
        if tuple(words) in g.partitives:  # "two of the injured": part of a figure given elsewhere
            return "stop"
        if phrase.role == "noun":
            limit = g.limits["zero_max_gap"] if zero else g.limits["noun_max_gap"]
            if len(words) > limit or (a.year_like and words):
                return ""
        elif phrase.role == "both":
            return BOTH if zero else ""
        elif phrase.role in ("verb", "split"):
            # "bij drie aanslagen kwamen mensen om": not three dead; but "aan 31 mensen het leven gekost"
            if a.year_like or (self._after_prep(a) and phrase.words not in g.preposition_verbs):
                return "" if phrase.role == "split" else "stop"
            if phrase.role == "split" and not self._split_ok(phrase, a.start, toks.get(after), words):
                return ""
            if phrase.transitive and not saw_aux and self._object_follows(toks.get(after)):
                return "stop"  # "two gunmen killed a policeman": the count did the killing
        else:
            return ""
        if self._mixed(toks, after, phrase.kind):  # "30 doden en gewonden": neither figure alone
            return BOTH if zero else "stop"
        return phrase.kind

    def _mixed(self, toks: Tokens, j: int, kind: str) -> bool:
        joiner = toks.get(j)
        if joiner is None or joiner[2] not in self.g.joiners:
            return False
        other = self.g.match_phrase(toks, j + 1)
        return other is not None and other.role in ("noun", "verb") and other.kind != kind

    def _compound(self, word: str) -> str:
        for noun, kind in self.g.compound_nouns:
            if word.endswith(noun) and len(word) > len(noun) + 2:  # "burgerdoden", not "doden" itself
                return kind
        return ""

    def _aside_end(self, toks: Tokens, j: int) -> int | None:
        """Index of the comma closing a short aside that opens at comma `j`, if there is one."""
        words = 0
        k = j + 1
        while (tok := toks.get(k)) is not None:
            if tok[2] == ",":
                return k if words else None
            if self._is_stop(tok):
                return None
            words += tok[2][0].isalnum()
            if words > 6:
                return None
            k += 1
        return None
