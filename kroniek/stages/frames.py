"""Frames and clusters: trigger mentions with the facts of their sentence, and the groups of them that
tell of one event. `events` builds them; `typing` decides a cluster's ACLED type and actors from them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kroniek.model import (
    ActorMention,
    CountMention,
    DateMention,
    DateWindow,
    PlaceMention,
    Span,
    precision_of,
)
from kroniek.stages.event_sides import Sides
from kroniek.stages.triggers import Mention

KIND_RANK = {"city": 0, "district": 0, "admin1": 1, "country": 2}
# Which kind names a merged event: a protest that turned violent is a riot.
FAMILY_PRIORITY = ("riot", "protest", "arrest", "looting")
Days = tuple[tuple[dt.date, dt.date] | None, ...]  # per possible publication day: the days an event may be on


@dataclass(frozen=True, slots=True)
class EventType:
    event_type: str
    sub_event_type: str
    span: Span  # the trigger words that decided it


@dataclass(slots=True)
class Frame:
    """A trigger mention with the facts of its sentence."""

    mention: Mention
    family: str
    date: DateMention | None
    place: PlaceMention | None
    actors: list[ActorMention]
    agent: ActorMention | None = None  # who did what the trigger says, if the sentence tells
    counts: list[CountMention] = field(default_factory=list)
    listed: bool = False  # one of the frames of a trigger told of each town of a list
    told_again: bool = False  # its trigger follows a definite article or demonstrative ("the attack")
    earlier: bool = False  # its date is told as before the news ("bereits am Donnerstag")

    @property
    def sub(self) -> str:
        return self.mention.trigger.sub_event_type


@dataclass(slots=True)
class FrameTally:
    """What typing (`typing`) has read of a cluster's first `seen` frames: the learned detector's votes and
    the cues, kinds and figures of those frames, kept so that typing the cluster again after more frames join
    reads only the new ones (a cluster is typed again each time another joins it: reading every frame each
    time made typing quadratic in the frames of one event, issue 13)."""

    seen: int = 0
    last: Frame | None = None  # the last frame read: had the frames been replaced, it would not be there
    votes: dict[tuple[int, str], float] = field(default_factory=dict)  # (sentence, sub-type) -> its best
    by_type: dict[str, float] = field(default_factory=dict)
    by_sub: dict[str, float] = field(default_factory=dict)
    first_of_sub: dict[str, Frame] = field(default_factory=dict)  # "" for frames of no sub-type
    first_specific: Frame | None = None  # the first frame of a sub-type
    defused: bool = False  # a frame read tells of a bomb defused (its sentence's cues: fixed once read)
    learned: bool = False  # a frame read has a trigger of the learned detector
    near_cues: set[str] = field(default_factory=set)  # the cues beside the frames' triggers
    cues: set[str] = field(default_factory=set)  # those and the cues of the frames' sentences
    families: set[str] = field(default_factory=set)
    killed: bool = False  # a frame read has a figure of the killed above 0 (figures are given before typing)
    sides: Sides = field(default_factory=Sides)  # of the first `sides_seen` frames (`typing._sides_of`)
    sides_seen: int = 0


@dataclass(slots=True)
class Cluster:
    """Frames that tell of one event, and what they agree on."""

    frames: list[Frame]
    days: Days | None = None
    date_span: Span | None = None
    place: PlaceMention | None = None
    kind: EventType | None = None
    tally: FrameTally | None = None

    def add(self, frame: Frame, days: Days | None) -> None:
        self.frames.append(frame)
        if days is not None:
            if self.days is None:
                self.days, self.date_span = days, frame.date.span if frame.date else None
            else:
                self.days = intersect_days(self.days, days) if overlap_days(self.days, days) else self.days
        if frame.place and (self.place is None or place_rank(frame.place) < place_rank(self.place)):
            self.place = frame.place

    def absorb(self, other: Cluster) -> None:
        self.frames += other.frames
        if other.days is not None:
            self.days = other.days if self.days is None else intersect_days(self.days, other.days)
            self.date_span = self.date_span or other.date_span
        if other.place and (self.place is None or place_rank(other.place) < place_rank(self.place)):
            self.place = other.place

    @property
    def family(self) -> str:
        families = {f.family for f in self.frames}
        return next((f for f in FAMILY_PRIORITY if f in families), self.frames[0].family)

    @property
    def window(self) -> DateWindow | None:
        known = [d for d in self.days or () if d is not None]
        if not known:
            return None
        start, end = min(d[0] for d in known), max(d[1] for d in known)
        return DateWindow(start, end, precision_of(start, end))


def place_rank(place: PlaceMention) -> float:
    """Lower is better: a named town before a region before a country; a demonym last. A dateline says
    where the reporter is: a town or region the sentence itself names comes first, a bare country after."""
    penalty = {"demonym": 3.0, "dateline": 1.5}.get(place.kind, 0.0)
    return KIND_RANK.get(place.place.kind, 2) + penalty


def intersect_days(a: Days, b: Days) -> Days:
    out: list[tuple[dt.date, dt.date] | None] = []
    for x, y in zip(a, b, strict=True):
        if x is None or y is None:
            out.append(None)
            continue
        start, end = max(x[0], y[0]), min(x[1], y[1])
        out.append((start, end) if start <= end else None)
    return tuple(out)


DaySpan = tuple[int, int] | None  # the first and last day (ordinals) of any of an event's days; None: unknown


def day_span(days: Days | None) -> DaySpan:
    known = [d for d in days or () if d is not None]
    if not known:
        return None
    return min(d[0] for d in known).toordinal(), max(d[1] for d in known).toordinal()


def spans_apart(a: DaySpan, b: DaySpan) -> bool:
    """Days whose spans do not meet cannot overlap (`overlap_days`): a glance that passes over most pairs of
    events when an article tells thousands (issue 13)."""
    return a is not None and b is not None and (a[1] < b[0] or b[1] < a[0])


def overlap_days(a: Days, b: Days) -> bool:
    """Does `intersect_days(a, b)` leave any day? Asked of every pair of events when they are merged, so it
    stops at the first without building the intersection (issue 13)."""
    for x, y in zip(a, b, strict=True):
        if x is not None and y is not None and max(x[0], y[0]) <= min(x[1], y[1]):
            return True
    return False
