"""Stage: places named in the text, resolved in the gazetteer.

Reads: the text; the language's `places.tsv` (aliases: exonyms, abbreviations, city districts),
`demonyms.tsv` (country adjectives and nouns), `common_words.tsv` (ordinary words that are also place
names) and `geography.toml` (capital nouns, person titles, region nouns, words that are never places);
the gazetteer (`kroniek.gazetteer`). Adds: `PlaceMention`s. Contract:

    find_places(text, lang, gazetteer=None) -> list[PlaceMention]   # sorted by span.start

How: one regex pass finds capitalised words; runs of them (joined by spaces, hyphens and the
connector words of place names) are looked up longest n-gram first. Single words that look like
something else (an ordinary word at the start of a sentence, part of a person's name, an acronym) need
more evidence. Ambiguous names are resolved with the whole article: population, kind of place, the
countries the other mentions point at, a dateline, "Town, Region" appositions and nouns like "province".
See `kroniek.stages.place_rules` for finding names (with `place_lookup` and `place_filters`), and
`kroniek.stages.place_scores` for the scores.
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import cast

from kroniek.gazetteer import Gazetteer, default_gazetteer
from kroniek.lang import LanguageData
from kroniek.model import NOWHERE, Location, MentionKind, Place, PlaceMention, Span
from kroniek.stages.distance import km
from kroniek.stages.place_adjectives import adjective_hits
from kroniek.stages.place_rules import find_hits
from kroniek.stages.place_scores import resolve_hits
from kroniek.stages.place_tables import Hit, lang_tables
from kroniek.stages.place_unlisted import find_unlisted_towns

PRECISION = {"city": 1, "district": 2, "admin1": 3, "country": 3}
# A town named before another with only a comma between ("in Ely, Cardiff") lies in it; farther from it than
# this, the gazetteer's town of that name is another one, and the name a part of the town after it.
PART_OF_TOWN_KM = 30
_APPOSITION = re.compile(r",[ \u00a0]?")


def find_places(text: str, lang: LanguageData, gazetteer: Gazetteer | None = None) -> list[PlaceMention]:
    """Places, demonyms and datelines in `text`, each resolved to a gazetteer `Place`.

    >>> from kroniek.lang import load
    >>> found = find_places("Aanslag in Bagdad.", load("nl"))
    >>> [(m.span.text, m.place.name, m.place.country, m.kind) for m in found]
    [('Bagdad', 'Baghdad', 'IQ', 'name')]
    """
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    hits = find_hits(text, lang, gaz)
    extra = adjective_hits(text, lang, gaz, hits)
    if extra:
        hits = sorted(hits + extra, key=lambda h: h.start)
    mentions = []
    for hit, offset, kind in resolve_hits(hits, text, lang, gaz):
        place = gaz.place(offset, kind)
        mentions.append(
            PlaceMention(
                Span(hit.start, hit.end, text[hit.start : hit.end], hit.rule),
                place,
                cast(MentionKind, hit.kind),
            )
        )
    _parts_of_towns(text, mentions, lang_tables(lang).and_words)
    mentions += find_unlisted_towns(text, lang, mentions)
    mentions.sort(key=lambda m: (m.span.start, m.span.end))
    return mentions


def _parts_of_towns(text: str, mentions: list[PlaceMention], and_words: frozenset[str]) -> None:
    """A town named before another with only a comma between, and far from it ("a riot in Ely, Cardiff":
    the Ely the gazetteer knows lies in England) is a part of the second (precision 2, the first's words its
    provenance); near it, it stays the more precise place ("Koumassi, Abidjan"). Two towns of a list
    ("Paris, Lyon and Marseille"), and a town bigger than the one after it, are left alone."""
    parts: dict[tuple[str, int | None], Place] = {}
    # (in text order: the gazetteer stage gives all mentions of one name together)
    ordered = sorted(mentions, key=lambda m: m.span.start)
    for part, town in pairwise(ordered):
        a, b = part.place, town.place
        if (
            a.kind != "city"
            or b.kind != "city"
            or part.kind != "name"
            or town.kind != "name"
            or _APPOSITION.fullmatch(text, part.span.end, town.span.start) is None
            or _list_goes_on(text, town.span.end, and_words)
            or a.population > b.population  # "Paris, Lyon": two towns, the first no part of the second
        ):
            continue
        if (
            a.lat is not None
            and b.lat is not None
            and a.lon is not None
            and b.lon is not None
            and a.country == b.country
            and km(a.lat, a.lon, b.lat, b.lon) <= PART_OF_TOWN_KM
        ):
            continue
        parts[(part.span.text, a.geonames_id)] = Place(
            b.geonames_id, b.name, b.country, b.admin1, b.lat, b.lon, "district"
        )
    if parts:  # the name means that part wherever the article uses it ("Ely, Cardiff ... in Ely")
        for n, mention in enumerate(mentions):
            place = parts.get((mention.span.text, mention.place.geonames_id))
            if place is not None and mention.place.kind == "city":
                mentions[n] = PlaceMention(mention.span, place, mention.kind)


def _list_goes_on(text: str, end: int, and_words: frozenset[str]) -> bool:
    """Does a list of names go on after `end` (", Marseille", " and Marseille")?"""
    after = text[end : end + 60]
    if after.startswith(","):
        return after[1:].lstrip()[:1].isupper()
    words = after.split(None, 2)
    return len(words) >= 2 and words[0].lower() in and_words and words[1][:1].isupper()


def country_of_demonym(word: str, lang: LanguageData) -> str | None:
    """The ISO 3166-1 alpha-2 code a demonym or country adjective points at, else None.

    >>> from kroniek.lang import load
    >>> country_of_demonym("Amerikaanse", load("nl")), country_of_demonym("Iraqi", load("en"))
    ('US', 'IQ')
    """
    demonyms = lang_tables(lang).demonyms
    return demonyms.get(word) or demonyms.get(word.lower()) or demonyms.get(word.capitalize())


def location_of(place: Place | None) -> Location:
    """The event `Location` a place gives: precision 1 town, 2 district (or part of a town), 3 region/country.

    >>> location_of(None) == NOWHERE
    True
    """
    if place is None:
        return NOWHERE
    name = place.name if place.kind in ("city", "district") else None
    admin1 = None if place.kind == "country" else place.admin1
    return Location(
        name, admin1, place.country, place.lat, place.lon, place.geonames_id, PRECISION[place.kind]
    )


__all__ = ["Hit", "country_of_demonym", "find_places", "location_of"]
