"""Towns the gazetteer does not list, named as towns: "het dorp Mahambel", "the village of Dogon Dawa",
"Dihrawud district".

News of violence often names villages too small for the gazetteer. A capitalised name right after a town or
district noun (or, where the language puts it there, right before one) is such a place. Its country and
region come from the nearest place of the same sentence that the gazetteer does know ("in Zamfara State"),
else they stay empty for the event stage to fill from the article.

Reads `geography.toml`: `city_nouns`, `district_nouns`, `of_words` and `place_noun_after` (true where a
language writes "Kaboro village" as well as "the village of Kaboro").
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from kroniek.lang import LanguageData
from kroniek.lexicon import lower
from kroniek.model import Place, PlaceMention, Span
from kroniek.stages.place_tables import LangTables, lang_tables
from kroniek.stages.quantities import alternation
from kroniek.stages.span_index import SpanIndex

_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_NAME_GAP = re.compile(r"[ \u00a0-]")
# Punctuation that parts a town noun from a capitalised word beyond it.
_BREAK = re.compile(r"[.!?;:()\[\]\n\"“”«»|–—]")
# How far (characters) the known place that gives an unlisted town its country may stand.
_COUNTRY_REACH = 160
MAX_NAME_WORDS = 3
# The provenance rule of a town found only by the location word before it ("killed in Qarmabad").
AFTER_WORD = "unlisted_after_word"
# How far back (characters) the town a district belongs to may be named ("In Utrecht ... de wijk X").
_TOWN_REACH = 250
# How far after it, in the same sentence, the town may be named instead ("im Bezirk X in der Stadt Y").
_TOWN_AFTER = 60


@dataclass(frozen=True)
class _Nouns:
    city: frozenset[str]
    plural: frozenset[str]  # plural town nouns, which may head a list of names
    district: frozenset[str]
    of_words: frozenset[str]
    after: bool
    pattern: re.Pattern[str] | None  # any of the nouns, as a word
    particles: frozenset[str]  # small words inside names: "Maarat al-Numan", "Dar es Salaam"
    and_words: frozenset[str]  # "Karou, Ouatagouna en Daoutegeft"
    amounts: frozenset[str]  # number words: "in der Stadt Zehntausende Menschen" names no town
    # Words after which a name the gazetteer does not know is taken for a town ("killed in Qarmabad"), and the
    # capitalised words that are never one (months, weekdays, the words of named days).
    before_town: re.Pattern[str] | None
    calendar: frozenset[str]


@functools.cache
def _nouns(lang: LanguageData) -> _Nouns:
    geo = lang.get("geography", {})
    city = frozenset(w.lower() for w in geo.get("city_nouns", []))
    plural = frozenset(w.lower() for w in geo.get("city_nouns_plural", []))
    district = frozenset(w.lower() for w in geo.get("district_nouns", []))
    words = sorted(city | plural | district, key=len, reverse=True)
    # Matched in lower case, without a look-behind: a pattern that starts with its words lets the regex
    # engine skip ahead to their first letters (four times faster); `_word_start` checks the left edge.
    pattern = re.compile(r"(?:" + alternation(words) + r")(?!\w)") if words else None
    return _Nouns(
        city,
        plural,
        district,
        frozenset(w.lower() for w in geo.get("of_words", [])),
        bool(geo.get("place_noun_after")),
        pattern,
        frozenset(w.lower() for w in geo.get("name_particles", [])),
        lang_tables(lang).and_words,
        # (not "one": "Ein al-Hilweh", "Un ..." begin names)
        frozenset(
            w.lower()
            for section in ("words", "approximate", "several")
            for w, value in lang.get("numbers", {}).get(section, {}).items()
            if " " not in w and value != 1
        ),
        _words_pattern(geo.get("unlisted_town_after", [])),
        frozenset(
            [
                *(
                    name.lower()
                    for key in ("months", "weekdays")
                    for forms in lang.get("calendar", {}).get(key, [])
                    for name in forms
                ),
                # "at Christmas", "met Kerstmis": the words of named days
                *(w.lower() for day in lang.get("calendar", {}).get("holidays", {}) for w in day.split()),
            ]
        ),
    )


def _words_pattern(words: list[str]) -> re.Pattern[str] | None:
    """Any of `words` (lower case), as whole words followed by a space."""
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + alternation(sorted(words, key=len, reverse=True)) + r") ")


def find_unlisted_towns(text: str, lang: LanguageData, known: list[PlaceMention]) -> list[PlaceMention]:
    """Towns named with a town noun that no `known` mention covers.

    >>> from kroniek.lang import load
    >>> found = find_unlisted_towns("Het dorp Qarmabad werd getroffen.", load("nl"), [])
    >>> [(m.span.text, m.place.kind) for m in found]
    [('Qarmabad', 'city')]
    """
    nouns = _nouns(lang)
    if nouns.pattern is None:
        return []
    tables = lang_tables(lang)
    found: list[PlaceMention] = []
    seen = _Seen(known)
    for noun_match in nouns.pattern.finditer(lower(text)):
        if not _word_start(text, noun_match.start()):
            continue
        noun = noun_match.group()
        kind = "city" if noun in nouns.city or noun in nouns.plural else "district"
        # Only the few words around the noun are read (a list after a plural noun: a little more).
        reach = 200 if noun in nouns.plural else 80
        after = list(_WORD.finditer(text, noun_match.end(), noun_match.end() + reach))
        names = _names_after(text, after, nouns, noun in nouns.plural)
        if names and _BREAK.search(text, noun_match.end(), names[0][0]):
            names = []  # "... west of Kandahar city.\n"The blast ...": a name past the sentence's end
        if not names and nouns.after:
            before = list(_WORD.finditer(text, max(0, noun_match.start() - reach), noun_match.start()))
            names = _names_before(text, before, nouns, noun in nouns.plural)
            if names and _BREAK.search(text, names[0][1], noun_match.start()):
                names = []
            small = tables.common | tables.location_words
            names = [trimmed for name in names if (trimmed := _owner_apart(text, *name, small))]
        for start, end in names:
            surface = text[start:end]
            if (
                surface.lower() in tables.common
                or surface.split()[0].lower() in nouns.amounts
                or surface in tables.not_places
                or seen.covered(start, end)
            ):
                continue
            twin = seen.spelled_alike(surface)
            if twin is not None:  # "Tinok town" in an article that names Tinoc: one place, spelled twice
                found.append(seen.add(PlaceMention(Span(start, end, surface, "unlisted"), twin, "name")))
                continue
            town = (
                _district_town(text, start, end, noun_match.start(), seen.towns)
                if kind == "district"
                else None
            )
            if town is not None:
                # "in Utrecht ... de wijk Kanaleneiland": a part of that town. The codebook's location is the
                # most precise place GeoNames names, so this is the town, a part of it (precision 2); the
                # district's words stay the provenance (5-fold CV on train/: place of matched events 0.649 ->
                # 0.653, none of them named by the district before; dev unchanged).
                place = Place(
                    town.geonames_id, town.name, town.country, town.admin1, town.lat, town.lon, "district"
                )
            else:
                country, admin1 = seen.nearest_region(start)
                place = Place(None, surface, country, admin1, None, None, kind)  # type: ignore[arg-type]
            found.append(seen.add(PlaceMention(Span(start, end, surface, "unlisted"), place, "name")))
    found += _towns_after_words(text, nouns, tables, seen)
    return found


def _towns_after_words(text: str, nouns: _Nouns, tables: LangTables, seen: _Seen) -> list[PlaceMention]:
    """Names the gazetteer does not know right after a location word ("killed in Qarmabad", "à Kessoumbé"):
    the villages that news of violence names without a town noun. A capitalised word there is also a month, a
    person ("à Laurent Kembo"), an institution ("in Parliament") or a street; those are told apart by the
    calendar, by the person's surname standing alone elsewhere, and by a word of the name written in lower
    case elsewhere in the article (an ordinary word: "police", "department"). Languages that capitalise every
    noun list no such words (`unlisted_town_after` in geography.toml)."""
    if nouns.before_town is None:
        return []
    found: list[PlaceMention] = []
    words_of: _WordCounts | None = None  # read once an article has a name to test, and once only
    for match in nouns.before_town.finditer(lower(text)):
        words = list(_WORD.finditer(text, match.end(), match.end() + 60))
        if not words or words[0].start() != match.end():
            continue
        name = _capitalised_run(text, words, 0, 1, nouns.particles)
        if name is None:
            continue
        start, end = name
        surface = text[start:end]
        parts = surface.replace("-", " ").split()
        if (
            seen.covered(start, end)
            or surface in tables.not_places
            or surface.lower() in tables.common
            or (surface.isupper() and len(surface) <= 4)
            or surface.endswith(("'s", "’s"))
            or any(p.lower() in nouns.calendar or p.lower() in tables.street_nouns for p in parts)
            or parts[0].lower() in tables.titles
            or parts[0].lower() in nouns.amounts
        ):
            continue
        if words_of is None:
            words_of = _WordCounts(text)
        if any(p.lower() in words_of.lowered for p in parts) or (len(parts) > 1 and words_of.alone(parts)):
            continue
        twin = seen.spelled_alike(surface)
        country, admin1 = seen.nearest_region(start)
        town = _town_in_apposition(text, end, tables, seen)
        if town is not None:  # "in Kessoumbé, Maiduguri": a village of that town, at its place
            place = Place(None, surface, town.country, town.admin1, town.lat, town.lon, "city")
        else:
            place = twin or Place(None, surface, country, admin1, None, None, "city")  # type: ignore[arg-type]
        found.append(seen.add(PlaceMention(Span(start, end, surface, AFTER_WORD), place, "name")))
    return found


def _town_in_apposition(text: str, end: int, tables: LangTables, seen: _Seen) -> Place | None:
    """The known town named right after a name, in apposition ("Kessoumbé, Maiduguri", "X in Y")."""
    gap = tables.apposition_gap.match(text, end)
    if gap is None:
        return None
    after = [
        m for m in seen.towns.near(gap.end(), gap.end()) if m.span.start == gap.end() and m.kind != "demonym"
    ]
    return after[0].place if after else None


class _WordCounts:
    """The article's words, counted once: which are written in lower case somewhere, and how often each word
    and each pair of words stands (hyphens part words here, as in `_towns_after_words`' names)."""

    def __init__(self, text: str) -> None:
        words = [part for w in _WORD.finditer(text) for part in w.group().split("-") if part]
        self.lowered = frozenset(w for w in words if w[0].islower())
        self._words = Counter(words)
        self._pairs = Counter(pairwise(words))

    def alone(self, parts: list[str]) -> bool:
        """Does the last word of a name stand elsewhere without the word before it, as a person's surname
        does ("Laurent Kembo ... Kembo")? Its own repeats inside the name ("Bara Bara") do not count."""
        last, before = parts[-1], parts[-2]
        named = self._pairs[(before, last)]
        return self._words[last] - named * parts.count(last) > 0


class _Seen:
    """The places known and found so far, indexed for the questions asked of each new name: does one
    overlap it, is one spelled alike, which region stands near. Each name read all of them, and an article
    that names a town noun a thousand times ("de hoofdstad van Irak") took seconds, growing with the square
    (issue 13). The answers are those of reading them all in order, known places first."""

    def __init__(self, known: list[PlaceMention]) -> None:
        # (`covered` asks only whether one overlaps: their order does not matter, so sorted for bisection.)
        self._known = SpanIndex(sorted((m.span.start, m.span.end) for m in known))
        # The found names, which never overlap each other (`covered`), by start; so also by end.
        self._found_starts: list[int] = []
        self._found_ends: list[int] = []
        # Towns by the first letter and length of their lower-cased name -> each such name, with the place
        # of its first mention and that mention's number (`spelled_alike`).
        self._towns: dict[tuple[str, int], dict[str, tuple[int, Place]]] = {}
        self._count = 0
        for mention in known:
            self._file(mention)
        self._regions = _ByPlace([m for m in known if m.place.kind == "admin1"])
        self.towns = _ByPlace([m for m in known if m.place.kind == "city"])  # (`_district_town`)

    def covered(self, start: int, end: int) -> bool:
        """Does a place overlap start..end?"""
        if self._known.first(start + 1, end - 1) >= 0:
            return True
        at = bisect.bisect_left(self._found_starts, end) - 1  # the last found starting before `end`
        return at >= 0 and self._found_ends[at] > start

    def spelled_alike(self, name: str) -> Place | None:
        """A town of the article whose name differs from `name` by one letter (names of five letters or
        more): the first named of them."""
        if len(name) < 5:
            return None
        low = name.lower()
        best: tuple[int, Place] | None = None
        for size in (len(low) - 1, len(low), len(low) + 1):
            for other, (number, place) in self._towns.get((low[0], size), {}).items():
                if (best is None or number < best[0]) and _one_edit(name, other):
                    best = number, place
        return best[1] if best is not None else None

    def nearest_region(self, offset: int) -> tuple[str, str | None]:
        """`_nearest_region(offset, known)`."""
        return _nearest_region(offset, self._regions.near(offset - _COUNTRY_REACH, offset + _COUNTRY_REACH))

    def add(self, mention: PlaceMention) -> PlaceMention:
        """A name found (one `covered` said no to)."""
        at = bisect.bisect_left(self._found_starts, mention.span.start)
        self._found_starts.insert(at, mention.span.start)
        self._found_ends.insert(at, mention.span.end)
        self._file(mention)
        return mention

    def _file(self, mention: PlaceMention) -> None:
        number, self._count = self._count, self._count + 1
        low = mention.span.text.lower()
        if mention.kind != "demonym" and mention.place.kind == "city" and low:
            self._towns.setdefault((low[0], len(low)), {}).setdefault(low, (number, mention.place))


class _ByPlace:
    """Known places indexed by where they stand in the text. They do not come in text order: the gazetteer
    stage gives all mentions of one name together ("Utrecht ... Utrecht, Zwolle ... Zwolle"), and reading
    them all for each district or village name grew with the square of an article that repeats two town
    names (issue 13). `near` gives those that can stand within a stretch, in their own order, so that a
    question reading them in that order (the first, or the last, of equals) is answered as before."""

    def __init__(self, mentions: list[PlaceMention]) -> None:
        self._mentions = mentions
        self._order = sorted(range(len(mentions)), key=lambda i: mentions[i].span.start)  # stable
        self._index = SpanIndex([(mentions[i].span.start, mentions[i].span.end) for i in self._order])

    def near(self, lo: int, hi: int) -> list[PlaceMention]:
        """Those with start <= hi and end >= lo, in the order they were given."""
        return [self._mentions[i] for i in sorted(self._order[at] for at in self._index.near(lo, hi))]


def _owner_apart(text: str, start: int, end: int, common: frozenset[str]) -> tuple[int, int] | None:
    """A name read back from its noun without what comes before a possessive ("In Yala's Yaha district":
    Yaha) or a common word that starts the sentence ("In")."""
    words = list(_WORD.finditer(text, start, end))
    owners = [k for k, word in enumerate(words) if word.group().endswith(("'s", "’s"))]
    if owners:
        words = words[owners[-1] + 1 :]
    if words and words[0].group().lower() in common and _at_sentence_start(text, words[0].start()):
        words.pop(0)
    return (words[0].start(), end) if words else None


def _word_start(text: str, i: int) -> bool:
    """A word starts here, and not as the last part of a compound ("Mexiko-Stadt")."""
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] in "_-")


def _names_after(text: str, words: list[re.Match[str]], nouns: _Nouns, plural: bool) -> list[tuple[int, int]]:
    """The name after a town noun; after a plural noun, each name of the list that follows it."""
    first = _name_after(text, words, 0, nouns)
    if first is None:
        return []
    names = [first]
    while plural:
        j = next((i for i, w in enumerate(words) if w.start() >= names[-1][1]), len(words))
        if j < len(words) and _list_gap(text[names[-1][1] : words[j].start()], words[j].group(), nouns):
            j += words[j].group().lower() in nouns.and_words
            following = _capitalised_run(text, words, j, 1, nouns.particles)
            if following is not None and text[names[-1][1] : following[0]].count(",") <= 1:
                names.append(following)
                continue
        break
    return names


def _names_before(
    text: str, words: list[re.Match[str]], nouns: _Nouns, plural: bool
) -> list[tuple[int, int]]:
    """The name before a town noun ("Kaboro village"); before a plural noun, each name of the list
    ("Bati, Kersa and Degan towns")."""
    last = _name_before(text, words, len(words), nouns)
    if last is None:
        return []
    names = [last]
    while plural:
        j = max((i for i, w in enumerate(words) if w.end() <= names[-1][0]), default=-1)
        if j >= 0 and _list_gap(text[words[j].end() : names[-1][0]], words[j].group(), nouns):
            j -= words[j].group().lower() in nouns.and_words
            previous = _capitalised_run(text, words, j, -1, nouns.particles)
            if previous is not None and text[previous[1] : names[-1][0]].count(",") <= 1:
                names.append(previous)
                continue
        break
    return names


def _list_gap(gap: str, word: str, nouns: _Nouns) -> bool:
    """Between two names of a list: a comma, or an "and" word."""
    if gap.strip() == ",":
        return True
    return word.lower() in nouns.and_words and gap.strip() in ("", ",")


def _name_after(text: str, words: list[re.Match[str]], j: int, nouns: _Nouns) -> tuple[int, int] | None:
    """ "dorp Mahambel", "village of Kaboro": up to three capitalised words after the noun."""
    if j < len(words) and words[j].group().lower() in nouns.of_words:
        j += 1
    return _capitalised_run(text, words, j, 1, nouns.particles)


def _name_before(text: str, words: list[re.Match[str]], i: int, nouns: _Nouns) -> tuple[int, int] | None:
    """ "Dihrawud district", "Dogon Dawa village": capitalised words right before the noun."""
    return _capitalised_run(text, words, i - 1, -1, nouns.particles)


def _name_word(word: str, particles: frozenset[str], inside: bool) -> bool:
    """A capitalised word, or inside a name a particle ("al-Numan", "es")."""
    if word[0].isupper():
        return True
    head, _, tail = word.partition("-")
    return inside and head.lower() in particles and (not tail or tail[0].isupper())


def _capitalised_run(
    text: str, words: list[re.Match[str]], j: int, step: int, particles: frozenset[str]
) -> tuple[int, int] | None:
    run: list[re.Match[str]] = []
    while 0 <= j < len(words) and len(run) < MAX_NAME_WORDS:
        word = words[j]
        if not _name_word(word.group(), particles, inside=bool(run) and step > 0):
            break
        if run:
            left, right = (run[-1], word) if step > 0 else (word, run[-1])
            if not _NAME_GAP.fullmatch(text[left.end() : right.start()] or "x"):
                break
        run.append(word)
        j += step
    while run and not any(c.isupper() for c in run[-1].group()):
        run.pop()  # a name does not end in a particle ("Dar es")
    if not run:
        return None
    if step > 0 and _at_sentence_start(text, run[0].start()):
        return None
    first, last = (run[0], run[-1]) if step > 0 else (run[-1], run[0])
    if step < 0 and _at_sentence_start(text, first.start()) and len(run) == 1:
        return None  # "Police district" at the start of a sentence says nothing
    return first.start(), last.end()


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip()
    return not before or before[-1] in ".!?\n"


def _one_edit(a: str, b: str) -> bool:
    """One letter changed, added or dropped (case aside); the first letter alike."""
    a, b = a.lower(), b.lower()
    if a == b or abs(len(a) - len(b)) > 1 or a[0] != b[0]:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    i = next((k for k in range(len(short)) if short[k] != long[k]), len(short))
    return short[i:] == long[i + 1 :]


def _district_town(text: str, start: int, end: int, noun: int, towns: _ByPlace) -> Place | None:
    """The town a district the gazetteer does not know lies in: told by an adjective right before the noun
    ("im Schweriner Stadtteil Neu Zippendorf"), else the town named last before it within reach, else one
    named right after it in the same sentence ("im Bezirk Tharketa in der Metropole Yangon"). `towns`: the
    known towns; only those near enough to pass each test are read."""
    near = towns.near(noun - 1, noun)
    adjective = [m for m in near if m.kind == "demonym" and 0 <= noun - m.span.end <= 1]
    if adjective:
        return adjective[0].place
    near = towns.near(start - _TOWN_REACH, start - 1)
    before = [m for m in near if m.kind != "demonym" and 0 < start - m.span.end <= _TOWN_REACH]
    if before:
        return max(before, key=lambda m: m.span.start).place
    after = [
        m
        for m in towns.near(end + 1, end + _TOWN_AFTER)
        if m.kind != "demonym"
        and 0 < m.span.start - end <= _TOWN_AFTER
        and not _BREAK.search(text, end, m.span.start)
    ]
    return min(after, key=lambda m: m.span.start).place if after else None


def _nearest_region(offset: int, known: list[PlaceMention]) -> tuple[str, str | None]:
    """Country and region of the nearest region named within reach: "the village of Kaboro in Zamfara State".
    A country or town nearby may be anything (an actor's, a reporter's), so without a region the country
    is left to the article."""
    near = [m for m in known if abs(m.span.start - offset) <= _COUNTRY_REACH and m.place.kind == "admin1"]
    if not near:
        return "", None
    best = min(near, key=lambda m: abs(m.span.start - offset))
    return best.place.country, best.place.admin1
