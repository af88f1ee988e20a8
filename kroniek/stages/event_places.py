"""Where: which place names can be where an event happened, which of them a trigger takes, towns named
as a list, and the article's own place for events whose sentence names none.

Split from `events` (issue 12).
"""

from __future__ import annotations

import re
from dataclasses import replace

from kroniek.lexicon import TOKEN
from kroniek.model import Doc, PlaceMention, Span
from kroniek.stages.distance import km
from kroniek.stages.event_context import Context, preceded_by, words_before
from kroniek.stages.frames import KIND_RANK
from kroniek.stages.frames import place_rank as _rank
from kroniek.stages.sentences import sentence_of
from kroniek.stages.span_index import SpanIndex

# How many words before a country name may hold the word that makes it a location ("in het noorden van Irak").
LOCATION_WORD_REACH = 4
# Words before a country in which a border phrase ("border with", "frontière avec la") may stand.
BORDER_REACH = 3
# Words before a place in which a seat phrase ("based in", "basée à") may stand ("based in the British
# capital London").
SEAT_REACH = 5


def _located(doc: Doc, place: PlaceMention, context: Context) -> bool:
    """Is a location word ("in", "bij", "near") among the few words before this place?"""
    words = words_before(doc, place.span.start, LOCATION_WORD_REACH)
    return any(w in context.words.location_words for w in words)


def _origin(doc: Doc, place: PlaceMention, context: Context) -> bool:
    """Does the place say where someone comes from ("uit Winschoten", "from the United States"), alone or
    in a list ("uit Winschoten en Stadskanaal")?"""
    sentence = doc.sentences[sentence_of(doc.sentence_starts(), place.span.start)]
    before = doc.text[max(sentence.start, place.span.start - 80) : place.span.start]
    words: list[str] = TOKEN.findall(before)
    for word in reversed(words[-8:]):
        lower = word.lower()
        if lower in context.words.origin_words:
            return True
        if not (word[0].isupper() or lower in context.words.and_words or lower in context.words.articles):
            return False
    return False


def _across_border(doc: Doc, place: PlaceMention, context: Context) -> bool:
    """Is the place the neighbour across a border ("near the border with Niger", "aan de grens met Oeganda")?
    Reports from border areas name the country next door more often than their own. A border town or region
    named so is left alone: which side it lies on, the gazetteer knows."""
    if place.place.kind != "country":
        return False
    return preceded_by(doc, place.span.start, context.words.border_words, BORDER_REACH)


def _seat(doc: Doc, place: PlaceMention, context: Context) -> bool:
    """Is the place where an organisation sits ("the observatory, based in London", "mit Sitz in London"),
    not where the event happened?"""
    return preceded_by(doc, place.span.start, context.words.seat_words, SEAT_REACH)


def possible_places(doc: Doc, places: list[PlaceMention], context: Context) -> list[PlaceMention]:
    """Places that can be where an event happened: named towns and regions, and countries only after a
    location word (a bare country name is often an actor, "bondgenoot Rusland", or an origin)."""
    # Whether a place can be one is read once for both passes of an article (`Memo.possible`, by the id of
    # the place, one of those `Memo.where` keeps for the article).
    possible = context.memo.possible
    groups: list[Span] | None = None
    kept = []
    for place in places:
        able = possible.get(id(place))
        if able is None:
            if groups is None:
                groups = [a.span for a in doc.actors if "group" in a.span.rule]
            able = possible[id(place)] = _possible(doc, place, context, groups)
        if able:
            kept.append(place)
    return [p for i, p in enumerate(kept) if i + 1 == len(kept) or not _qualifies(doc.text, p, kept[i + 1])]


def _possible(doc: Doc, place: PlaceMention, context: Context, groups: list[Span]) -> bool:
    if place.kind == "demonym" or _origin(doc, place, context) or _across_border(doc, place, context):
        return False
    if _seat(doc, place, context):
        return False
    if any(g.start <= place.span.start < g.end for g in groups):
        return False  # "the Jalisco New Generation cartel": a name, not where it happened
    return not (
        place.place.kind == "country" and place.kind != "dateline" and not _located(doc, place, context)
    )


# A city named right before a town this close qualifies it ("l'aéroport de Bruxelles Zaventem", "Brussel-
# Zaventem", "Paris Orly"): the place is the town (its airport, its suburb), not the city's centre. Farther
# apart, two names in a row are something else ("Halle-Vilvoorde", an arrondissement, is 26 km across).
QUALIFIER_KM = 20.0
_QUALIFIER_GAP = re.compile(r"[ \-\u2010\u2011]{1,2}")


def _qualifies(text: str, city: PlaceMention, town: PlaceMention) -> bool:
    """Does `city` only qualify the town named right after it (a space or a hyphen between them)?"""
    a, b = city.place, town.place
    if a.kind != "city" or b.kind not in ("city", "district") or a.country != b.country:
        return False
    if a.geonames_id == b.geonames_id or not _QUALIFIER_GAP.fullmatch(text[city.span.end : town.span.start]):
        return False
    if a.lat is None or a.lon is None or b.lat is None or b.lon is None:
        return False
    return km(a.lat, a.lon, b.lat, b.lon) <= QUALIFIER_KM


def best_place(places: list[PlaceMention], offset: int) -> PlaceMention | None:
    """The sentence's place for a trigger at `offset`: the best ranked (`place_rank`), then the nearest. A
    dateline of another country than one the sentence names is only where the reporter files from
    ("WILLEMSTAD - ... bendegeweld in Haïti"): the sentence's own place comes first."""
    named = {p.place.country for p in places if p.kind != "dateline"}
    if named:
        places = [p for p in places if p.kind != "dateline" or p.place.country in named]
    return min(places, key=lambda p: (_rank(p), abs(p.span.start - offset)), default=None)


def listed_towns(doc: Doc, places: list[PlaceMention], context: Context) -> list[PlaceMention]:
    """Towns named as a list ("in Roermond, Enschede en Leeuwarden"): an event told of all of them at once
    happened in each. A name in the list that the gazetteer lacks or doubts ("Assen", "Münster", a
    village) is a town of the list too, in the country of the town before it. Returns [] unless two or more
    distinct towns stand in one list."""
    towns = sorted((p for p in places if p.place.kind == "city"), key=lambda p: p.span.start)
    best: list[PlaceMention] = []
    run: list[PlaceMention] = []
    for town in towns:
        between = _list_items(doc.text, run[-1].span.end, town.span.start, context) if run else None
        if between is not None:
            run += [_listed(doc.text, start, end, run[-1]) for start, end in between]
            run.append(town)
        else:
            run = [town]
        if len(run) > len(best):
            best = list(run)
    distinct = {(p.place.name, p.place.country) for p in best}
    # A list of places where something happened: "in Derby, London en Burton", or three or more names; two
    # names need an "and" ("in Roermond en Enschede"): "in Ely, Cardiff" is a part of a town and the town.
    if len(distinct) >= 3 or (
        len(distinct) == 2 and _located(doc, best[0], context) and _and_between(doc.text, best, context)
    ):
        return best
    return []


def _and_between(text: str, towns: list[PlaceMention], context: Context) -> bool:
    """Does an "and" word stand between the first and the last of `towns`?"""
    words = _LIST_PART.findall(text, towns[0].span.end, towns[-1].span.start)
    return any(w.lower() in context.words.and_words for w in words)


_LIST_PART = re.compile(r"[^\W\d_][\w'’-]*|,")
_ASIDE = re.compile(r"\([^()]{1,60}\)")
# At most this many names the gazetteer lacks between two it knows, in one list.
_UNLISTED_IN_LIST = 2


def _list_items(text: str, start: int, end: int, context: Context) -> list[tuple[int, int]] | None:
    """The names between two towns of one list ("Zwolle, Assen, Arnhem": [Assen]), or None when the words
    between them do not continue a list: separators (commas, "en", "und") and capitalised names only, a
    separator between any two names and before the next town."""
    # An aside in brackets after a name ("in Aalsmeer (Noord-Holland) en Heeswijk-Dinther") is no part of
    # the list; the words outside it are.
    outside: list[tuple[int, int]] = []
    at = start
    for aside in _ASIDE.finditer(text, start, end):
        outside.append((at, aside.start()))
        at = aside.end()
    outside.append((at, end))
    parts = [m for a, b in outside for m in _LIST_PART.finditer(text, a, b)]
    if "".join(m.group() for m in parts) != re.sub(r"\s+", "", "".join(text[a:b] for a, b in outside)):
        return None  # anything else between them: a full stop, a figure
    names: list[tuple[int, int]] = []
    after_separator = False
    for part in parts:
        if part.group() == "," or part.group().lower() in context.words.and_words:
            after_separator = True
        elif after_separator and part.group()[0].isupper() and len(names) < _UNLISTED_IN_LIST:
            names.append((part.start(), part.end()))
            after_separator = False
        else:
            return None
    return names if after_separator else None


def _listed(text: str, start: int, end: int, before: PlaceMention) -> PlaceMention:
    place = replace(before.place, geonames_id=None, name=text[start:end], lat=None, lon=None, population=0)
    return PlaceMention(Span(start, end, text[start:end], "listed"), place, "name")


def with_country(mention: PlaceMention, default: PlaceMention | None) -> PlaceMention:
    """A town the gazetteer does not list, and no place near it names the country of: the article's."""
    if mention.place.country or default is None:
        return mention
    return PlaceMention(mention.span, replace(mention.place, country=default.place.country), mention.kind)


def find_default_place(doc: Doc, context: Context) -> PlaceMention | None:
    """Where the article's events happen when a sentence does not say: its dateline, else the country its
    place names point at most (towns and located countries weigh more than bare names and demonyms), at the
    first town or region of that country the article names."""
    for mention in doc.places:
        if mention.kind == "dateline":
            return mention
    if not doc.places:
        return None
    tally: dict[str, float] = {}
    # A country named inside an actor ("US drone", "Franse troepen") says whose, not where, as a demonym does.
    actors = SpanIndex([(a.span.start, a.span.end - 1) for a in doc.actors])
    for mention in doc.places:
        if not mention.place.country:
            continue
        if _across_border(doc, mention, context) or _seat(doc, mention, context):
            continue
        if mention.kind == "demonym" or actors.first(mention.span.start, mention.span.end - 1) >= 0:
            weight = 0.5
        elif mention.place.kind != "country" or _located(doc, mention, context):
            weight = 2.0
        else:
            weight = 1.0
        tally[mention.place.country] = tally.get(mention.place.country, 0.0) + weight
    if not tally:
        return None
    first: dict[str, int] = {}
    for mention in doc.places:
        first.setdefault(mention.place.country, mention.span.start)
    country = max(tally, key=lambda c: (tally[c], -first[c]))
    in_country = [p for p in doc.places if p.place.country == country and p.kind != "demonym"]
    if not in_country:
        return next(p for p in doc.places if p.place.country == country)
    return min(in_country, key=lambda p: (KIND_RANK.get(p.place.kind, 2), p.span.start))
