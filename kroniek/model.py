"""The data model: plain frozen dataclasses that cross every boundary.

Every value the extractor reports carries the `Span` of text it came from, so
that the evaluation, the database and the web page can all show evidence.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Precision = Literal["day", "week", "month"]
PlaceKind = Literal["city", "district", "admin1", "country"]
MentionKind = Literal["name", "demonym", "dateline"]  # how a place is mentioned

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "battles": ("armed_clash", "government_regains_territory", "non_state_actor_overtakes_territory"),
    "explosions_remote_violence": (
        "chemical_weapon",
        "air_drone_strike",
        "suicide_bomb",
        "shelling_artillery_missile_attack",
        "remote_explosive_landmine_ied",
        "grenade",
    ),
    "violence_against_civilians": ("sexual_violence", "attack", "abduction_forced_disappearance"),
    "protests": ("peaceful_protest", "protest_with_intervention", "excessive_force_against_protesters"),
    "riots": ("violent_demonstration", "mob_violence"),
    "strategic_developments": (
        "agreement",
        "arrests",
        "change_to_group_activity",
        "disrupted_weapons_use",
        "headquarters_or_base_established",
        "looting_property_destruction",
        "non_violent_transfer_of_territory",
        "other",
    ),
}
SUB_EVENT_TYPES: dict[str, str] = {sub: main for main, subs in EVENT_TYPES.items() for sub in subs}

ACTOR_TYPES: tuple[str, ...] = (
    "state_forces",
    "rebel_groups",
    "political_militias",
    "identity_militias",
    "rioters",
    "protesters",
    "civilians",
    "external_forces",
)


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the original text: `text[start:end]`, and the rule that picked it."""

    start: int
    end: int
    text: str
    rule: str = ""

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"start": self.start, "end": self.end, "text": self.text}
        if self.rule:
            out["rule"] = self.rule
        return out


@dataclass(frozen=True, slots=True)
class DocDate:
    """When an article was published, as precisely as anything says.

    `value` is the first day of what is known: 2020-01-01 for a header `date 2020-01`.
    """

    value: dt.date
    precision: Literal["day", "month"]
    source: str  # header | field | url | text
    span: Span | None = None  # where in the text (header or text line), if it came from the text

    @classmethod
    def parse(cls, value: str | dt.date, source: str) -> DocDate:
        """From a date or an ISO string of day ("2019-12-31", "2019-12-31T08:00Z") or month ("2020-01").

        >>> DocDate.parse("2020-01", "field").precision
        'month'
        """
        if isinstance(value, dt.date):
            return cls(value, "day", source)
        text = value.strip()
        if len(text) == 7:
            return cls(dt.date.fromisoformat(text + "-01"), "month", source)
        return cls(dt.date.fromisoformat(text[:10]), "day", source)

    @property
    def last_day(self) -> dt.date:
        if self.precision == "day":
            return self.value
        return month_end(self.value)

    def iso(self) -> str:
        return self.value.isoformat() if self.precision == "day" else self.value.isoformat()[:7]


@dataclass(frozen=True, slots=True)
class DateWindow:
    """The days an event may have happened on: `start`..`end` inclusive.

    `precision` says how narrow the window is (ACLED's time_precision 1/2/3).
    `date` is the first day of the window (the codebook's rule for imprecise dates), except that a window of
    about a month names the month it ends in.
    """

    start: dt.date
    end: dt.date
    precision: Precision

    @property
    def date(self) -> dt.date:
        """A month-precise date names a month: an undated event of an article headed "date 2024-07" lies
        in 2024-06-24..2024-07-31 (reported in July, perhaps of the last days of June), which is "July 2024",
        2024-07-01, as coders write it, not "2024-06-24, month" (read: June). A longer window (the years an
        undated article names) keeps its first day."""
        if self.precision == "month" and (self.end - self.start).days < MONTH_NAMED_WITHIN:
            return self.end.replace(day=1)
        return self.start

    def overlaps(self, other: DateWindow) -> bool:
        return self.start <= other.end and other.start <= self.end

    def intersect(self, other: DateWindow) -> DateWindow | None:
        start, end = max(self.start, other.start), min(self.end, other.end)
        if start > end:
            return None
        return DateWindow(start, end, precision_of(start, end))


# Days a month-precise window may span and still name one month by its `date` (a month and its last week
# before: 31 + 7 days).
MONTH_NAMED_WITHIN = 38


def precision_of(start: dt.date, end: dt.date) -> Precision:
    """The precision a window of these bounds deserves."""
    days = (end - start).days + 1
    if days <= 1:
        return "day"
    if days <= 7:
        return "week"
    return "month"


def month_end(day: dt.date) -> dt.date:
    nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry: a town, a district, a province or a country."""

    geonames_id: int | None
    name: str  # English / GeoNames name
    country: str  # ISO 3166-1 alpha-2
    admin1: str | None
    lat: float | None
    lon: float | None
    kind: PlaceKind
    population: int = 0


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened; `precision` is ACLED's geo_precision.

    1: the town itself, 2: part of or near a town, a district, 3: a region or only the country.
    """

    name: str | None
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    geonames_id: int | None
    precision: int | None

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "admin1": self.admin1,
            "country": self.country,
            "lat": self.lat,
            "lon": self.lon,
            "geonames_id": self.geonames_id,
            "precision": self.precision,
        }


NOWHERE = Location(None, None, None, None, None, None, None)


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    type: str  # one of ACTOR_TYPES
    country: str | None

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "type": self.type, "country": self.country}


@dataclass(frozen=True, slots=True)
class Event:
    """One event an article reports, coded the ACLED way, with its evidence."""

    event_type: str
    sub_event_type: str
    window: DateWindow
    location: Location
    actor1: Actor | None
    actor2: Actor | None
    fatalities: int | None
    injuries: int | None
    evidence: tuple[Span, ...]
    confidence: float
    # field name -> the words it came from (date, location, fatalities, injuries, actor1, actor2, event_type)
    provenance: tuple[tuple[str, Span], ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "date": self.window.date.isoformat(),
            "date_precision": self.window.precision,
            "date_start": self.window.start.isoformat(),
            "date_end": self.window.end.isoformat(),
            "location": self.location.to_dict(),
            "actor1": self.actor1.to_dict() if self.actor1 else None,
            "actor2": self.actor2.to_dict() if self.actor2 else None,
            "fatalities": self.fatalities,
            "injuries": self.injuries,
            "evidence": [span.to_dict() for span in self.evidence],
            "confidence": round(self.confidence, 3),
            "provenance": {name: span.to_dict() for name, span in self.provenance},
        }


@dataclass(frozen=True, slots=True)
class Article:
    """An article as read from input, before extraction."""

    id: str
    text: str
    url: str | None = None
    date: DocDate | None = None  # from a header line or a `date` field; the URL and text are tried later
    lang: str | None = None  # a language given with the input; detected when None
    source: str = ""  # where it was read: "path" or "path:line"


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """What the extractor found in one article."""

    id: str
    lang: str
    doc_date: DocDate | None
    events: tuple[Event, ...]
    url: str | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "lang": self.lang,
            "doc_date": self.doc_date.iso() if self.doc_date else None,
            "doc_date_precision": self.doc_date.precision if self.doc_date else None,
            "events": [event.to_dict() for event in self.events],
        }


@dataclass(frozen=True, slots=True)
class InputError:
    """An input that could not be read: where, and why, in words a user can act on."""

    source: str  # "path" or "path:line"
    message: str


@dataclass(slots=True)
class Sentence:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in the text and the window it resolves to.

    When only the publication month is known, a day phrase ("dinsdag", "gisteren") means a different day for
    each possible publication day: `by_day` holds those days in order (empty when the phrase does not depend
    on the publication day, or the publication day is known). Two such phrases name the same day only if they
    agree for some publication day: "vandaag" and "vorige week zaterdag" never do.
    """

    span: Span
    window: DateWindow
    by_day: tuple[dt.date | None, ...] = ()


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A named place (or a demonym / dateline pointing at one) in the text."""

    span: Span
    place: Place
    kind: MentionKind = "name"


@dataclass(frozen=True, slots=True)
class CountMention:
    """A number of people killed or injured, as the text reports it."""

    span: Span  # the number and its noun/verb: "zeker 25 militieleden om het leven"
    kind: Literal["killed", "injured"]
    value: int
    number_span: Span | None = None  # just the number words/digits


@dataclass(frozen=True, slots=True)
class ActorMention:
    span: Span
    actor: Actor


@dataclass(slots=True)
class Doc:
    """The working state of one article inside the pipeline; each stage fills one field."""

    article: Article
    lang: str = ""
    doc_date: DocDate | None = None
    sentences: list[Sentence] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    places: list[PlaceMention] = field(default_factory=list)
    counts: list[CountMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.article.text

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence holding `offset` (or the last one starting before it)."""
        return max(bisect.bisect_right(self.sentence_starts(), offset) - 1, 0)

    def sentence_starts(self) -> list[int]:
        """Where each sentence starts, in order (for `kroniek.stages.sentences.sentence_of`)."""
        if len(self._starts) != len(self.sentences):
            self._starts = [s.start for s in self.sentences]
        return self._starts
