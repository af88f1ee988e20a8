"""Finding place names in a text: capitalised word runs, n-gram lookups and the filters that keep
ordinary words, person names and acronyms out. Resolution is in `place_scores`.

Everything language-specific comes from the language's data files (see `kroniek.stages.places`).
"""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass

from kroniek.elision import APOSTROPHES, elisions, fold_apostrophes
from kroniek.gazetteer import Gazetteer, normalize_name
from kroniek.lang import LanguageData

MAX_NGRAM = 5
MIN_POP_COMMON_WORD = 100_000  # "Reading", "Derby", "Mobile" are places when capitalised mid-sentence
MIN_POP_COMMON_WORD_AT_START = 1_000_000  # ...but a sentence may start with any word
MIN_POP_BESIDE_NAME = 100_000  # "Donald Trump": a small place right after a given name is a surname
MIN_POP_ADJECTIVE = 50_000  # "Utrechtse": only towns people make adjectives of

# Every upper-case letter in the Basic Multilingual Plane (the re module has no \p{Lu}).
_UPPER = "".join(ch for ch in map(chr, range(0x41, 0x2000)) if ch.isupper() and ch.isalpha())
# Starts with the character class so that the regex engine can skip ahead fast; "'s-" prefixes
# ("'s-Hertogenbosch") and word boundaries are checked in Python.
_CAP_WORD = re.compile(rf"[{_UPPER}](?:\.(?:[{_UPPER}]\.)+|[^\W_]*(?:['’][^\W\d_]+)*)")
_JOIN_GAP = re.compile(r"[ \u00a0]?-[ \u00a0]?|[ \u00a0]")
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_DATELINE_TAIL = re.compile(r"\s*(?:,[^\n,:;()]{2,40}?)?\s*(?:\([^)\n]{1,40}\))?\s*[:\-–—](?=\s)")
_SENTENCE_END = frozenset(".!?:;\n\"'“‘«”’»•|")


class Hit:
    """A stretch of text that may name a place, with the records it may be.

    A plain class, not a dataclass: thousands are made per article, and mypyc compiles an `__init__`
    written out, where a dataclass's is generated at import and runs as Python.
    """

    __slots__ = ("candidates", "end", "key", "kind", "noun", "rule", "start", "tokens", "weight")

    def __init__(
        self,
        start: int,
        end: int,
        key: str,  # normalised text
        kind: str,  # name | demonym | dateline (PlaceMention.kind)
        rule: str,  # gazetteer | alias | demonym | capital: what found it (Span.rule)
        candidates: list[tuple[int, float, str | None]],  # (record offset, score adjustment, kind override)
        tokens: int = 1,
        noun: str = "",  # region | district | city: a noun next to it says what it is
        weight: float = 1.0,  # how much it says about the article's countries
    ) -> None:
        self.start = start
        self.end = end
        self.key = key
        self.kind = kind
        self.rule = rule
        self.candidates = candidates
        self.tokens = tokens
        self.noun = noun
        self.weight = weight

    def __repr__(self) -> str:
        return f"Hit({self.start}, {self.end}, {self.key!r}, {self.kind!r}, {self.rule!r})"


@dataclass(frozen=True)
class LangTables:
    aliases: dict[str, tuple[tuple[str, str], ...]]  # normalised alias -> (target, relation)
    exact_aliases: dict[str, tuple[tuple[str, str], ...]]  # short or all-caps aliases, case as written
    demonyms: dict[str, str]
    common: frozenset[str]
    capital_nouns: frozenset[str]
    of_words: frozenset[str]
    possessives: tuple[str, ...]
    region_nouns: frozenset[str]
    district_nouns: frozenset[str]
    city_nouns: frozenset[str]
    titles: frozenset[str]
    not_places: frozenset[str]
    organisation_words: frozenset[str]  # "Times" in "The New York Times": the name is a newspaper's
    name_demonyms: frozenset[str]
    name_particles: frozenset[str]
    apposition_gap: re.Pattern[str]  # between a town and its region: ", " or " in "
    adjective_suffixes: tuple[str, ...]  # "Utrecht" + "se"
    elided: frozenset[str]  # elided words ("d", "l"): "Côte d'Ivoire" is one name, "L'Irak" is "Irak"
    nouns_capitalized: bool  # German: every noun has a capital, so a capital says nothing about a name
    location_words: frozenset[str]  # "in", "bei": the next name is a place (language.toml)
    genitives: tuple[str, ...]  # "Afghanistans": endings a place name takes in the genitive
    place_nouns: frozenset[str]  # region, district and city nouns: "Provinz Kunar" is no person's name


@functools.cache
def lang_tables(lang: LanguageData) -> LangTables:
    """The language's place data, compiled once."""
    aliases: dict[str, list[tuple[str, str]]] = {}
    exact: dict[str, list[tuple[str, str]]] = {}
    for row in lang.get("places", []):
        alias, target = row[0].strip(), row[1].strip()
        relation = row[2].strip() if len(row) > 2 else ""
        if alias.isupper() or len(alias) <= 3:
            exact.setdefault(alias, []).append((target, relation))
        else:
            aliases.setdefault(normalize_name(alias), []).append((target, relation))
    demonyms: dict[str, str] = {}
    geo = lang.get("geography", {})
    for row in lang.get("demonyms", []):
        demonyms.setdefault(row[0].strip(), row[1].strip().upper())
        if geo.get("lowercase_demonyms", False) and row[0][:1].islower():
            # A lower-case adjective starts a sentence or a headline with a capital: "Israelische Jets ..."
            demonyms.setdefault(row[0].strip().capitalize(), row[1].strip().upper())

    def words(name: str) -> frozenset[str]:
        return frozenset(fold_apostrophes(w.lower()) for w in geo.get(name, []))

    return LangTables(
        aliases={k: tuple(v) for k, v in aliases.items()},
        exact_aliases={k: tuple(v) for k, v in exact.items()},
        demonyms=demonyms,
        common=frozenset(row[0] for row in lang.get("common_words", [])),
        capital_nouns=words("capital_nouns"),
        of_words=words("of_words"),
        possessives=tuple(geo.get("possessive_suffixes", [])),
        region_nouns=words("region_nouns"),
        district_nouns=words("district_nouns"),
        city_nouns=words("city_nouns"),
        titles=words("person_titles"),
        not_places=frozenset(geo.get("not_places", [])),
        organisation_words=words("organisation_words"),
        name_demonyms=frozenset(geo.get("demonyms_also_names", [])),
        name_particles=words("name_particles"),
        adjective_suffixes=tuple(geo.get("town_adjective_suffixes", [])),
        elided=frozenset(elisions(lang)),
        nouns_capitalized=bool(geo.get("nouns_capitalized", False)),
        location_words=frozenset(w.lower() for w in lang.get("language", {}).get("location_words", [])),
        genitives=tuple(geo.get("genitive_suffixes", [])),
        place_nouns=words("region_nouns") | words("district_nouns") | words("city_nouns"),
        apposition_gap=re.compile(
            r"\s*[,(]\s*" + "".join(f"|\\s+{re.escape(w)}\\s+" for w in geo.get("apposition_words", [])),
            re.IGNORECASE,
        ),
    )


def alias_candidates(
    entries: tuple[tuple[str, str], ...], lang: LanguageData, gaz: Gazetteer
) -> list[tuple[int, float, str | None]]:
    cache: dict[tuple[str, str, str], tuple[int, str | None] | None] = gaz.memo.setdefault("aliases", {})  # type: ignore[assignment]
    out = []
    for target, relation in entries:
        ref = (lang.code, target, relation)
        if ref not in cache:
            offset = gaz.find(target)
            if offset is None:
                print(f"kroniek: {lang.code}/places.tsv: unknown place {target!r}", file=sys.stderr)
                cache[ref] = None
            else:
                cache[ref] = (offset, "district" if relation == "in" else None)
        found = cache[ref]
        if found is not None:
            out.append((found[0], 3.0, found[1]))
    return out


def gazetteer_candidates(key: str, lang: LanguageData, gaz: Gazetteer) -> list[tuple[int, float, str | None]]:
    """The records `key` may name, with a score adjustment for how it names them (cached)."""
    memo: dict[tuple[str, str], list[tuple[int, float, str | None]]] = gaz.memo.setdefault("candidates", {})  # type: ignore[assignment]
    found = memo.get((lang.code, key))
    if found is None:
        found = memo[(lang.code, key)] = _gazetteer_candidates(key, lang, gaz)
    return found


def _size(hit: Hit, gaz: Gazetteer) -> tuple[int, frozenset[str], int]:
    """Population of the biggest town a name may be, the kinds of place it may be, and the population of
    the biggest place of any kind (cached)."""
    memo: dict[str, tuple[int, frozenset[str], int]] = gaz.memo.setdefault("sizes", {})  # type: ignore[assignment]
    found = memo.get(hit.key)
    if found is None:
        recs = [gaz.record(c[0]) for c in hit.candidates]
        biggest = max((r.population for r in recs if r.kind == "city"), default=0)
        found = memo[hit.key] = (biggest, frozenset(r.kind for r in recs), max(r.population for r in recs))
    return found


def _gazetteer_candidates(
    key: str, lang: LanguageData, gaz: Gazetteer
) -> list[tuple[int, float, str | None]]:
    out: list[tuple[int, float, str | None]] = []
    for cand in gaz.lookup(key):
        if cand.alternate:
            adjust = -1.0
        elif not cand.languages:
            adjust = 0.0
        elif lang.code in cand.languages:
            adjust = 0.5
        else:
            adjust = -1.0  # another language's exonym
        out.append((cand.record, adjust, None))
    return out


def find_hits(text: str, lang: LanguageData, gaz: Gazetteer) -> list[Hit]:
    """Every stretch of `text` that may name a place (or point at one), before resolution."""
    tables = lang_tables(lang)
    tokens = _tokens(text, tables.elided, gaz)
    if not tokens:
        return []
    context = _Context(text, tables.titles)
    hits: list[Hit] = []
    persons: set[str] = set()
    run_start = 0
    connectors = gaz.connectors
    for i in range(1, len(tokens) + 1):
        if (
            i < len(tokens)
            and tokens[i][0] - tokens[i - 1][1] <= _MAX_JOIN_GAP  # most capitalised words are far apart
            and _joins(text[tokens[i - 1][1] : tokens[i][0]], connectors, tables.elided)
            # A word that is never a place is no part of one either: "Die Polizei", "AFP Kabul".
            and text[tokens[i - 1][0] : tokens[i - 1][1]] not in tables.not_places
        ):
            continue
        if i - run_start == 1:  # most capitalised words stand alone and are no place: the fast path
            start, end = tokens[run_start]
            surface = text[start:end]
            if surface not in tables.exact_aliases and surface not in tables.demonyms:
                key = normalize_name(surface)
                if key not in tables.aliases and (
                    surface in tables.not_places
                    or (
                        key not in gaz
                        and not _adjective_stem(key, tables, gaz)
                        and not _genitive_stem(key, tables, gaz)
                    )
                ):
                    run_start = i
                    continue
        hits.extend(_match_run(text, tokens[run_start:i], lang, tables, gaz, context, persons))
        run_start = i
    if persons:  # a surname seen after a given name or a title is a person everywhere in the article
        hits = [
            h
            for h in hits
            if not (
                h.tokens == 1
                and h.key in persons
                and h.rule == "gazetteer"
                and _size(h, gaz)[2] < MIN_POP_BESIDE_NAME
            )
        ]
    _mark_datelines(text, hits)
    _mark_capitals(text, hits, tables, gaz)
    return hits


def _tokens(
    text: str, elided: frozenset[str] = frozenset(), gaz: Gazetteer | None = None
) -> list[tuple[int, int]]:
    """(start, end) of the capitalised words: "Iraq's" is "Iraq", "'s-Hertogenbosch" keeps its "'s-";
    where the language elides, "L'Irak" is "Irak" (but "N'Djamena", a name, stays whole)."""
    out = []
    for m in _CAP_WORD.finditer(text):
        start, end = m.span()
        if start and text[start - 1].isalnum():
            continue  # "iPhone", "McDonald": not the start of a word
        if elided:
            start = _past_elision(text, start, end, elided, gaz)
        if text[end - 2 : end] in ("'s", "’s") and end - start > 3:
            end -= 2
        if start >= 3 and text[start - 3 : start] in ("'s-", "’s-"):
            start -= 3
        out.append((start, end))
    return out


class _Context:
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
                text[i] == "."
                and _previous_words(text, i, 1)
                and _previous_words(text, i, 1)[0] in self.titles
            )
        line_start = text.rfind("\n", 0, start) + 1
        titled = self._titled.get(line_start)
        if titled is None:
            line_end = text.find("\n", start)
            line = text[line_start : line_end if line_end >= 0 else None]
            titled = False
            if len(line) <= 200:  # headlines are short; paragraphs never Title Case
                words = [w for w in line.split() if len(w) >= 4 and w[0].isalpha()]
                titled = len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)
            self._titled[line_start] = titled
        return titled


def _past_elision(text: str, start: int, end: int, elided: frozenset[str], gaz: Gazetteer | None) -> int:
    """Where a capitalised word starts after an elided word ("L'Irak" -> "Irak"), unless the whole is a
    known name ("N'Djamena")."""
    for i in range(start + 1, min(end - 1, start + 7)):
        if text[i] in APOSTROPHES:
            known = gaz is not None and normalize_name(text[start:end]) in gaz
            if text[start:i].lower() in elided and text[i + 1].isupper() and not known:
                return i + 1
            break
    return start


_MAX_JOIN_GAP = 24  # characters: longer than any gap `_joins` accepts (16, and an elided word after it)


def _joins(gap: str, connectors: frozenset[str], elided: frozenset[str] = frozenset()) -> bool:
    """Whether two capitalised words with `gap` between them may be one name ("Port-au-Prince"; where the
    language elides, "Côte d'Ivoire", "Val-d'Oise")."""
    if elided and gap[-1:] in APOSTROPHES:
        word_start = len(gap) - 1
        while word_start > 0 and gap[word_start - 1].isalpha():
            word_start -= 1
        if word_start == 0 or gap[word_start:-1].lower() not in elided:
            return False
        rest = gap[:word_start]
        return rest in (" ", "-", "\u00a0") or _joins(rest, connectors)
    if len(gap) <= 3:
        return _JOIN_GAP.fullmatch(gap) is not None
    if len(gap) > 16 or "\n" in gap or not (gap[0] in " -" and gap[-1] in " -"):
        return False
    return all(w in connectors for w in gap.replace("-", " ").split())


def _previous_words(text: str, start: int, n: int = 2) -> list[str]:
    words = _WORD.findall(text, max(0, start - 40), start)
    return [w.lower().rstrip(".") for w in words[-n:]]


def _next_word(text: str, end: int) -> str:
    m = _WORD.search(text, end, end + 30)
    return m.group().lower().rstrip(".") if m and not text[end : m.start()].strip(" \u00a0-") else ""


def _match_run(
    text: str,
    run: list[tuple[int, int]],
    lang: LanguageData,
    tables: LangTables,
    gaz: Gazetteer,
    context: _Context,
    persons: set[str],
) -> list[Hit]:
    """Longest n-grams first, left to right; then the filters."""
    found: list[tuple[Hit, int, int]] = []
    covered = [False] * len(run)
    i = 0
    while i < len(run):
        hit = None
        for j in range(min(len(run), i + MAX_NGRAM), i, -1):
            hit = _lookup(text, run[i][0], run[j - 1][1], j - i, lang, tables, gaz)
            if hit is not None:
                break
        if hit is None:
            i += 1
            continue
        for k in range(i, j):
            covered[k] = True
        found.append((hit, i, j))
        i = j
    # Only names that are surely places count as known neighbours: "Martin Lawrence" are two small towns
    # and one person.
    strong = [False] * len(run)
    for hit, i, j in found:
        if (
            hit.rule != "gazetteer"
            or _size(hit, gaz)[2] >= MIN_POP_BESIDE_NAME
            or "country" in _size(hit, gaz)[1]
        ):
            for k in range(i, j):
                strong[k] = True
    out = []
    for hit, i, j in found:
        # an unknown capitalised word right before or after: "Donald Trump", "Hayat Tahrir al-Sham"
        # ...unless a location word stands between ("Wache in Hillah": German capitalises the noun).
        before = i > 0 and not strong[i - 1] and not _location_gap(text, run[i - 1][1], run[i][0], tables)
        after = j < len(run) and not strong[j] and not _location_gap(text, run[j - 1][1], run[j][0], tables)
        if _keep(text, hit, run, before, after, i, j, tables, gaz, context, persons):
            out.append(hit)
    return out


_LOOKUP_MEMO_SIZE = 200_000  # surfaces remembered per gazetteer before the memo starts afresh


def _lookup(
    text: str, start: int, end: int, n: int, lang: LanguageData, tables: LangTables, gaz: Gazetteer
) -> Hit | None:
    """A fresh `Hit` for the n-gram text[start:end] if it names a place; results are memoised by surface."""
    surface = text[start:end]
    memo: dict[tuple[str, str], Hit | None] = gaz.memo.setdefault("lookups", {})  # type: ignore[assignment]
    key = (lang.code, surface)
    if key in memo:
        known = memo[key]
    else:
        if len(memo) >= _LOOKUP_MEMO_SIZE:
            memo.clear()
        known = memo[key] = _lookup_surface(surface, 0, len(surface), n, lang, tables, gaz)
    if known is None:
        return None
    # The name may end before the n-gram does: "Afghanistans" is "Afghanistan" and a genitive "s".
    end = start + known.end
    return Hit(start, end, known.key, known.kind, known.rule, known.candidates, n, weight=known.weight)


def _adjective_stem(key: str, tables: LangTables, gaz: Gazetteer) -> bool:
    """Whether `key` may be an adjective of a town ("utrechtse", "berliner"): its stem is a name. A cheap
    test that keeps the many words with such an ending off the slow path (`_town_adjective` decides)."""
    return any(
        key.endswith(suffix) and len(key) - len(suffix) >= 4 and key[: -len(suffix)] in gaz
        for suffix in tables.adjective_suffixes
    )


def _genitive_stem(key: str, tables: LangTables, gaz: Gazetteer) -> str:
    """The place name inside a genitive ("afghanistans" -> "afghanistan"), or ""."""
    for suffix in tables.genitives:
        stem = key[: -len(suffix)]
        if key.endswith(suffix) and len(stem) >= 3 and (stem in gaz or stem in tables.aliases):
            return stem
    return ""


def _lookup_surface(
    text: str, start: int, end: int, n: int, lang: LanguageData, tables: LangTables, gaz: Gazetteer
) -> Hit | None:
    surface = text[start:end]
    if surface in tables.exact_aliases:
        cands = alias_candidates(tables.exact_aliases[surface], lang, gaz)
        return Hit(start, end, normalize_name(surface), "name", "alias", cands, n) if cands else None
    key = normalize_name(surface)
    if key in tables.aliases:
        cands = alias_candidates(tables.aliases[key], lang, gaz)
        if cands:
            return Hit(start, end, key, "name", "alias", cands, n)
    if n == 1 and surface in tables.demonyms:
        country = gaz.country(tables.demonyms[surface])
        if country is not None:
            return Hit(start, end, key, "demonym", "demonym", [(country, 0.0, None)], n, weight=0.5)
    if surface in tables.not_places or len(key) < 3:
        return None
    cands = gazetteer_candidates(key, lang, gaz)
    if cands:
        return Hit(start, end, key, "name", "gazetteer", cands, n)
    if n == 1:
        for suffix in tables.genitives:
            if surface.endswith(suffix) and _genitive_stem(key, tables, gaz):
                found = _lookup_surface(text, start, end - len(suffix), n, lang, tables, gaz)
                if found is not None:
                    return found
        return _town_adjective(start, end, key, lang, tables, gaz)
    return None


def _town_adjective(
    start: int, end: int, key: str, lang: LanguageData, tables: LangTables, gaz: Gazetteer
) -> Hit | None:
    """ "een Utrechtse tram": an adjective made from a town's name points at the town."""
    for suffix in tables.adjective_suffixes:
        if key.endswith(suffix) and len(key) - len(suffix) >= 4:
            stem = key[: -len(suffix)]
            towns = [c for c in gazetteer_candidates(stem, lang, gaz) if c[1] >= 0]
            towns = [
                c
                for c in towns
                if gaz.record(c[0]).kind == "city" and gaz.record(c[0]).population >= MIN_POP_ADJECTIVE
            ]
            if towns:
                return Hit(start, end, stem, "demonym", "adjective", towns, 1, weight=0.5)
    return None


def _keep(
    text: str,
    hit: Hit,
    run: list[tuple[int, int]],
    before: bool,
    after: bool,
    i: int,
    j: int,
    tables: LangTables,
    gaz: Gazetteer,
    context: _Context,
    persons: set[str],
) -> bool:
    """The filters for names that may be something else; sets `hit.noun` on the way."""
    surface = text[hit.start : hit.end]
    if after and _next_word(text, hit.end) in tables.organisation_words:
        return False  # "The New York Times", "Deutsche Presse-Agentur": an organisation named after a place
    if hit.rule == "demonym":
        return not (surface in tables.name_demonyms and (before or after))
    if hit.rule != "gazetteer":
        return True
    _, kinds, largest = _size(hit, gaz)
    if len(kinds) > 1:
        hit.noun = _noun(text, hit, tables)
    common = hit.tokens == 1 and hit.key in tables.common
    if "country" in kinds:
        # Where every noun has a capital, a small country named like a noun ("Mann", an old name of the Isle
        # of Man) is the noun; big ones ("Polen") pass the size test below.
        return not (common and tables.nouns_capitalized) or _common_word_ok(
            text, hit, largest, tables, context
        )
    if tables.nouns_capitalized and after and text[run[j - 1][1] : run[j][0]] == "-":
        return False  # "Corona-Maßnahmen", "Bagdad-Reise": the first part of a compound noun, not a place
    if hit.tokens == 1:
        if surface.isupper() and len(surface) <= 4:
            return False  # an acronym; a dateline in capitals is longer or is matched as an alias
        previous = _previous_words(text, hit.start, 1)
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
        and _next_word(text, hit.end) not in tables.place_nouns
    )
    if (before_name or after_name) and largest < MIN_POP_BESIDE_NAME:
        persons.add(hit.key)
        return False
    if common:
        return _common_word_ok(text, hit, largest, tables, context)
    return True


def _common_word_ok(text: str, hit: Hit, largest: int, tables: LangTables, context: _Context) -> bool:
    """Whether an ordinary word that is also a place name ("Door", "Essen") is the place here: capitalised
    mid-sentence a place of some size will do, where capitals say nothing only a big one."""
    capital_says_nothing = context.at_sentence_start(hit.start)
    if tables.nouns_capitalized:
        # Every noun has a capital ("Essen", "Halle" are also food and a hall): only a location word right
        # before ("in Essen") says that the word is a place.
        previous = _previous_words(text, hit.start, 1)
        capital_says_nothing = not (previous and previous[0] in tables.location_words)
    return largest >= (MIN_POP_COMMON_WORD_AT_START if capital_says_nothing else MIN_POP_COMMON_WORD)


def _location_gap(text: str, end: int, start: int, tables: LangTables) -> bool:
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
    before = _previous_words(text, hit.start)
    after = _next_word(text, hit.end)
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


def _mark_datelines(text: str, hits: list[Hit]) -> None:
    """`KABUL:`, `QUETTA, Pakistan (AP) —`, `Bagdad (dpa) -` at the start of a line; also several places
    joined by slashes, `Gaza/Tel Aviv (dpa) -`, as agencies write a story filed from two places."""
    by_start = {hit.start: hit for hit in hits}
    for hit in hits:
        line_start = text.rfind("\n", 0, hit.start) + 1
        if text[line_start : hit.start].strip() or hit.rule == "demonym":
            continue
        chain = [hit]
        while text[chain[-1].end : chain[-1].end + 1] == "/" and chain[-1].end + 1 in by_start:
            chain.append(by_start[chain[-1].end + 1])
        if _DATELINE_TAIL.match(text, chain[-1].end):
            for place in chain:
                place.kind = "dateline"
                place.weight = 3.0


def _mark_capitals(text: str, hits: list[Hit], tables: LangTables, gaz: Gazetteer) -> None:
    """ "de Afghaanse hoofdstad", "Iraq's capital", "the capital of Iraq": the country's capital."""
    if not tables.capital_nouns:
        return
    for hit in hits:
        if hit.rule not in ("demonym", "gazetteer", "alias"):
            continue
        countries = [c[0] for c in hit.candidates[:8] if gaz.record(c[0]).kind == "country"]
        if len(countries) != 1:
            continue
        offset = countries[0]
        rec = gaz.record(offset)
        capitals: dict[int, int | None] = gaz.memo.setdefault("capitals", {})  # type: ignore[assignment]
        if offset not in capitals:
            capitals[offset] = gaz.find(rec.capital) if rec.capital else None
        capital = capitals[offset]
        if capital is None:
            continue
        end = hit.end
        if hit.rule != "demonym":
            for suffix in tables.possessives:
                if text.startswith(suffix, end):
                    end += len(suffix)
                    break
            else:
                end = -1
        if end >= 0:
            m = _WORD.match(text, end + 1) if text[end : end + 1] == " " else None
            noun = m.group().rstrip(".-'’") if m else ""
            if noun.lower() in tables.capital_nouns:
                _to_capital(hit, hit.start, end + 1 + len(noun), capital)
                continue
        before = [fold_apostrophes(w.lower()) for w in _WORD.findall(text, max(0, hit.start - 30), hit.start)]
        for n in (1, 2):  # "the capital of Iraq", "la capitale de la Syrie"
            of_capital = len(before) > n and " ".join(before[-n:]) in tables.of_words
            if hit.rule != "demonym" and of_capital and before[-n - 1] in tables.capital_nouns:
                start = text.lower().rfind(before[-n - 1], 0, hit.start)
                _to_capital(hit, start, hit.end, capital)
                break


def _to_capital(hit: Hit, start: int, end: int, capital: int) -> None:
    hit.start, hit.end = start, end
    hit.kind, hit.rule = "name", "capital"
    hit.candidates = [(capital, 3.0, None)]
    hit.weight = 1.0
