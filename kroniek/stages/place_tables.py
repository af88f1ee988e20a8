"""The language's place data, and the gazetteer records a name may be: what the place rules
(`kroniek.stages.place_rules`) and the scores (`kroniek.stages.place_scores`) look names up in.

Everything language-specific comes from the language's data files (see `kroniek.stages.places`).
"""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass

from kroniek.elision import elisions, fold_apostrophes
from kroniek.gazetteer import Gazetteer, normalize_name
from kroniek.lang import LanguageData

MIN_POP_BESIDE_NAME = 100_000  # "Donald Trump": a small place right after a given name is a surname


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
    street_nouns: frozenset[str]  # "rue", "Street": a name beside one names a street
    compass_words: frozenset[str]  # "Noord", "Ouest": joined to a name by a hyphen, a part of that place
    and_words: frozenset[str]  # "en", "and": between the last two names of a list


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
        street_nouns=words("street_nouns"),
        compass_words=words("compass_words"),
        and_words=frozenset(w.lower() for w in lang.get("language", {}).get("and_words", [])),
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


def name_size(hit: Hit, gaz: Gazetteer) -> tuple[int, frozenset[str], int]:
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
