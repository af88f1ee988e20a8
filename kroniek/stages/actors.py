"""Stage: actors (armed groups, forces, crowds, civilians) named in the text.

Reads: the text; the language's `actors.toml` (actor nouns by kind, compound heads, link words) and
`demonyms.tsv`; the shared `kroniek/data/groups.tsv` (named groups, any language),
`kroniek/data/actor_kinds.toml` (what each kind of noun means) and `kroniek/data/country_names.tsv`.
Adds: `ActorMention`s. Contract:

    find_actors(text, lang) -> list[ActorMention]   # sorted by span.start, spans never overlap

What a mention is made of (the span covers all of it, exact offsets into `text`):
- a named group: "Kata’ib Hezbollah", "IS", "de Taliban" (curly apostrophes, hyphen/space variants match);
- an actor noun, with a demonym before it: "Amerikaanse bommenwerpers", "Israeli troops" (or after it, where
  the language puts it there: "les soldats maliens");
  or a group name before it: "Hamas-strijders", "Kata'ib Hezbollah-strijdgroep", "Houthirebellen";
  or a group after a link word: "aanhangers van Kata'ib Hezbollah", "fighters of the Islamic State";
- a group after a word that introduces it: "terreurorganisatie IS", "the militant group Hamas".
Dutch compounds are read by their head ("oproerpolitie", "ME-agenten", "veiligheidstroepen") when the
language data lists compound heads; a language without such heads (English) matches whole words only.
`Span.rule` says which: "actor:group", "actor:noun", "actor:demonym+noun", "actor:group+noun",
"actor:noun+group", "actor:title+group", or "actor:demonym" (the first of "Amerikaanse en Iraakse
troepen", which gets a mention of its own).

Keys of `actors.toml` (the same in every language; a new language needs only this file, its
`demonyms.tsv` and, for new named groups, rows in groups.tsv): `nouns` and `modified_nouns` (kind ->
words; the latter count only after a demonym or group), `compound_heads` (kind -> heads of compound
words; empty where compounds are written apart), `not_actors`, `adjective_prefixes` ("pro-", "anti-"),
`group_links` ("van", "of the"; a link ending in an apostrophe glues to the name: "membres d'Al-Qaïda"),
`group_titles` ("groep", "movement"), `and_words`, `country_words` (country names used like demonyms: "US
troops", "VS-troepen"). From `language.toml`: `demonym_after` (true where the demonym follows its noun,
French "les soldats maliens", "l'armée malienne").

The Actor fields this stage emits:
- `name`: a named group's canonical English name ("Islamic State (IS)"); for a noun, the kind's name:
  "Police Forces", "Unidentified Armed Group", "Protesters" when no country is known, else the kind's
  template with the country ("US military", "Iraqi police", "Protesters (Netherlands)",
  "Government of the Netherlands", "US embassy"); a group followed by a crowd noun is that crowd
  ("Hezbollah supporters").
- `type`: one of `ACTOR_TYPES`, but the BASE type: a country's army, police, government or embassy is
  always "state_forces" here, whichever country the event is in. International missions, mercenaries
  and private military companies (Wagner) are "external_forces" already.
- `country`: ISO2 of the actor when the text (demonym) or the group table says it, else None.

The event country decides the rest, in the event stage: `resolve_actor(actor, event_country)` fills a
missing country (and the name) from the event country, and turns state forces of another country into
"external_forces" (US forces in Iraq; a US embassy attacked in Baghdad).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from kroniek.lang import LanguageData
from kroniek.lexicon import lower
from kroniek.model import Actor, ActorMention, Span
from kroniek.stages.actor_demonyms import DemonymTable, demonym, demonym_after, demonym_before
from kroniek.stages.actor_kinds import Group, Kind, group_table, kinds, kinds_by_name, render

# Same-length replacements, so that offsets into the normalised text are offsets into the original.
_REPLACEMENTS = (
    ("’", "'"), ("‘", "'"), ("ʼ", "'"), ("`", "'"), ("´", "'"), ("‐", "-"), ("‑", "-"), ("\u00a0", " "),
)  # fmt: skip
_CROWDS = frozenset({"protesters", "rioters", "civilians"})
_NON_STATE_ARMED = frozenset({"rebel_groups", "political_militias", "identity_militias", ""})


@dataclass(frozen=True, slots=True)
class _Noun:
    kind: Kind
    bare: bool  # counts on its own, without a demonym or group before it
    head: bool  # also counts as the last part of a compound word


@dataclass(slots=True)
class _Hit:
    start: int
    end: int
    actor: Actor
    rule: str
    rank: int  # among equally long overlapping hits the lower rank wins


@dataclass(frozen=True)
class _Tables:
    ci: ahocorasick.Automaton | None  # keys in lower case, run over the lower-cased text
    cs: ahocorasick.Automaton | None  # keys in capitals ("IS", "ME"), run over the text as written
    groups: dict[str, Group]  # lower-cased alias -> group, for compound prefixes ("houthirebellen")
    demonyms: DemonymTable
    not_actors: frozenset[str]
    links: re.Pattern[str] | None
    titles: tuple[str, ...]
    adjective_prefixes: tuple[str, ...]
    disguise: re.Pattern[str] | None  # matches right before a noun that names clothes or a disguise
    disguise_after: re.Pattern[str] | None  # ... right after it
    demonym_after: bool  # the demonym follows its noun ("les soldats maliens"), as in French


def find_actors(text: str, lang: LanguageData) -> list[ActorMention]:
    """The actors named in `text`, in order.

    >>> from kroniek.lang import load
    >>> found = find_actors("Iraakse veiligheidstroepen en IS-strijders.", load("nl"))
    >>> [(m.span.text, m.actor.name) for m in found]
    [('Iraakse veiligheidstroepen', 'Iraqi security forces'), ('IS-strijders', 'Islamic State (IS)')]
    """
    tables = _tables(lang)
    norm = _normalise(text)
    lowered = lower(norm)
    groups: list[_Hit] = []
    nouns: list[tuple[int, int, int, _Noun]] = []  # word start, noun start, end, noun
    if tables.cs is not None:
        _collect(tables.cs.iter(norm), norm, tables, groups, nouns, exact=True)
    if tables.ci is not None:
        _collect(tables.ci.iter(lowered), lowered, tables, groups, nouns, exact=False)
    # Where groups overlap ("Kata'ib Hezbollah" and "Hezbollah") the longest one owns its ends.
    group_ends: dict[int, _Hit] = {}
    group_starts: dict[int, _Hit] = {}
    for hit in sorted(groups, key=lambda h: h.end - h.start):
        group_ends[hit.end] = group_starts[hit.start] = hit
    hits = list(groups)
    for word_start, noun_start, end, noun in nouns:
        hits.extend(
            _noun_hits(norm, lowered, tables, word_start, noun_start, end, noun, group_ends, group_starts)
        )
    armed_ends = {
        h.end: h for h in hits if h.rule in ("noun", "demonym+noun") and h.actor.type in _NON_STATE_ARMED
    }
    for hit in groups:
        titled = _titled(lowered, tables, hit, armed_ends)
        if titled is not None:
            hits.append(titled)
    chosen = _non_overlapping(hits)
    return [
        ActorMention(Span(h.start, h.end, text[h.start : h.end], "actor:" + h.rule), h.actor) for h in chosen
    ]


def resolve_actor(actor: Actor, event_country: str | None) -> Actor:
    """The actor as coded for an event in `event_country` (ACLED's rules for actor country and type).

    A missing country becomes the event country (and the name says it); state forces of another
    country than the event's are external forces.

    >>> resolve_actor(Actor("US military", "state_forces", "US"), "IQ")
    Actor(name='US military', type='external_forces', country='US')
    >>> resolve_actor(Actor("Police Forces", "state_forces", None), "NL")
    Actor(name='Dutch police', type='state_forces', country='NL')
    """
    country = actor.country or event_country
    name, kind_type = actor.name, actor.type
    kind = kinds_by_name().get(actor.name)
    if actor.country is None and country and kind is not None:
        name = render(kind, country)
    if kind_type == "state_forces" and actor.country and event_country and actor.country != event_country:
        kind_type = "external_forces"
    return Actor(name, kind_type, country)


# --- scanning -------------------------------------------------------------------------------------


def _collect(
    found: Iterable[tuple[int, tuple[int, tuple[Group | _Noun, ...]]]],
    text: str,
    tables: _Tables,
    groups: list[_Hit],
    nouns: list[tuple[int, int, int, _Noun]],
    exact: bool,
) -> None:
    """Sort automaton hits into group hits and noun hits, checking word boundaries."""
    size = len(text)
    for last, (length, entries) in found:
        start, end = last - length + 1, last + 1
        if end < size and text[end].isalnum():
            continue  # inside a word; a hyphen or apostrophe after it is fine ("IS-strijders", "Hamas'")
        before = text[start - 1] if start else " "
        for entry in entries:
            if isinstance(entry, Group):
                if before.isalnum() or (exact and _in_capitals(text, start, end)):
                    continue
                if before == "-" and text[max(0, start - 6) : start].lower().endswith(
                    tables.adjective_prefixes
                ):
                    continue  # "anti-Taliban militia", "pro-IS": about the group, not the group
                groups.append(_Hit(start, end, entry.actor(), "group", 0))
            elif before.isalnum():
                if entry.head:
                    word_start = _word_start(text, start)
                    if text[word_start:end].lower() not in tables.not_actors:
                        nouns.append((word_start, start, end, entry))
            elif before == "-":
                nouns.append((_word_start(text, start), start, end, entry))
            else:
                nouns.append((start, start, end, entry))


def _noun_hits(
    norm: str,
    lower: str,
    tables: _Tables,
    word_start: int,
    start: int,
    end: int,
    noun: _Noun,
    group_ends: dict[int, _Hit],
    group_starts: dict[int, _Hit],
) -> list[_Hit]:
    """The mentions an actor noun makes, with what stands before or after it."""
    kind = noun.kind
    rank = 1 if word_start == start else 2  # a listed whole word beats a compound read by its head
    # A group name right before: "Hamas-strijders", "Taliban fighters", "Houthirebellen".
    owner = group_ends.get(start - 1) if start and norm[start - 1] in " -" else None
    if owner is None and word_start < start and norm[start - 1] != "-":
        prefix = tables.groups.get(lower[word_start:start])
        if prefix is not None:
            owner = _Hit(word_start, start, prefix.actor(), "group", 0)
    if owner is not None:
        return [_Hit(owner.start, end, _owned(owner.actor, kind), "group+noun", 0)]
    # A group name after a link word: "aanhangers van Hamas", "fighters of the Islamic State".
    if tables.links is not None and kind.type != "civilians":  # "civilians from Hamas-run Gaza"
        link = tables.links.match(lower, end)
        if link is not None and link.end() in group_starts:
            owner = group_starts[link.end()]
            return [_Hit(word_start, owner.end, _owned(owner.actor, kind), "noun+group", 0)]
    if kind.group_only or (word_start < start and lower[word_start:start] in tables.adjective_prefixes):
        return []  # "pro-government": an adjective
    if tables.disguise_after is not None and tables.disguise_after.match(lower, end):
        return []  # "a gunman in police uniform"
    if tables.disguise is not None and tables.disguise.search(lower, max(0, word_start - 40), word_start):
        return []  # "dressed as police officers"
    # A demonym before, or as the first part of a hyphenated word: "Iraakse politie", "VS-troepen"; or,
    # where the language puts it there, after: "les soldats maliens".
    country, demonym_start, demonym_end = None, word_start, end
    if word_start < start - 1 and norm[start - 1] == "-":
        country = demonym(tables.demonyms, norm, lower, word_start, start - 1)
    if country is None and tables.demonym_after:
        country, demonym_end, others = demonym_after(norm, lower, tables.demonyms, end)
    elif country is None:
        country, demonym_start, others = demonym_before(norm, lower, tables.demonyms, word_start)
    else:
        others = []
    if country is None:
        if not noun.bare:
            return []
        return [_Hit(word_start, end, Actor(kind.name, kind.type, None), "noun", rank)]
    actor = Actor(render(kind, country), kind.type, country)
    hits = [_Hit(demonym_start, demonym_end, actor, "demonym+noun", rank)]
    for other_start, other_end, other in others:  # "Amerikaanse en Britse troepen": one for each
        hits.append(
            _Hit(other_start, other_end, Actor(render(kind, other), kind.type, other), "demonym", rank)
        )
    return hits


def _titled(lower: str, tables: _Tables, hit: _Hit, armed_ends: dict[int, _Hit]) -> _Hit | None:
    """A group with the word that introduces it: "terreurorganisatie IS", "the militant group Hamas"."""
    before = lower[max(0, hit.start - 40) : hit.start]
    stripped = before.rstrip()
    if len(stripped) == len(before) or not stripped:
        return None
    word_end = hit.start - (len(before) - len(stripped))
    noun = armed_ends.get(word_end)
    if noun is not None:
        return _Hit(noun.start, hit.end, hit.actor, "noun+group", 0)
    word = stripped.rsplit(None, 1)[-1]
    if tables.titles and word.endswith(tables.titles) and word.isalpha():
        return _Hit(word_end - len(word), hit.end, hit.actor, "title+group", 0)
    return None


def _owned(group: Actor, kind: Kind) -> Actor:
    """A group followed by a noun: a crowd of the group ("Hamas supporters"), or the group itself."""
    if kind.label and kind.type in _CROWDS:
        return Actor(f"{group.name} {kind.label}", kind.type, group.country)
    return group


def _non_overlapping(hits: list[_Hit]) -> list[_Hit]:
    """Longest mentions first; among equals, groups before nouns, then the earlier one."""
    chosen: list[_Hit] = []
    # The chosen ones in text order: they do not overlap, so their ends rise with their starts, and of those
    # starting before a hit ends only the last can reach into it (bisection, not a look at every one chosen:
    # that was quadratic in the article's length, issue 13).
    starts: list[int] = []
    ends: list[int] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.rank, h.start)):
        at = bisect.bisect_left(starts, hit.end)
        if at and ends[at - 1] > hit.start:
            continue
        chosen.append(hit)
        if hit.end > hit.start:  # (an empty one, were there any, overlaps nothing chosen after it)
            at = bisect.bisect_right(starts, hit.start)
            starts.insert(at, hit.start)
            ends.insert(at, hit.end)
    chosen.sort(key=lambda h: h.start)
    return chosen


def _word_start(text: str, start: int) -> int:
    """Start of the word (hyphenated parts included) that ends in the match at `start`."""
    i = start
    while i > 0 and (text[i - 1].isalnum() or (text[i - 1] in "-'" and i > 1 and text[i - 2].isalnum())):
        i -= 1
    return i


def _in_capitals(text: str, start: int, end: int) -> bool:
    """Whether a capitals-only match has a capitals-only word next to it (a shouted headline: "IS IT")."""
    before = text[max(0, start - 30) : start].split() if start and text[start - 1].isspace() else []
    after = text[end : end + 30].split() if end < len(text) and text[end].isspace() else []
    for word in (before[-1] if before else "", after[0] if after else ""):
        letters = [c for c in word if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            return True
    return False


def _normalise(text: str) -> str:
    for old, new in _REPLACEMENTS:
        if old in text:
            text = text.replace(old, new)
    return text


# --- tables ---------------------------------------------------------------------------------------


def _variants(alias: str) -> set[str]:
    """Spellings of an alias that news writes too: with or without apostrophe, hyphen or space."""
    alias = " ".join(_normalise(alias).split())
    forms = {alias, alias.replace("-", " "), alias.replace(" ", "-")}
    forms |= {form.replace("'", "") for form in forms if "'" in form}
    return forms


def _exact_case(word: str) -> bool:
    """Abbreviations ("IS", "ME", "LeT") must match in capitals; other words in any case."""
    letters = [c for c in word if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    return " " not in word and capitals >= 2 and capitals * 2 >= len(letters)


@functools.cache
def _tables(lang: LanguageData) -> _Tables:
    data = lang.get("actors", {})
    by_key = kinds()
    entries: dict[tuple[bool, str], list[Group | _Noun]] = {}

    def add(word: str, entry: Group | _Noun) -> None:
        exact = _exact_case(word)
        key = (exact, word if exact else word.lower())
        bucket = entries.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)

    heads = {_normalise(w).lower() for ws in data.get("compound_heads", {}).values() for w in ws}
    nouns: dict[str, _Noun] = {}  # the first table that lists a word decides its kind
    for table, bare in (("nouns", True), ("modified_nouns", False), ("compound_heads", True)):
        for kind_key, words in data.get(table, {}).items():
            kind = by_key[kind_key]  # a KeyError here is a typo in actors.toml
            for word in words:
                word = _normalise(word)
                nouns.setdefault(word, _Noun(kind, bare, word.lower() in heads))
    for word, noun in nouns.items():
        add(word, noun)
    aliases: dict[str, Group] = {}
    for group, names in group_table():
        for alias in names:
            for form in _variants(alias):
                add(form, group)
                if not _exact_case(form):
                    aliases.setdefault(form.lower(), group)
    ci, cs = _automaton(entries, exact=False), _automaton(entries, exact=True)
    demonyms: dict[str, tuple[str, str]] = {}
    rows = [row for row in lang.get("demonyms", []) if len(row) >= 2]
    for word, iso in [*rows, *data.get("country_words", {}).items()]:
        word = " ".join(_normalise(word).split())
        # "US", "VS": only in capitals, or every "us" would be American.
        exact = word if _exact_case(word) else ""
        for form in {word, word.replace("-", " ")}:  # "South-African" is also written "South African"
            demonyms.setdefault(form.lower(), (iso, exact.replace("-", " ") if " " in form else exact))
    links = sorted((_normalise(w).lower() for w in data.get("group_links", [])), key=len, reverse=True)
    # A link ending in an elided word glues to the name: "membres d'Al-Qaïda", "combattants de l'EI".
    link_re = (
        re.compile(
            r"\s+(?:" + "|".join(re.escape(w) + (r"\s*" if w.endswith("'") else r"\s+") for w in links) + ")"
        )
        if links
        else None
    )
    return _Tables(
        ci,
        cs,
        aliases,
        DemonymTable(
            demonyms,
            frozenset(word.rsplit(" ", 1)[-1] for word in demonyms if " " in word),
            frozenset(data.get("and_words", [])),
        ),
        frozenset(_normalise(w).lower() for w in data.get("not_actors", [])),
        link_re,
        tuple(data.get("group_titles", [])),
        tuple(data.get("adjective_prefixes", [])),
        # Up to two words between: "dressed as Afghan police officers".
        _phrases(data.get("disguise_before", []), r"\s+(?:[\w'-]+\s+){0,2}$"),
        _phrases(data.get("disguise_after", []), r"\b", r"\s+"),
        bool(lang.get("language", {}).get("demonym_after", False)),
    )


def _phrases(words: list[str], after: str, before: str = r"\b") -> re.Pattern[str] | None:
    """A pattern of any of `words` (lower case) between `before` and `after`, or None when there are none."""
    if not words:
        return None
    listed = sorted((_normalise(w).lower() for w in words), key=len, reverse=True)
    return re.compile(before + "(?:" + "|".join(re.escape(w) for w in listed) + ")" + after)


def _automaton(
    entries: dict[tuple[bool, str], list[Group | _Noun]], exact: bool
) -> ahocorasick.Automaton | None:
    automaton = ahocorasick.Automaton()
    for (is_exact, key), bucket in entries.items():
        if is_exact == exact:
            automaton.add_word(key, (len(key), tuple(bucket)))
    if len(automaton) == 0:
        return None
    automaton.make_automaton()
    return automaton
