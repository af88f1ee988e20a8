"""The explorer's search box, across languages and coded fields.

`q` finds an incident when a source article contains its words (full text), or when it names the
incident's place in any language the gazetteer knows ("Kabul", "Kaboel", "Caboul" all find the incidents
placed in Kabul, whichever spelling the articles used), or one of its actors (by the stored name or the
canonical ACLED-style name: "Military Forces of Mali" finds "Malian military"), or its event type or
sub-event type by ACLED's name ("Violent demonstration").
"""

from __future__ import annotations

import functools
from typing import Any

from kroniek.actor_names import canonical_actor
from kroniek.export.acled import EVENT_TYPE_NAMES, SUB_EVENT_TYPE_NAMES
from kroniek.gazetteer import default_gazetteer, normalize_name
from kroniek.model import Actor
from kroniek.store.backends import Backend
from kroniek.store.fusing import marks

MAX_PLACES = 200  # gazetteer records one name may stand for
MAX_ACTORS = 500


@functools.lru_cache(maxsize=1024)
def geonames_ids(text: str) -> tuple[int, ...]:
    """GeoNames ids of the places a name stands for, in any language or spelling the gazetteer has.

    >>> 1138958 in geonames_ids("Kaboel") and 1138958 in geonames_ids("Kabul")
    True
    """
    gaz = default_gazetteer()
    found = []
    for candidate in gaz.lookup(normalize_name(text))[:MAX_PLACES]:
        gid = gaz.record(candidate.record).geonames_id
        if gid is not None:
            found.append(gid)
    return tuple(sorted(set(found)))


def event_types_named(text: str) -> tuple[list[str], list[str]]:
    """Event types and sub-event types whose ACLED name (or key) is `text`."""
    wanted = normalize_name(text)
    main = [k for k, name in EVENT_TYPE_NAMES.items() if wanted in (normalize_name(name), normalize_name(k))]
    subs = [
        k for k, name in SUB_EVENT_TYPE_NAMES.items() if wanted in (normalize_name(name), normalize_name(k))
    ]
    return main, subs


@functools.lru_cache(maxsize=65536)
def _actor_words(name: str, kind: str, country: str | None) -> frozenset[str]:
    """The words of an actor's stored and canonical names (kept: a search scans every stored actor)."""
    canonical = canonical_actor(Actor(name, kind, country), "en").name
    return frozenset(normalize_name(name).split()) | frozenset(normalize_name(canonical).split())


def actor_ids(backend: Backend, text: str) -> list[str]:
    """Stored actors whose name or canonical name holds every word of `text`."""
    words = normalize_name(text).split()
    if not words:
        return []
    found = []
    for aid, name, kind, country in backend.query("SELECT id, name, type, country FROM actors"):
        if all(word in _actor_words(name, kind, country) for word in words):
            found.append(aid)
            if len(found) >= MAX_ACTORS:
                break
    return found


def text_condition(backend: Backend, text: str, sources: str) -> tuple[str, list[Any]]:
    """One SQL condition over `incidents i` for the search text, and its parameters."""
    parts = [f"i.id IN (SELECT ie.incident_id {sources} WHERE {backend.text_match('a')})"]
    params: list[Any] = [backend.fts_query(text)]
    gids = geonames_ids(text)
    if gids:
        parts.append(f"i.place_id IN (SELECT id FROM places WHERE geonames_id IN ({marks(len(gids))}))")
        params += gids
    # Places the gazetteer lacks are stored under the name the article gave.
    parts.append("i.place_id IN (SELECT id FROM places WHERE LOWER(name) = ?)")
    params.append(text.lower())
    actors = actor_ids(backend, text)
    if actors:
        parts.append(f"(i.actor1_id IN ({marks(len(actors))}) OR i.actor2_id IN ({marks(len(actors))}))")
        params += actors + actors
    main, subs = event_types_named(text)
    if main:
        parts.append(f"i.event_type IN ({marks(len(main))})")
        params += main
    if subs:
        parts.append(f"i.sub_event_type IN ({marks(len(subs))})")
        params += subs
    return "(" + " OR ".join(parts) + ")", params
