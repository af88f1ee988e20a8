"""A language's `calendar.toml`, compiled: name tables and the matcher of every date phrase.

Shared by the `dates` stage (event dates) and the `docdate` stage (publication date). Every phrase of the
data file (templates with slots such as `{weekday}` or `{day} {month}[ {year}]`, and the keys of the word
tables) is found in one pass over the text: what a single regex of all phrases would find, found by a trie
of the words phrases start with (`phrase_trie`), so that start-up does not compile that 19-24 KB regex. The
phrase's own small regex then says which phrase a match is and reads its slots.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from kroniek.lang import LanguageData
from kroniek.lexicon import fold
from kroniek.stages.phrase_trie import PhraseScanner, compiled, nested_trie

# Apostrophes as typed and as typeset.
_APOSTROPHES = "'’‘"
_TEMPLATE_PARTS = re.compile(r"(\{\w+\}|\[|\]| )")
# The letters of a phrase's first word that its regex matches one for one (an apostrophe matches any).
_LEAD = re.compile(r"[^'’‘]*")
_SPACE = r"\s+"
# A part of the day joins a weekday directly ("zaterdagavond"), with a hyphen, or after a space on its line.
_PART_JOIN = r"(?:[ \t]|-)?"
_YEAR_DIGITS = r"(?:19|20)\d\d(?!\d)"
# Numeric dates need a four-digit year: "12/3" alone is too ambiguous (a score, a ratio, a fraction).
NUMERIC_DATE = (
    r"(?:19|20)\d\d-[01]\d-[0-3]\d(?![\d-])|[0-3]?\d(?:\.[0-3]?\d\.|/[0-3]?\d/|-[0-3]?\d-)(?:19|20)\d\d(?!\d)"
)
# The meanings a data file may give a weekday phrase or a period (see the comments in calendar.toml).
WEEKDAY_KINDS = ("on_or_before", "before", "previous_week", "after", "next_week")
PERIOD_KINDS = (
    "this_week",
    "last_week",
    "this_month",
    "last_month",
    "weekend",
    "past_week",
    "past_day",
    "past_month",
)
_TEMPLATE_TABLES = (
    "date_phrases",
    "month_phrases",
    "year_phrases",
    "night_phrases",
    "ago_phrases",
    "after_phrases",
    "same_day_phrases",
)
_WORD_TABLES = ("relative_days", "periods", "holidays")


@dataclass(frozen=True, slots=True)
class Phrase:
    """One alternative of the pattern: a template or a table key, and what it means."""

    table: str  # the calendar.toml key it came from: "weekday_phrases", "periods", ... or "numeric"
    kind: str  # the sub-key ("before", "on_or_before") for weekday phrases; "" otherwise
    value: Any  # the table value for table keys (days back, period name, "MM-DD"); None for templates
    template: str
    # This phrase alone, a named group per slot; compiled when a text first has the phrase (compiling all
    # of a language's phrases cost start-up a hundredth of a second).
    source: str
    flags: int
    # The letters it starts with, folded (`lexicon.fold`), "" for a slot: a span that does not start with
    # them is not this phrase, known without compiling its regex.
    lead: str = ""

    @property
    def rule(self) -> str:
        return f"{self.table}.{self.kind}" if self.kind else self.table

    def read(self, text: str, start: int, end: int) -> re.Match[str] | None:
        """The phrase's slots in `text[start:end]`, a span the calendar's pattern found for it."""
        return compiled(self.source, self.flags).fullmatch(text, start, end)


@dataclass(frozen=True)
class Calendar:
    """A language's calendar data, normalised for look-ups, with the compiled phrase pattern."""

    code: str
    months: dict[str, int]  # normalised form -> 1..12
    months_need_number: frozenset[str]  # short or ambiguous forms: only next to a day or a year
    weekdays: dict[str, int]  # normalised name -> 0 (Monday) .. 6
    year_words: dict[str, int]
    count_words: dict[str, int]
    units: dict[str, int]
    numeric_orders: tuple[str, ...]
    names_capitalized: bool
    name_before: re.Pattern[str] | None  # words right before a weekday that make it part of a name
    name_after: re.Pattern[str] | None  # ... right after it
    day_suffixes: tuple[str, ...]
    scanner: PhraseScanner  # finds all phrases in a lower-cased text
    # All phrases as one regex, compiled ignoring case when a text that lower() changes in length needs it
    # (rarely: compiling it for every calendar cost start-up 0.06 s a language).
    pattern_source: str
    by_first_char: dict[str, tuple[Phrase, ...]]  # phrases by the lower-case character they start with
    by_word: dict[str, Phrase]  # the phrase a one-word match is, in lower case ("zaterdagavond", "gisteren")

    def scan(self, text: str) -> Iterator[tuple[Phrase, re.Match[str]]]:
        """Every phrase in `text`, left to right, not overlapping: the phrase and its own match (slots)."""
        # Matching a lower-cased copy lets the regex engine skip failing branches after one character
        # comparison; ignoring case makes it try each one. Offsets agree when lower() keeps the length.
        lowered = text.lower()
        if len(lowered) == len(text):
            spans = self.spans(lowered)
        else:
            lowered = text
            spans = (m.span() for m in compiled(self.pattern_source, re.IGNORECASE).finditer(text))
        for start, end in spans:
            # Most matches are one word ("zaterdag", "gisteren"): look it up, do not try phrase after phrase.
            known = self.by_word.get(lowered[start:end].lower())
            if known is not None:
                own = known.read(text, start, end)
                if own is not None:
                    yield known, own
                    continue
            # The same phrase order as in the pattern: the first phrase that spans the match is the one.
            for phrase in self.by_first_char.get(lowered[start].lower(), ()):
                lead = phrase.lead
                if lead and fold(text[start : start + len(lead)]) != lead:
                    continue
                own = phrase.read(text, start, end)
                if own is not None:
                    yield phrase, own
                    break

    def spans(self, low: str) -> Iterator[tuple[int, int]]:
        """What `re.finditer(pattern_source, low)` finds (for the first texts without compiling it)."""
        return self.scanner.spans(low)


def normalise(words: str) -> str:
    """The look-up form of a word or phrase: lower case, single spaces, straight apostrophes, no final dot."""
    out = " ".join(words.lower().split()).rstrip(".")
    for mark in _APOSTROPHES[1:]:
        out = out.replace(mark, "'")
    return out


def literal(words: str) -> str:
    """Regex for a literal word or phrase: any white space between words, any kind of apostrophe."""
    parts = []
    for char in words:
        if char == " ":
            parts.append(_SPACE)
        elif char in _APOSTROPHES:
            parts.append(f"[{_APOSTROPHES}]")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


def alternation(words: list[str], short: frozenset[str] = frozenset()) -> str:
    """Regex matching any of `words` in lower case, longest first; forms in `short` may end in a dot."""
    if not words:
        return ""
    tails = {_fold(word): (r"\.?" if normalise(word) in short else "") for word in words}
    return "(?:" + word_trie(tails) + ")"


def word_trie(words: dict[str, str]) -> str:
    """A regex matching any key of `words` followed by its value (a regex), written as a trie.

    A trie fails after a character or two where no word starts, where a plain alternation tries every word.
    Longer words come first, so that "januari" wins over "jan" when both fit.

    >>> word_trie({"mei": "", "maart": "", "maandag": ""})
    'm(?:aa(?:ndag|rt)|ei)'
    """
    trie = nested_trie(words)

    def build(node: dict[str, Any]) -> str:
        branches = [literal(char) + build(child) for char, child in sorted(node.items()) if char]
        if "" in node:
            branches.append(node[""])
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return build(trie)


def _fold(word: str) -> str:
    return " ".join(word.lower().split())


@functools.cache
def calendar_of(lang: LanguageData) -> Calendar | None:
    """The compiled calendar of a language, or None when its folder has no calendar.toml.

    >>> from kroniek.lang import load
    >>> calendar_of(load("nl")).months["maart"]
    3
    """
    data = lang.get("calendar")
    return compile_calendar(lang.code, data) if data else None


@functools.cache
def month_names(lang: LanguageData) -> tuple[dict[str, int], tuple[str, ...], tuple[str, ...]] | None:
    """A language's month names (as `Calendar.months`), day suffixes and numeric date orders, without
    compiling its calendar (what another language's dates need of it: `docdate`).

    >>> from kroniek.lang import load
    >>> month_names(load("nl"))[0]["maart"]
    3
    """
    data = lang.get("calendar")
    if not data:
        return None
    months: dict[str, int] = {}
    for number, forms in enumerate(data["months"], start=1):
        for form in forms:
            months[normalise(form)] = number
    return months, tuple(data.get("day_suffixes", [])), tuple(data.get("numeric_date_orders", ["dmy"]))


def compile_calendar(code: str, data: dict[str, Any]) -> Calendar:
    """Build a `Calendar` from the parsed contents of a calendar.toml."""
    months: dict[str, int] = {}
    need_number = {normalise(w) for w in data.get("ambiguous_months", [])}
    for number, forms in enumerate(data["months"], start=1):
        for i, form in enumerate(forms):
            months[normalise(form)] = number
            if i:
                need_number.add(normalise(form))
    short = frozenset(need_number)
    slot = _slot_renderer(data, short)
    slot_words = _slot_words(data, short)

    # The scan pattern is one trie over every word a phrase can start with (a literal word, a weekday or
    # month name, a count word), each followed by the rest of every phrase that can start with it, most
    # specific first, plus one branch for phrases starting with digits. A place where no phrase starts fails
    # after a character or two. It has no capture groups, which slow every attempt down (measured: twice as
    # slow with them); which phrase matched is found afterwards by its own regex (see `Calendar.scan`).
    by_start_word: dict[str, list[tuple[tuple[int, int, int, str], str]]] = {}
    by_digit: list[tuple[tuple[int, int, int, str], str]] = []
    phrases: list[tuple[tuple[int, int, int, str], Phrase]] = []
    for table, kind, value, template in _phrases(code, data):
        first, *rest = [piece for piece in _TEMPLATE_PARTS.split(template) if piece]
        if first in ("[", "]", " "):
            raise ValueError(f"{code}/calendar.toml: phrase {template!r} must start with a word or a slot")
        # A word counting days back may take a part of the day, like a weekday: "gisteravond".
        with_part = table == "relative_days" and bool(data.get("day_parts"))
        own = _pieces_regex([first, *rest], slot, capture=True)
        own += f"(?:{_PART_JOIN}{slot('part', True)})?" if with_part else ""
        body = _pieces_regex(rest, slot, capture=False)
        body += f"(?:{_PART_JOIN}{slot('part', False)})?" if with_part else ""
        key = (*_specificity(template), template)
        lead = "" if first.startswith("{") else fold(_LEAD.match(first.lower()).group())  # type: ignore[union-attr]
        phrase = Phrase(table, kind, value, template, own, re.IGNORECASE, lead)
        if not first.startswith("{"):
            by_start_word.setdefault(_fold(first), []).append((key, body))
            phrases.append((key, phrase))
            continue
        name = first[1:-1]
        if name not in slot_words:
            raise ValueError(f"{code}/calendar.toml: unknown slot {first} in {template!r}")
        for word, word_tail in slot_words[name].items():
            by_start_word.setdefault(word, []).append((key, word_tail + body))
        if name in ("day", "year", "count"):
            by_digit.append((key, slot(name, False) + body))
        phrases.append((key, phrase))
    numeric = Phrase("numeric", "", None, NUMERIC_DATE, NUMERIC_DATE, 0)
    by_digit.append(((1, 1, 0, ""), f"(?:{NUMERIC_DATE})"))
    phrases.append(((1, 1, 0, ""), numeric))

    rests = {word: _alternatives(entries) for word, entries in by_start_word.items()}
    digits = r"(?=\d)" + _alternatives(by_digit)
    branches = [word_trie(rests)] if rests else []
    source = r"(?<!\w)(?:" + "|".join([*branches, digits]) + r")(?!\w)"
    # Where a phrase may start: a word of the trie, or a digit (a small regex, no phrase after the word).
    starts = [word_trie(dict.fromkeys(rests, ""))] if rests else []
    return Calendar(
        code=code,
        months=months,
        months_need_number=short,
        weekdays={normalise(name): day for day, names in enumerate(data["weekdays"]) for name in names},
        year_words={normalise(k): v for k, v in data.get("year_words", {}).items()},
        count_words={normalise(k): v for k, v in data.get("count_words", {}).items()},
        units={normalise(k): v for k, v in data.get("units", {}).items()},
        numeric_orders=tuple(data.get("numeric_date_orders", ["dmy"])),
        names_capitalized=bool(data.get("names_capitalized", False)),
        name_before=_context_regex(data.get("weekday_name_before", []), before=True),
        name_after=_context_regex(data.get("weekday_name_after", []), before=False),
        day_suffixes=tuple(data.get("day_suffixes", [])),
        scanner=PhraseScanner(r"(?<!\w)(?:" + "|".join([*starts, r"\d"]) + ")", rests, digits, source),
        pattern_source=source,
        by_first_char=_by_first_char(phrases, data, slot_words),
        by_word=_by_word(phrases, data),
    )


def _by_word(
    phrases: list[tuple[tuple[int, int, int, str], Phrase]], data: dict[str, Any]
) -> dict[str, Phrase]:
    """One-word texts of phrases that are a bare weekday or a single word, with a joined part of the day."""
    parts = [_fold(part) for part in data.get("day_parts", [])]
    out: dict[str, Phrase] = {}
    for _, phrase in sorted(phrases, key=lambda item: item[0], reverse=True):
        if phrase.template == "{weekday}":
            words = [_fold(name) for names in data["weekdays"] for name in names]
        elif phrase.table == "relative_days" and " " not in phrase.template:
            words = [_fold(phrase.template)]
        elif phrase.table in ("periods", "holidays") and " " not in phrase.template:
            out.setdefault(_fold(phrase.template), phrase)
            continue
        else:
            continue
        for word in words:
            for form in [word] + [word + joint + part for part in parts for joint in ("", "-")]:
                out.setdefault(form, phrase)
    return out


def _context_regex(words: list[str], before: bool) -> re.Pattern[str] | None:
    """A regex for one of `words` ending right before a place (`before`) or starting right after it."""
    if not words:
        return None
    body = alternation(words)
    if before:
        return re.compile(rf"(?<!\w){body}\s+$", re.IGNORECASE)
    return re.compile(rf"\s+{body}(?!\w)", re.IGNORECASE)


def _slot_words(data: dict[str, Any], short: frozenset[str]) -> dict[str, dict[str, str]]:
    """For each slot, the words it can start with and what may directly follow each (a dot, a day part)."""
    parts = alternation(data.get("day_parts", []))
    weekday_tail = f"(?:{_PART_JOIN}{parts})?" if parts else ""
    names = [_fold(name) for names in data["weekdays"] for name in names]
    forms = [form for forms in data["months"] for form in forms]
    return {
        "weekday": {name: weekday_tail for name in names},
        "from": dict.fromkeys(names, ""),
        "to": dict.fromkeys(names, ""),
        "month": {_fold(form): (r"\.?" if normalise(form) in short else "") for form in forms},
        "day": {},
        "year": dict.fromkeys((_fold(word) for word in data.get("year_words", {})), ""),
        "count": dict.fromkeys((_fold(word) for word in data.get("count_words", {})), ""),
        "unit": dict.fromkeys((_fold(word) for word in data.get("units", {})), ""),
    }


def _by_first_char(
    phrases: list[tuple[tuple[int, int, int, str], Phrase]],
    data: dict[str, Any],
    slot_words: dict[str, dict[str, str]],
) -> dict[str, tuple[Phrase, ...]]:
    """Phrases by the lower-case characters they can start with, most specific first."""
    out: dict[str, list[tuple[tuple[int, int, int, str], Phrase]]] = {}
    for key, phrase in phrases:
        first = next(piece for piece in _TEMPLATE_PARTS.split(phrase.template) if piece)
        if phrase.table == "numeric" or first in ("{day}", "{year}", "{count}"):
            starts = set("0123456789")
        else:
            starts = set()
        if first.startswith("{"):
            starts |= {word[0] for word in slot_words.get(first[1:-1], {})}
        else:
            starts.add(_fold(first)[0])
        if starts & set(_APOSTROPHES):
            starts |= set(_APOSTROPHES)
        for char in starts:
            out.setdefault(char, []).append((key, phrase))
    return {
        char: tuple(phrase for _, phrase in sorted(items, key=lambda item: item[0], reverse=True))
        for char, items in out.items()
    }


def _phrases(code: str, data: dict[str, Any]) -> list[tuple[str, str, Any, str]]:
    """(table, kind, value, template) for every phrase in the data; table keys are templates without slots."""
    phrases: list[tuple[str, str, Any, str]] = []
    for kind, templates in data.get("weekday_phrases", {}).items():
        if kind not in WEEKDAY_KINDS:
            raise ValueError(f"{code}/calendar.toml: unknown weekday_phrases key {kind!r}")
        phrases += [("weekday_phrases", kind, None, t) for t in templates]
    for table in _TEMPLATE_TABLES:
        phrases += [(table, "", None, t) for t in data.get(table, [])]
    for key, value in data.get("periods", {}).items():
        if value not in PERIOD_KINDS:
            raise ValueError(f"{code}/calendar.toml: unknown period {value!r} for {key!r}")
    for table in _WORD_TABLES:
        phrases += [(table, "", value, " ".join(key.split())) for key, value in data.get(table, {}).items()]
    return phrases


def _alternatives(entries: list[tuple[tuple[int, int, int, str], str]]) -> str:
    ordered = sorted(entries, key=lambda entry: entry[0], reverse=True)
    return "(?:" + "|".join(body for _, body in ordered) + ")"


def _slot_renderer(data: dict[str, Any], short: frozenset[str]) -> Callable[[str, bool], str]:
    """A function giving the regex of a slot, as a named group or not."""
    weekday_names = alternation([name for names in data["weekdays"] for name in names])
    suffixes = alternation(data.get("day_suffixes", []))
    year_words = alternation(list(data.get("year_words", {})))
    count_words = alternation(list(data.get("count_words", {})))
    bodies = {
        "weekday": weekday_names,
        "from": weekday_names,
        "to": weekday_names,
        "part": alternation(data.get("day_parts", [])),
        "day": r"[0-3]?\d" + (f"{suffixes}?" if suffixes else ""),
        "month": alternation([form for forms in data["months"] for form in forms], short),
        "year": _YEAR_DIGITS + (f"|{year_words}" if year_words else ""),
        "count": r"\d{1,3}" + (f"|{count_words}" if count_words else ""),
        "unit": alternation(list(data.get("units", {}))),
    }

    def render(slot: str, capture: bool) -> str:
        if slot not in bodies:
            raise ValueError(f"unknown slot {{{slot}}} in a calendar phrase")
        out = f"(?P<{slot}>{bodies[slot]})" if capture else f"(?:{bodies[slot]})"
        if slot == "weekday" and bodies["part"]:
            out += f"(?:{_PART_JOIN}{render('part', capture)})?"
        return out

    return render


def _pieces_regex(pieces: list[str], slot: Callable[[str, bool], str], capture: bool) -> str:
    """Regex for the pieces of a template: words, {slots}, spaces and [optional] marks."""
    out: list[str] = []
    for piece in pieces:
        if piece.startswith("{") and piece.endswith("}"):
            out.append(slot(piece[1:-1], capture))
        elif piece == "[":
            out.append("(?:")
        elif piece == "]":
            out.append(")?")
        elif piece == " ":
            out.append(_SPACE)
        else:
            out.append(literal(piece.lower()))
    return "".join(out)


def _specificity(template: str) -> tuple[int, int, int]:
    """Sort key: templates of more required words and slots are tried first, then of more words, then longer.

    The pattern takes the first alternative that matches at a place, not the longest: "{month} {day}, {year}"
    must come before "{month} {day}[ {year}]", and "vorige week {weekday}" before "vorige week".
    """
    required = re.sub(r"\[[^\]]*\]", " ", template).split()
    every = template.replace("[", " ").replace("]", " ").split()
    return (len(required), len(every), len(template))


def numeric_date(text: str, orders: tuple[str, ...]) -> dt.date | None:
    """A date written in digits: ISO `2019-12-31`, or day/month/year in one of `orders` ("dmy", "mdy").

    >>> numeric_date("15.06.2017", ("dmy",))
    datetime.date(2017, 6, 15)
    """
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    if len(numbers) != 3:
        return None
    if numbers[0] > 31:  # a year first: ISO order
        return make_date(numbers[0], numbers[1], numbers[2])
    for order in orders:
        fields = dict(zip(order, numbers, strict=True))
        found = make_date(fields["y"], fields["m"], fields["d"])
        if found:
            return found
    return None


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None when there is no such day."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
