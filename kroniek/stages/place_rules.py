"""Finding place names in a text: capitalised word runs, looked up longest n-gram first
(`place_lookup`), then the filters that keep ordinary words, person names and acronyms out
(`place_filters`); datelines and "the Afghan capital" are marked here. Resolution is in `place_scores`.

Everything language-specific comes from the language's data files (see `kroniek.stages.places`).
"""

from __future__ import annotations

import re

from kroniek.elision import APOSTROPHES, fold_apostrophes
from kroniek.gazetteer import Gazetteer, normalize_name
from kroniek.lang import LanguageData
from kroniek.stages.place_filters import WORD, Context, keep, location_gap
from kroniek.stages.place_lookup import adjective_stem, genitive_stem, lookup
from kroniek.stages.place_tables import MIN_POP_BESIDE_NAME, Hit, LangTables, lang_tables, name_size
from kroniek.stages.span_index import line_start

MAX_NGRAM = 5

# Every upper-case letter in the Basic Multilingual Plane (the re module has no \p{Lu}).
_UPPER = "".join(ch for ch in map(chr, range(0x41, 0x2000)) if ch.isupper() and ch.isalpha())
# Starts with the character class so that the regex engine can skip ahead fast; "'s-" prefixes
# ("'s-Hertogenbosch") and word boundaries are checked in Python.
_CAP_WORD = re.compile(rf"[{_UPPER}](?:\.(?:[{_UPPER}]\.)+|[^\W_]*(?:['’][^\W\d_]+)*)")
_JOIN_GAP = re.compile(r"[ \u00a0]?-[ \u00a0]?|[ \u00a0]")
# `KABUL:`, `QUETTA, Pakistan (AP) —`, and an agency in brackets with no dash after: `Bamako (AFP) Bei ...`.
_DATELINE_TAIL = re.compile(
    r"\s*(?:,[^\n,:;()]{2,40}?)?\s*(?:(?:\([^)\n]{1,40}\))?\s*[:\-–—](?=\s)|\([^)\n]{1,40}\)(?=\s+[^\W\d_]))"
)


def find_hits(text: str, lang: LanguageData, gaz: Gazetteer) -> list[Hit]:
    """Every stretch of `text` that may name a place (or point at one), before resolution."""
    tables = lang_tables(lang)
    tokens = _tokens(text, tables.elided, gaz)
    if not tokens:
        return []
    context = Context(text, tables.titles)
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
                        and not adjective_stem(key, tables, gaz)
                        and not genitive_stem(key, tables, gaz)
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
                and name_size(h, gaz)[2] < MIN_POP_BESIDE_NAME
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


def _match_run(
    text: str,
    run: list[tuple[int, int]],
    lang: LanguageData,
    tables: LangTables,
    gaz: Gazetteer,
    context: Context,
    persons: set[str],
) -> list[Hit]:
    """Longest n-grams first, left to right; then the filters."""
    found: list[tuple[Hit, int, int]] = []
    covered = [False] * len(run)
    i = 0
    while i < len(run):
        hit = None
        for j in range(min(len(run), i + MAX_NGRAM), i, -1):
            hit = lookup(text, run[i][0], run[j - 1][1], j - i, lang, tables, gaz)
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
            or name_size(hit, gaz)[2] >= MIN_POP_BESIDE_NAME
            or "country" in name_size(hit, gaz)[1]
        ):
            for k in range(i, j):
                strong[k] = True
    out = []
    for n, (hit, i, j) in enumerate(found):
        if _compass_part(text, run, found, n, tables):
            continue
        if hit.rule == "gazetteer" and j - i == 1 and _in_full_name(text, run, strong, i, tables):
            persons.add(hit.key)
            continue
        # an unknown capitalised word right before or after: "Donald Trump", "Hayat Tahrir al-Sham"
        # ...unless a location word stands between ("Wache in Hillah": German capitalises the noun).
        before = i > 0 and not strong[i - 1] and not location_gap(text, run[i - 1][1], run[i][0], tables)
        after = j < len(run) and not strong[j] and not location_gap(text, run[j - 1][1], run[j][0], tables)
        if keep(text, hit, run, before, after, i, j, tables, gaz, context, persons):
            out.append(hit)
    return out


def _in_full_name(
    text: str, run: list[tuple[int, int]], strong: list[bool], i: int, tables: LangTables
) -> bool:
    """Is the i-th word of the run one of a person's three names, the two others right before or right
    after it and no sure place (`strong`) and no common word ("Jaime Gonzalez Duran", "Aden Hashi Ayro")?
    A big town is otherwise kept beside one unknown word ("Mexico City"); where every noun has a capital
    (German), capitals say nothing of names."""
    if tables.nouns_capitalized:
        return False

    def names(first: int, last: int) -> bool:
        if first < 0 or last >= len(run):
            return False
        for k in range(first, last + 1):
            if k != i and (strong[k] or not _plain_name(text[run[k][0] : run[k][1]], tables)):
                return False
            if k < last and text[run[k][1] : run[k + 1][0]] not in (" ", "-"):
                return False
        return True

    return names(i - 2, i) or names(i, i + 2)


def _plain_name(word: str, tables: LangTables) -> bool:
    """A capitalised word that may be a person's name: no acronym, no common word, no place noun or title."""
    low = word.lower()
    return not (
        word.isupper()
        or low in tables.common
        or low in tables.place_nouns
        or low in tables.titles
        or word in tables.not_places
        or word in tables.demonyms
    )


def _compass_part(
    text: str, run: list[tuple[int, int]], found: list[tuple[Hit, int, int]], n: int, tables: LangTables
) -> bool:
    """Is the n-th name found a compass word joined by a hyphen to another name, the two unknown as a whole
    (`compass_words` in geography.toml)? It says which part of the other place is meant, and is no place of
    its own: "Noord-Mali" is the north of Mali, not the Nord department of Haiti; "Amiens-Nord" a part of
    Amiens."""
    _, i, j = found[n]
    if text[run[i][0] : run[j - 1][1]].lower() not in tables.compass_words:
        return False
    joined_before = n > 0 and found[n - 1][2] == i and text[run[i - 1][1] : run[i][0]] == "-"
    joined_after = n + 1 < len(found) and found[n + 1][1] == j and text[run[j - 1][1] : run[j][0]] == "-"
    return joined_before or joined_after


def _mark_datelines(text: str, hits: list[Hit]) -> None:
    """`KABUL:`, `QUETTA, Pakistan (AP) —`, `Bagdad (dpa) -` at the start of a line; also several places
    joined by slashes, `Gaza/Tel Aviv (dpa) -`, as agencies write a story filed from two places."""
    by_start = {hit.start: hit for hit in hits}
    for hit in hits:
        if hit.rule == "demonym" or not _starts_line(text, hit.start):
            continue
        chain = [hit]
        while text[chain[-1].end : chain[-1].end + 1] == "/" and chain[-1].end + 1 in by_start:
            chain.append(by_start[chain[-1].end + 1])
        if _DATELINE_TAIL.match(text, chain[-1].end):
            for place in chain:
                place.kind = "dateline"
                place.weight = 3.0


def _starts_line(text: str, offset: int) -> bool:
    """Only white space between the start of its line and `offset` (read back from `offset`: a slice from
    the line start was as long as the text when it has no line breaks)."""
    first = line_start(text, offset)
    while offset > first and text[offset - 1].isspace():
        offset -= 1
    return offset == first


def _mark_capitals(text: str, hits: list[Hit], tables: LangTables, gaz: Gazetteer) -> None:
    """ "de Afghaanse hoofdstad", "Iraq's capital", "the capital of Iraq": the country's capital."""
    if not tables.capital_nouns:
        return
    low = ""  # the text in lower case, made when first needed (once: per hit, it grew with the square)
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
            m = WORD.match(text, end + 1) if text[end : end + 1] == " " else None
            noun = m.group().rstrip(".-'’") if m else ""
            if noun.lower() in tables.capital_nouns:
                _to_capital(hit, hit.start, end + 1 + len(noun), capital)
                continue
        before = [fold_apostrophes(w.lower()) for w in WORD.findall(text, max(0, hit.start - 30), hit.start)]
        for n in (1, 2):  # "the capital of Iraq", "la capitale de la Syrie"
            of_capital = len(before) > n and " ".join(before[-n:]) in tables.of_words
            if hit.rule != "demonym" and of_capital and before[-n - 1] in tables.capital_nouns:
                low = low or text.lower()
                start = low.rfind(before[-n - 1], 0, hit.start)
                _to_capital(hit, start, hit.end, capital)
                break


def _to_capital(hit: Hit, start: int, end: int, capital: int) -> None:
    hit.start, hit.end = start, end
    hit.kind, hit.rule = "name", "capital"
    hit.candidates = [(capital, 3.0, None)]
    hit.weight = 1.0
