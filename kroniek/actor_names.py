"""One canonical name per actor, in ACLED's naming style, for finished events.

"Malian military", "Malian Armed Forces (FAMa)", "het Malinese leger" and "armée malienne" all become
"Military Forces of Mali (2021-)" for an event after May 2021. Three data files decide, in this order:

1. `kroniek/lang/<code>/actor_names.tsv`: surface forms in that language -> canonical name (for names that
   come straight from the text, as a learned detector may give them);
2. `kroniek/data/actor_names.toml` [groups]: the actor stage's names of named groups -> ACLED's name;
3. `kroniek/data/actor_names.toml` [kinds]: a kind of actor (military, police, protesters...) with a
   country -> ACLED's pattern ("Police Forces of Iraq", "Protesters (Netherlands)").

A name none of them knows is kept. `{period}` is ACLED's government period (" (2021-)") when [periods]
knows it for the event's date. The surface form stays in the event's provenance (its actor spans) and in
each source's own event: only the incident's and the export's names change.

>>> from kroniek.model import Actor
>>> canonical_actor(Actor("Malian military", "state_forces", "ML"), "en").name
'Military Forces of Mali'
>>> import datetime as dt
>>> canonical_actor(Actor("het Malinese leger", "state_forces", "ML"), "nl", when=dt.date(2022, 3, 2)).name
'Military Forces of Mali (2021-)'
"""

from __future__ import annotations

import datetime as dt
import functools
import tomllib
from dataclasses import replace
from importlib import resources

from kroniek.gazetteer import normalize_name
from kroniek.model import Actor, Event

_PERIOD = "{period}"


def _text(*parts: str) -> str:
    return resources.files("kroniek").joinpath(*parts).read_text(encoding="utf-8")


def _rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@functools.cache
def _shared() -> dict[str, dict[str, object]]:
    return tomllib.loads(_text("data", "actor_names.toml"))


@functools.cache
def _countries() -> dict[str, tuple[str, str, str]]:
    """ISO2 -> (short name, adjective, name after "of"), from country_names.tsv."""
    found = {}
    for row in _rows(_text("data", "country_names.tsv")):
        iso, name, adjective, the_name = (*row, "", "", "")[:4]
        found[iso] = (name, adjective, the_name or name)
    return found


@functools.cache
def _kind_names() -> dict[str, tuple[str, str]]:
    """The actor stage's names of kinds: rendered name -> (kind, country), plus the bare names."""
    kinds = tomllib.loads(_text("data", "actor_kinds.toml"))
    wanted = _shared()["kinds"]
    found: dict[str, tuple[str, str]] = {}
    for key, kind in kinds.items():
        if key not in wanted:
            continue
        for iso, (name, adjective, the_name) in _countries().items():
            found[kind["named"].format(country=name, adj=adjective, the_country=the_name)] = (key, iso)
        found.setdefault(kind["name"], (key, ""))
    return found


@functools.cache
def _aliases(lang: str) -> dict[str, str]:
    """Normalised surface form -> canonical name for one language (empty for a language without a file)."""
    try:
        text = _text("lang", lang, "actor_names.tsv")
    except (FileNotFoundError, OSError):
        return {}
    return {normalize_name(alias): canonical for alias, canonical in _rows(text)}


def period(country: str | None, when: dt.date | None) -> str:
    """ACLED's government period for state actors of a country on a day: " (2021-)", or "".

    >>> period("IQ", dt.date(2020, 1, 1)), period("IQ", dt.date(2024, 1, 1)), period("IQ", None)
    (' (2018-2022)', ' (2022-)', '')
    """
    if not country or when is None:
        return ""
    label = ""
    periods = _shared()["periods"]
    assert isinstance(periods, dict)
    for start, name in periods.get(country, ()):
        if when >= dt.date.fromisoformat(start):
            label = f" ({name})"
    return label


def _fill(template: str, country: str | None, when: dt.date | None) -> str:
    if not country:  # "Protesters ({country})" without a country: "Protesters"
        template = template.replace(" ({country})", "")
    name, _, the_name = _countries().get(country or "", (country or "", "", country or ""))
    return template.format(country=name, the_country=the_name, period=period(country, when))


def canonical_actor(actor: Actor, lang: str, *, when: dt.date | None = None) -> Actor:
    """The actor under its canonical name; type and country unchanged. `when` is the event's date (for
    the government period of state forces); `lang` the language the actor was found in."""
    name = actor.name
    alias = _aliases(lang).get(normalize_name(name))
    if alias is not None:
        return replace(actor, name=_fill(alias, actor.country, when))
    groups = _shared()["groups"]
    assert isinstance(groups, dict)
    if name in groups:
        return replace(actor, name=_fill(groups[name], actor.country, when))
    kind = _kind_names().get(name)
    if kind is not None:
        key, country = kind
        country = country or actor.country or ""
        if not country:
            return actor
        kinds = _shared()["kinds"]
        assert isinstance(kinds, dict)
        return replace(actor, name=_fill(kinds[key], country, when))
    return actor


def canonical_event(event: Event, lang: str, *, when: dt.date | None = None) -> Event:
    """The event with both actors under their canonical names (the surface forms stay in provenance);
    `when` is the day for government periods (default: the event's first day)."""
    when = when or event.window.start
    a1 = canonical_actor(event.actor1, lang, when=when) if event.actor1 else None
    a2 = canonical_actor(event.actor2, lang, when=when) if event.actor2 else None
    if a1 == event.actor1 and a2 == event.actor2:
        return event
    return replace(event, actor1=a1, actor2=a2)
