"""The shared actor data, whatever the language: what each kind of actor noun means
(`kroniek/data/actor_kinds.toml`), the named groups (`kroniek/data/groups.tsv`) and the countries' names
that actor names are made with (`kroniek/data/country_names.tsv`).

Split from `actors` (issue 12): the actor stage scans the text with these; the event stage and fusion ask
of an actor what kind it is.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from kroniek.lang import read_tsv
from kroniek.model import Actor

# The ACLED actor types that bear arms, and of those a state's own or a foreign army.
ARMED = frozenset(
    {"state_forces", "rebel_groups", "political_militias", "identity_militias", "external_forces"}
)
ARMIES = frozenset({"state_forces", "external_forces"})


@dataclass(frozen=True, slots=True)
class Kind:
    """What an actor noun means, whatever the language: see kroniek/data/actor_kinds.toml."""

    key: str
    type: str  # ACLED type; "" for nouns that only name members of a group
    name: str  # name without a country
    named: str  # name template with {adj}, {country}, {the_country}
    label: str = ""  # for crowds: the word after a group name ("Hezbollah supporters")
    group_only: bool = False


@dataclass(frozen=True, slots=True)
class Group:
    """A named group from kroniek/data/groups.tsv."""

    name: str
    type: str
    country: str | None

    def actor(self) -> Actor:
        return Actor(self.name, self.type, self.country)


def data_text(name: str) -> str:
    return (resources.files("kroniek") / "data" / name).read_text(encoding="utf-8")


@functools.cache
def kinds() -> dict[str, Kind]:
    raw = tomllib.loads(data_text("actor_kinds.toml"))
    return {
        key: Kind(key, v["type"], v["name"], v["named"], v.get("label", ""), v.get("group_only", False))
        for key, v in raw.items()
    }


@functools.cache
def kinds_by_name() -> dict[str, Kind]:
    return {kind.name: kind for kind in kinds().values() if kind.type}


def kind_of(actor: Actor) -> str | None:
    """The key of the kind whose name an actor bears ("Russian military", "Military Forces" -> "military"),
    or None (a named group).

    >>> kind_of(Actor("Government of Ukraine", "state_forces", "UA"))
    'government'
    >>> kind_of(Actor("Hamas", "rebel_groups", None)) is None
    True
    """
    return next((key for key, pattern in _kind_names() if pattern.fullmatch(actor.name)), None)


@functools.cache
def _kind_names() -> tuple[tuple[str, re.Pattern[str]], ...]:
    slot = re.compile(r"\\\{(?:adj|country|the_country)\\\}")
    return tuple(
        (kind.key, re.compile(f"{re.escape(kind.name)}|{slot.sub('.+', re.escape(kind.named))}"))
        for kind in kinds().values()
        if kind.type
    )


def is_unidentified(actor: Actor) -> bool:
    """Armed people no report identifies ("gunmen", "militants": an "Unidentified Armed Group")."""
    return actor.name.lower().startswith("unidentified")


def is_named_group(actor: Actor) -> bool:
    """Is this a named group (al-Shabaab, Hamas), not a kind of actor ("Police Forces", "Unidentified Armed
    Group", "Civilians (Somalia)")? Reports that name two different groups tell of different events; a
    group and a kind may be the same people seen from two sides.

    >>> is_named_group(Actor("Hamas", "rebel_groups", "PS"))
    True
    >>> is_named_group(Actor("Civilians", "civilians", None))
    False
    """
    return actor.name in group_names()


@functools.cache
def group_names() -> frozenset[str]:
    return frozenset(group.name for group, _ in group_table())


@functools.cache
def countries() -> dict[str, tuple[str, str, str]]:
    """ISO2 -> (short name, adjective, name after "of")."""
    rows = (((*row, "", "", "")[:4]) for row in read_tsv(data_text("country_names.tsv")))
    return {iso: (name, adjective, the_name or name) for iso, name, adjective, the_name in rows}


def render(kind: Kind, country: str) -> str:
    name, adjective, the_name = countries().get(country, (country, country, country))
    return kind.named.format(country=name, adj=adjective, the_country=the_name)


@functools.cache
def group_table() -> tuple[tuple[Group, tuple[str, ...]], ...]:
    rows = []
    for row in read_tsv(data_text("groups.tsv")):
        name, kind_type, country, aliases = (*row, "", "", "")[:4]
        group = Group(name, kind_type, country or None)
        rows.append((group, (name, *(a for a in aliases.split("|") if a))))
    return tuple(rows)
