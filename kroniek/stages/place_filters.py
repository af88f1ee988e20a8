"""Which found names are places here, and which are something else: an ordinary word at the start of
a sentence, part of a person's name, an acronym, an organisation named after a place. Also the noun
beside a name that says what kind of place it is ("provincie Idlib").
"""

from __future__ import annotations

import re

from kroniek.gazetteer import Gazetteer
from kroniek.stages.place_tables import MIN_POP_BESIDE_NAME, Hit, LangTables, name_size
from kroniek.stages.span_index import line_start

MIN_POP_COMMON_WORD = 100_000  # "Reading", "Derby", "Mobile" are places when capitalised mid-sentence
# A place smaller than this before a particle and a name ("Hassan al-Bashir") is part of a person's name.
MIN_POP_BEFORE_PARTICLE = 1_000_000
MIN_POP_COMMON_WORD_AT_START = 1_000_000  # ...but a sentence may start with any word

WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_INITIAL_BEFORE = re.compile(r"(?<![\w.])[A-Z]\. ?$")  # "W. Bush" (not "U.S. Kabul", "St. Louis")
_INITIAL_AFTER = re.compile(r" [A-Z]\. ?[A-Z][a-z]")  # "George W. Bush" (not "Washington D.C.")
_PUNCTUATION = re.compile(r"[^\w\s'’-]")
_SENTENCE_END = frozenset(".!?:;\n\"'“‘«”’»•|")


class Context:
    """Facts about positions in the text, computed on demand."""

    def __init__(self, text: str, titles: frozenset[str]) -> None:
        self.text = text
        self.titles = titles
        self._titled: dict[int, bool] = {}

    def at_sentence_start(self, start: int) -> bool:
        """First word of a sentence or a line, or in a Title Case headline: capitals say nothing there."""
        text = self.text
        i = start - 1
        while i >= 0 and text[i] in " \t\u00a0":
            i -= 1
        if i < 0 or text[i] == "\n" or (text[i] in "-–—" and (i == 0 or text[i - 1] in " \t\u00a0")):
            return True
        if text[i] in _SENTENCE_END:
            # "Lt. Mike Cody": a full stop after a title does not end a sentence
            return not (
                text[i] == "." and previous_words(text, i, 1) and previous_words(text, i, 1)[0] in self.titles
            )
        first = line_start(text, start)
        titled = self._titled.get(first)
        if titled is None:
            line_end = text.find("\n", start)
            line = text[first : line_end if line_end >= 0 else None]
            titled = False
            if len(line) <= 200:  # headlines are short; paragraphs never Title Case
                words = [w for w in line.split() if len(w) >= 4 and w[0].isalpha()]
                titled = len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)
            self._titled[first] = titled
        return titled


def previous_words(text: str, start: int, n: int = 2) -> list[str]:
    words = WORD.findall(text, max(0, start - 40), start)
    return [w.lower().rstrip(".") for w in words[-n:]]


def next_word(text: str, end: int) -> str:
    m = WORD.search(text, end, end + 30)
    return m.group().lower().rstrip(".") if m and not text[end : m.start()].strip(" \u00a0-") else ""


def keep(
    text: str,
    hit: Hit,
    run: list[tuple[int, int]],
    before: bool,
    after: bool,
    i: int,
    j: int,
    tables: LangTables,
    gaz: Gazetteer,
    context: Context,
    persons: set[str],
) -> bool:
    """The filters for names that may be something else; sets `hit.noun` on the way."""
    surface = text[hit.start : hit.end]
    if after and next_word(text, hit.end) in tables.organisation_words:
        return False  # "The New York Times", "Deutsche Presse-Agentur": an organisation named after a place
    if hit.rule == "demonym":
        return not (surface in tables.name_demonyms and (before or after))
    if _in_compound(text, hit) or (
        tables.nouns_capitalized and after and text[run[j - 1][1] : run[j][0]] == "-"
    ):
        # "Kabul-based", "anti-Bush", "Irak-Krieg", "Bagdad-Reise": a word made with the name, not a place
        # where anything happened
        return False
    if hit.rule != "gazetteer":
        return True
    _, kinds, largest = name_size(hit, gaz)
    if len(kinds) > 1:
        hit.noun = _noun(text, hit, tables)
    common = hit.tokens == 1 and hit.key in tables.common
    if "country" in kinds:
        # Where every noun has a capital, a small country named like a noun ("Mann", an old name of the Isle
        # of Man) is the noun; big ones ("Polen") pass the size test below.
        return not (common and tables.nouns_capitalized) or _common_word_ok(
            text, hit, largest, tables, context
        )
    if hit.tokens == 1 and surface.lower() in tables.name_particles and _name_follows(text, hit.end, tables):
        return False  # "Van den Oever", "De Gaulle": a particle that starts a person's name
    if hit.tokens == 1 and _INITIAL_BEFORE.search(text, max(0, hit.start - 6), hit.start):
        persons.add(hit.key)
        return False  # "George W. Bush": an initial stands before a surname
    if hit.tokens == 1 and _INITIAL_AFTER.match(text, hit.end):
        persons.add(hit.key)
        return False  # "George W. Bush", "John F. Kennedy": a first name before an initial
    if (
        hit.tokens == 1
        and largest < MIN_POP_BEFORE_PARTICLE
        and _particle_name_follows(text, hit.end, tables)
    ):
        persons.add(hit.key)
        return False  # "Omar Hassan al-Bashir": a place's name before a particle and a name is a person's
    if _street_name(text, hit, run, i, j, tables):
        return False  # "rue Victor Hugo", "Falls Road": a street named after a person or a town
    if hit.tokens == 1:
        if surface.isupper() and len(surface) <= 4:
            return False  # an acronym; a dateline in capitals is longer or is matched as an alias
        previous = previous_words(text, hit.start, 1)
        if previous and previous[0] in tables.titles:
            persons.add(hit.key)
            return False
        if (before or after) and all(c[1] < 0 for c in hit.candidates):
            return False  # an alternate spelling inside a longer unknown name
    # A capitalised word next to a small place makes it part of a person's name ("Donald Trump"), unless
    # that word says what kind of place it is ("Provinz Kunar", "Dorf Schischal": German capitalises nouns).
    before_name = (
        before
        and _name_gap(text, run[i - 1][1], run[i][0], tables)
        and not context.at_sentence_start(run[i - 1][0])
        and text[run[i - 1][0] : run[i - 1][1]].lower() not in tables.place_nouns
    )
    after_name = (
        after
        and _name_gap(text, run[j - 1][1], run[j][0], tables)
        and next_word(text, hit.end) not in tables.place_nouns
    )
    if (before_name or after_name) and largest < MIN_POP_BESIDE_NAME:
        persons.add(hit.key)
        return False
    if common:
        return _common_word_ok(text, hit, largest, tables, context)
    return True


def _name_follows(text: str, end: int, tables: LangTables) -> bool:
    """A capitalised word next, or particles and then one: "Van Gogh", "Van den Oever"."""
    for word in WORD.finditer(text, end, end + 30):
        if word.group()[0].isupper():
            return True
        if word.group().lower() not in tables.name_particles:
            return False
    return False


def _particle_name_follows(text: str, end: int, tables: LangTables) -> bool:
    """Next a particle joined to a capitalised name ("al-Bashir") or a particle and then one ("bin Laden")."""
    words = [w.group() for w in WORD.finditer(text, end, end + 40)][:2]
    if not words or text[end : end + 1] != " ":
        return False
    head, _, tail = words[0].partition("-")
    if head.lower() in tables.name_particles and tail[:1].isupper():
        return True
    return head.lower() in tables.name_particles and not tail and len(words) > 1 and words[1][:1].isupper()


def _in_compound(text: str, hit: Hit) -> bool:
    """Joined by a hyphen to a word in lower case: "Kabul-based", "Irak-oorlog", "anti-Bush"."""
    follows = text[hit.end : hit.end + 2]
    if len(follows) == 2 and follows[0] == "-" and follows[1].islower():
        return True
    if hit.start < 2 or text[hit.start - 1] != "-":
        return False
    prefix = text[max(0, hit.start - 20) : hit.start - 1].split()
    return bool(prefix) and prefix[-1][0].islower()  # ("Noord-Irak" is a place)


def _street_name(text: str, hit: Hit, run: list[tuple[int, int]], i: int, j: int, tables: LangTables) -> bool:
    """Is the name part of a street's: a street noun in its capitalised run, or right before the run with only
    small words between ("rue de la République", "place de Grande Poste")?"""
    if not tables.street_nouns:
        return False
    # The words joined to the name (a location word between, "Falls Road in Belfast", parts it).
    first, last = i, j - 1
    while first > 0 and _name_gap(text, run[first - 1][1], run[first][0], tables):
        first -= 1
    while last + 1 < len(run) and _name_gap(text, run[last][1], run[last + 1][0], tables):
        last += 1
    words = run[first:i] + run[j : last + 1] + (run[i:j] if j - i > 1 else [])  # ("London Road" in LC)
    if any(text[s:e].lower() in tables.street_nouns for s, e in words):
        return True
    start = run[first][0]
    before = list(WORD.finditer(text, max(0, start - 40), start))[-4:]
    for k in range(len(before) - 1, -1, -1):
        word = before[k].group().lower().rstrip(".")
        if word in tables.street_nouns:
            return not _PUNCTUATION.search(text, before[k].end(), start)
        if word not in tables.of_words and word not in tables.name_particles:
            return False
    return False


def _common_word_ok(text: str, hit: Hit, largest: int, tables: LangTables, context: Context) -> bool:
    """Whether an ordinary word that is also a place name ("Door", "Essen") is the place here: capitalised
    mid-sentence a place of some size will do, where capitals say nothing only a big one."""
    capital_says_nothing = context.at_sentence_start(hit.start)
    if tables.nouns_capitalized:
        # Every noun has a capital ("Essen", "Halle" are also food and a hall): only a location word right
        # before ("in Essen") says that the word is a place.
        previous = previous_words(text, hit.start, 1)
        capital_says_nothing = not (previous and previous[0] in tables.location_words)
    return largest >= (MIN_POP_COMMON_WORD_AT_START if capital_says_nothing else MIN_POP_COMMON_WORD)


def location_gap(text: str, end: int, start: int, tables: LangTables) -> bool:
    """Whether a location word ("in", "bei") stands between two capitalised words of a run."""
    gap = text[end:start]
    return len(gap) > 3 and any(w.lower() in tables.location_words for w in gap.split())


def _name_gap(text: str, end: int, start: int, tables: LangTables) -> bool:
    """Whether what stands between two capitalised words can be inside a person's name ("bin", "de")."""
    gap = text[end:start]
    return gap in (" ", "-") or all(w in tables.name_particles for w in gap.replace("-", " ").split())


def _noun(text: str, hit: Hit, tables: LangTables) -> str:
    """region | district | city when such a noun stands next to the name ("provincie Idlib", "Idlib
    province", "the province of Idlib")."""
    before = previous_words(text, hit.start)
    after = next_word(text, hit.end)
    for kind, nouns in (
        ("region", tables.region_nouns),
        ("district", tables.district_nouns),
        ("city", tables.city_nouns),
    ):
        if after in nouns or (before and before[-1] in nouns):
            return kind
        if len(before) == 2 and before[0] in nouns and before[1] in tables.of_words:
            return kind
    return ""
