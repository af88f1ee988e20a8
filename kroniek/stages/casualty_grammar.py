"""What the casualties stage compiles from a language's `casualties.toml` and `numbers.toml`.

`casualty_grammar(lang)` builds it once per language: the combined anchor regex, the phrase table used to
read the words after a count (casualty nouns and verbs, clause breaks, conjunctions) and the word sets.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from kroniek.elision import fold_apostrophes, token_regex
from kroniek.lang import LanguageData
from kroniek.stages.quantities import QuantityGrammar, alternation, normalize, quantity_grammar

KINDS = ("killed", "injured")
BOTH = "both"  # "no casualties": zero killed and zero injured

TOKEN = re.compile(r"\w+(?:[-'’.]\w+)*|\n|[^\w\s]")
STOPS = frozenset("!?;:…\n")

Tok = tuple[int, int, str, str]  # start, end, lower case, as written


@dataclass(frozen=True, slots=True)
class Phrase:
    """A word or phrase that means something after a count."""

    words: tuple[str, ...]
    role: str  # noun | verb | split | both | break | subset | conj
    kind: str = ""
    transitive: bool = False
    verbs: frozenset[str] = frozenset()  # split verbs: a finite form that must stand in the clause
    not_before: frozenset[str] = frozenset()


class Tokens:
    """The tokens of a text from a position on, read only as far as asked (most searches stop early).

    `buffer` holds what was read; `get(i)` reads on when `i` is past it.
    """

    __slots__ = ("_found", "_limit", "buffer")

    def __init__(self, text: str, pos: int, limit: int = 64, pattern: re.Pattern[str] = TOKEN) -> None:
        self._found = pattern.finditer(text, pos)
        self.buffer: list[Tok] = []
        self._limit = limit

    def get(self, i: int) -> Tok | None:
        buffer = self.buffer
        if i < len(buffer):
            return buffer[i]
        while len(buffer) <= i:
            m = next(self._found, None) if len(buffer) < self._limit else None
            if m is None:
                return None
            word = m.group()
            buffer.append((m.start(), m.end(), fold_apostrophes(word.lower()), word))
        return buffer[i]


def phrase_tokens(phrases: list[str], pattern: re.Pattern[str] = TOKEN) -> list[tuple[str, ...]]:
    """Data phrases as the tokens `Tokens` reads (lower case, straight apostrophes)."""
    return [tuple(fold_apostrophes(t.lower()) for t in pattern.findall(p)) for p in phrases if p.strip()]


def _words(items: list[str]) -> frozenset[str]:
    return frozenset(fold_apostrophes(normalize(w)) for w in items)


class CasualtyGrammar:
    """A language's casualty vocabulary, compiled."""

    def __init__(self, lang: LanguageData) -> None:
        self.numbers: QuantityGrammar = quantity_grammar(lang)
        # Words as the stage reads them: where the language elides ("l'attaque"), the elided word is a
        # token of its own, so that data lists can name it ("l'" as an object starter).
        self.token = token_regex(TOKEN.pattern, lang)
        data = lang["casualties"]
        words = data["words"]
        self.limits: dict[str, int] = data["limits"]
        self.abbreviations = frozenset(
            w.lower().rstrip(".") for w in lang.get("language", {}).get("abbreviations", [])
        )
        self.aux = _words(words["passive_aux"])
        self.object_starters = _words(words["object_starters"])
        self.capitalized_objects: bool = words["capitalized_objects"]
        self.not_after = _words(words["not_counted_after"]) | {"%", "‰", "°"}
        self.not_before = _words(words["not_counted_before"])
        self.zero_gap = _words(words["zero_gap_words"])
        self.before_gap = _words(words["before_gap_words"])
        self.joiners = _words(words["combined_joiners"])
        self.prepositions = _words(words["prepositions"])
        self.preposition_verbs = frozenset(phrase_tokens(words["preposition_verbs"], self.token))
        self.conjunctions = phrase_tokens(words["conjunctions"], self.token)
        self.persons = _words(words["person_singular"])
        heads = words["person_singular_heads"] if words["compound_heads"] else []
        self.person_head = re.compile(rf"(?:{alternation(heads)})$") if heads else None
        self.before_kind: dict[str, str] = {}
        self.toll_kind: dict[str, str] = {}
        phrases: list[Phrase] = []
        nouns: list[str] = []
        verbs: list[str] = []
        for kind in KINDS:
            table = data[kind]
            transitive = _words(table["transitive"])
            phrases += [Phrase(t, "noun", kind) for t in phrase_tokens(table["nouns"], self.token)]
            phrases += [
                Phrase(t, "verb", kind, " ".join(t) in transitive)
                for t in phrase_tokens(table["verbs"], self.token)
            ]
            self.before_kind.update((normalize(w), kind) for w in table["before"])
            self.toll_kind.update((normalize(w), kind) for w in table["tolls"])
            nouns += table["nouns"]
            verbs += table["verbs"]
        particles = []
        for split in data["split_verbs"]:
            found, not_before = _words(split["verbs"]), _words(split["not_before"])
            phrases += [
                Phrase(t, "split", split["kind"], verbs=found, not_before=not_before)
                for t in phrase_tokens([split["particle"]], self.token)
            ]
            # As an anchor a particle must close its clause, or at least not start another phrase ("om te").
            follow = r"(?=\s*(?:[,.;:!?)]|$))" if split["clause_final"] else ""
            if not_before and not follow:
                follow = rf"(?!\s+(?:{alternation(not_before)})\b)"
            particles.append(rf"(?:{alternation([split['particle']])})\b{follow}")
        phrases += [Phrase(t, "both", BOTH) for t in phrase_tokens(words["both_nouns"], self.token)]
        phrases += [Phrase(t, "break") for t in phrase_tokens(words["clause_breaks"], self.token)]
        self.subsets = phrase_tokens(words["subset_words"], self.token)
        self.subset_ends = frozenset(phrase[-1] for phrase in self.subsets)
        self.partitives = frozenset(phrase_tokens(words["partitive_words"], self.token))
        phrases += [Phrase(t, "subset") for t in self.subsets]
        phrases += [Phrase(t, "conj") for t in self.conjunctions]
        self.phrases: dict[str, list[Phrase]] = {}
        for phrase in sorted(phrases, key=lambda p: -len(p.words)):
            self.phrases.setdefault(phrase.words[0], []).append(phrase)
        # Compounds ending in a casualty noun ("burgerdoden") are that noun, where the language glues words.
        self.compound_nouns: list[tuple[str, str]] = []
        if words["compound_heads"]:
            self.compound_nouns = [(w.lower(), k) for k in KINDS for w in data[k]["nouns"] if " " not in w]
        self.compound_suffixes = tuple(noun for noun, _ in self.compound_nouns)
        self.anchor = self._anchor_regex(lang, words, nouns, verbs, particles, heads)
        # Characters within which a casualty word must follow a count for a closer look: `max_gap` words of
        # about ten characters, an aside and the casualty phrase.
        self.reach = 10 * self.limits["max_gap"] + 80
        # Casualty verbs (not nouns): a verb no count claims may have a person for its subject.
        self.person_verbs = frozenset(normalize(w) for w in verbs) | {
            normalize(p["particle"]) for p in data["split_verbs"]
        }

    def _anchor_regex(
        self,
        lang: LanguageData,
        words: dict,
        nouns: list[str],
        verbs: list[str],
        particles: list[str],
        heads: list,
    ) -> re.Pattern[str]:
        """One regex for every anchor, run once over the lower-cased text."""
        numbers = lang["numbers"]
        grammar = numbers["grammar"]
        person = rf"(?:{alternation(words['person_singular'])})\b"
        if heads:
            person += rf"|\w*(?:{alternation(heads)})\b"
        casualty_nouns = alternation(nouns + words["both_nouns"])
        articles = alternation(grammar["articles"])
        sources = {
            "toll": rf"(?:{alternation(self.toll_kind)})\b",
            "pre": rf"(?:{alternation(self.before_kind)})\b",
            "zero": rf"(?:{alternation(numbers['zero']['words'])})\b(?![-\w])",
            "num": self.numbers.pattern,
            # An article before a singular person or casualty noun, up to two words on: "een 49-jarige man".
            "art": rf"(?:{articles})(?=\s+(?:[\w'’-]+\s+){{0,2}}?(?P<noun>{person}|(?:{casualty_nouns})\b))",
            # Casualty words: a count with none in reach needs no closer look; a verb no count claims may
            # still have one person for its subject.
            "cas": "|".join([rf"(?:{alternation(verbs + nouns + words['both_nouns'])})\b", *particles]),
        }
        # Every anchor starts a word. The pattern consumes the character before it (the text is searched
        # with a space in front), which lets `re` skip to the next non-word character at C speed; then one
        # look-ahead trie of the phrases an anchor can start with (number words also as the start of a
        # compound: "vijf|entwintig") spares trying each alternative at every word.
        starts = [*self.toll_kind, *self.before_kind, *verbs, *nouns, *words["both_nouns"]]
        starts += [s["particle"] for s in lang["casualties"]["split_verbs"]]
        starts += [
            *numbers["zero"]["words"],
            *grammar["qualifiers"],
            *numbers["approximate"],
            *numbers["several"],
            *numbers["fractions"],
        ]
        starts += [*grammar["articles"], *(pair[0] for pair in grammar["range_between"])]
        gate = rf"(?=\d|{alternation(starts, prefixes=numbers['words'])})"
        body = "|".join(f"(?P<{name}>{source})" for name, source in sources.items())
        return re.compile(rf"[^\w]{gate}(?:{body})")

    def match_phrase(self, toks: Tokens, i: int) -> Phrase | None:
        """The longest phrase starting at token `i`."""
        first = toks.get(i)
        if first is None:
            return None
        for phrase in self.phrases.get(first[2], ()):
            for k in range(1, len(phrase.words)):
                tok = toks.get(i + k)
                if tok is None or tok[2] != phrase.words[k]:
                    break
            else:
                return phrase
        return None

    def match_phrases(self, toks: Tokens, i: int) -> Iterator[Phrase]:
        """Every phrase starting at token `i`, longest first; a word may be both a noun and a verb
        (French "blessés": "200 blessés", "ont été blessés")."""
        first = toks.get(i)
        if first is None:
            return
        for phrase in self.phrases.get(first[2], ()):
            for k in range(1, len(phrase.words)):
                tok = toks.get(i + k)
                if tok is None or tok[2] != phrase.words[k]:
                    break
            else:
                yield phrase

    def is_person(self, word: str) -> bool:
        """A singular person: "agent", "vrouw", and with compound heads "politieagent"."""
        return word in self.persons or bool(self.person_head and self.person_head.search(word))

    def coordinated(self, words: list[str]) -> bool:
        """Whether the words between two counts join them as one subject: "agenten en", "officer and her"."""
        for conj in self.conjunctions:
            n = len(conj)
            for p in range(len(words) - n + 1):
                if tuple(words[p : p + n]) == conj:
                    before, after = words[:p], words[p + n :]
                    return (
                        len(before) <= 3
                        and not any(w in self.aux for w in before)
                        and len(after) <= 1
                        and all(w in self.object_starters for w in after)
                    )
        return False


@functools.cache
def casualty_grammar(lang: LanguageData) -> CasualtyGrammar:
    """The casualty grammar of a language, compiled once per process."""
    return CasualtyGrammar(lang)
