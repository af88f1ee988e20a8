"""Fusion's records: a report of an event, an incident fused from reports, and what names them (ids, the
families of event types that reports of one event may give it, the canonical order of reports).
`kroniek.fusion` groups reports, `kroniek.fusion_relations` says how two relate, `kroniek.fusion_fields`
reconciles an incident's fields.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from kroniek.model import Actor, DateWindow, Event, Location

# A report whose window is wider than this cannot be matched to one event: it stays on its own.
MAX_FUSABLE_DAYS = 62

_DATE_RANK = {"day": 0, "week": 1, "month": 2}
# The rule of the report an incident was built around (the most precise one).
FOUNDER = "founding report"

# Event types that reports of one event give it (ACLED's boundary cases): a march that one witness saw
# turn violent is a riot to another, and an attack on a village is a battle to the source that names
# the villagers' armed guards. Reports of such types fuse as evidence (a report prefers an incident of
# its own type); every other type only with itself.
FAMILIES: dict[str, str] = {
    "protests": "demonstrations",
    "riots": "demonstrations",
    "battles": "armed violence",
    "violence_against_civilians": "armed violence",
}


def family(event_type: str) -> str:
    """The group of event types one event may be given by different reports (itself for most)."""
    return FAMILIES.get(event_type, event_type)


def family_members(name: str) -> tuple[str, ...]:
    """The event types of a family (`family`'s result), sorted."""
    return tuple(sorted(t for t, f in FAMILIES.items() if f == name)) or (name,)


@dataclass(frozen=True, slots=True)
class Report:
    """One coded event as fusion sees it: the event, the article that reported it, and when.

    `reported` is the article's publication date (first day if only the month is known). The earliest
    report names the incident (`incident_id`), so an incident keeps its id when later coverage arrives.
    """

    event_id: str
    article_id: str
    reported: dt.date | None
    event: Event
    # Event types of the article's other events at this event's place and window: the article tells
    # those apart from this one, so this one does not stand for them in another incident.
    apart: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Relation:
    """Why two reports may be the same event, and how strongly (higher is more specific)."""

    place: str
    date: str
    actors: str
    score: int

    @property
    def rule(self) -> str:
        return f"{self.place}; {self.date}; {self.actors}"


@dataclass(frozen=True, slots=True)
class Member:
    """A report inside an incident and the rule that merged it (`FOUNDER` for the first)."""

    report: Report
    rule: str


@dataclass(frozen=True, slots=True)
class Decision:
    """What to do with a new report: join candidate `target` (an index), or start a new incident (None)."""

    target: int | None
    rule: str


@dataclass(frozen=True, slots=True)
class Range:
    """A reconciled count: the conservative value and the lowest and highest reported."""

    value: int | None
    low: int | None
    high: int | None


@dataclass(frozen=True, slots=True)
class Incident:
    """One real-world event, fused from its reports."""

    id: str
    event_type: str
    sub_event_type: str
    window: DateWindow
    location: Location
    actor1: Actor | None
    actor2: Actor | None
    fatalities: Range
    injuries: Range
    members: tuple[Member, ...]
    rules: tuple[str, ...]  # how each field was reconciled, in words

    @property
    def article_ids(self) -> tuple[str, ...]:
        return tuple(sorted({m.report.article_id for m in self.members}))


def incident_id_of(members: Sequence[Member]) -> str:
    """The id `fuse` gives the incident of these members (without fusing them)."""
    return incident_id(seed_report([m.report for m in members]).event_id)


def seed_report(reports: Sequence[Report]) -> Report:
    """The earliest report (it names the incident)."""
    return min(reports, key=lambda r: (r.reported or dt.date.max, r.event_id))


def incident_id(seed_event_id: str) -> str:
    """A stable incident id: 12 hex digits derived from the event id of its earliest report.

    >>> incident_id("e1")
    '5a4dce9e97ca'
    """
    return hashlib.sha1(f"incident\x1f{seed_event_id}".encode()).hexdigest()[:12]


def geo_level(loc: Location) -> int:
    """0 a point (town or part of one), 1 a first-order region, 2 only the country."""
    if loc.precision in (1, 2) or (loc.precision is None and loc.name and loc.lat is not None):
        return 0
    return 1 if loc.admin1 else 2


def canonical_key(report: Report) -> tuple[object, ...]:
    """Most precise first (day and town before month and country), then earliest reported, then id."""
    event = report.event
    date_rank, geo_rank = _DATE_RANK.get(event.window.precision, 3), geo_level(event.location)
    return (date_rank + geo_rank, date_rank, geo_rank, report.reported or dt.date.max, report.event_id)
