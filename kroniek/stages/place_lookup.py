"""Which place a capitalised n-gram names, if any: aliases, demonyms, gazetteer names, genitives
("Afghanistans") and town adjectives ("Utrechtse"). Memoised by surface: names repeat across articles.
"""

from __future__ import annotations

from kroniek.gazetteer import Gazetteer, normalize_name
from kroniek.lang import LanguageData
from kroniek.stages.place_tables import Hit, LangTables, alias_candidates, gazetteer_candidates

MIN_POP_ADJECTIVE = 50_000  # "Utrechtse": only towns people make adjectives of

_LOOKUP_MEMO_SIZE = 200_000  # surfaces remembered per gazetteer before the memo starts afresh


def lookup(
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


def adjective_stem(key: str, tables: LangTables, gaz: Gazetteer) -> bool:
    """Whether `key` may be an adjective of a town ("utrechtse", "berliner"): its stem is a name. A cheap
    test that keeps the many words with such an ending off the slow path (`_town_adjective` decides)."""
    return any(
        key.endswith(suffix) and len(key) - len(suffix) >= 4 and key[: -len(suffix)] in gaz
        for suffix in tables.adjective_suffixes
    )


def genitive_stem(key: str, tables: LangTables, gaz: Gazetteer) -> str:
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
            if surface.endswith(suffix) and genitive_stem(key, tables, gaz):
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
