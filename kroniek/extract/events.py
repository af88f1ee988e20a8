"""Stage: the events an article reports, with their attributes and evidence.

Reads: the filled `Doc` (sentences, dates, places, counts, actors) and the
trigger mentions of `kroniek.extract.triggers`. Contract:

    find_events(doc, lang) -> list[Event]

Each trigger mention becomes a frame that takes the date, place, actors and
casualty figures of its own sentence. Frames that tell of the same event
(the same kind, no clash of date or place) merge into one, the way a reader
knows that "de aanslag" three sentences on is the bombing of the first line.
The merged frames then decide the ACLED type from all their cue words and
actors (`kroniek.extract.typing`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kroniek.extract import dates as date_stage
from kroniek.extract.sentences import sentence_index
from kroniek.extract.triggers import Mention, find_mentions
from kroniek.extract.typing import decide_actors, decide_type
from kroniek.lang import LanguageData
from kroniek.lexicon import tokenize
from kroniek.model import (
    NOWHERE,
    ActorMention,
    CountMention,
    DateMention,
    DateWindow,
    Doc,
    Event,
    Location,
    PlaceMention,
    Span,
)

# An event dated this long before the article is history (a trial, an anniversary), not news.
HISTORY_DAYS = 31
# A casualty figure with no trigger in its sentence belongs to an event at most this many sentences back.
COUNT_REACH = 2
# Sentences at the top of an article (headline, lead) report its main event even with weak words.
LEAD_SENTENCES = 3
KIND_RANK = {"city": 0, "district": 0, "admin1": 1, "country": 2}
# Kinds of trigger that can tell of one event: arrests and arson during a riot belong to the riot.
FAMILY_GROUP = {"protest": "unrest", "riot": "unrest", "arrest": "unrest", "looting": "unrest"}
# Which kind names a merged event: a protest that turned violent is a riot.
FAMILY_PRIORITY = ("riot", "protest", "arrest", "looting")


@dataclass(slots=True)
class Frame:
    """A trigger mention with the facts of its sentence."""

    mention: Mention
    family: str
    date: DateMention | None
    place: PlaceMention | None
    actors: list[ActorMention]
    counts: list[CountMention] = field(default_factory=list)

    @property
    def sub(self) -> str:
        return self.mention.trigger.sub_event_type


@dataclass(slots=True)
class Cluster:
    """Frames that tell of one event."""

    frames: list[Frame]
    window: DateWindow | None = None
    window_span: Span | None = None
    place: PlaceMention | None = None

    def add(self, frame: Frame) -> None:
        self.frames.append(frame)
        if frame.date:
            if self.window is None:
                self.window, self.window_span = frame.date.window, frame.date.span
            else:
                narrowed = self.window.intersect(frame.date.window)
                if narrowed:
                    self.window = narrowed
        if frame.place and (self.place is None or _rank(frame.place) < _rank(self.place)):
            self.place = frame.place

    @property
    def family(self) -> str:
        families = {f.family for f in self.frames}
        return next((f for f in FAMILY_PRIORITY if f in families), self.frames[0].family)


def find_events(doc: Doc, lang: LanguageData) -> list[Event]:
    """The events `doc` reports, in the order the article first mentions them."""
    text = doc.text
    tokens = tokenize(text)
    blocked = tuple((d.span.start, d.span.end) for d in doc.dates)
    scan = find_mentions(text, tokens, doc.sentences, lang, blocked)
    if not scan.mentions:
        return []
    subgroup_sentences = {sentence_index(doc.sentences, h.start) for h in scan.hits if h.tag == "subgroup"}
    frames = _frames(doc, scan.mentions)
    _attach_counts(doc, frames, subgroup_sentences)
    clusters = _merge(frames)
    default_place = _default_place(doc)
    events = [_event(doc, cluster, default_place) for cluster in clusters if _reported(cluster)]
    return _merge_events([e for e in events if e is not None])


def _frames(doc: Doc, mentions: list[Mention]) -> list[Frame]:
    dates, places, actors = _group(doc, doc.dates), _group(doc, doc.places), _group(doc, doc.actors)
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    doc_start = doc.doc_date.value if doc.doc_date else None
    frames = []
    for mention in mentions:
        neighbours = by_sentence[mention.sentence]
        date = _nearest(_owned(dates.get(mention.sentence, []), mention, neighbours), mention.span.start)
        if date is None and mention.background:
            continue  # "al maanden protesten": a summary of the past, not an event
        if date and doc_start and (doc_start - date.window.end).days > HISTORY_DAYS:
            continue
        family = mention.trigger.family
        if family == "protest" and "riot" in mention.cues and "peaceful" not in mention.cues:
            family = "riot"  # the crowd itself turned violent: stones, fire, storming
        own_places = _owned(places.get(mention.sentence, []), mention, neighbours)
        place = _best_place(own_places, mention.span.start)
        frames.append(Frame(mention, family, date, place, actors.get(mention.sentence, [])))
    return frames


def _owned(items: list, mention: Mention, neighbours: list[Mention]) -> list:
    """The dates or places of a sentence that belong to this trigger: those that no trigger of another kind
    stands closer to ("de rellen na de luchtaanvallen van zondag": Sunday is the air strikes' day)."""
    group = FAMILY_GROUP.get(mention.trigger.family, mention.trigger.family)
    others = [m for m in neighbours if FAMILY_GROUP.get(m.trigger.family, m.trigger.family) != group]
    owned = []
    for item in items:
        distance = abs(item.span.start - mention.span.start)
        if all(abs(item.span.start - other.span.start) >= distance for other in others):
            owned.append(item)
    return owned


def _group(doc: Doc, items: list) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for item in items:
        grouped.setdefault(sentence_index(doc.sentences, item.span.start), []).append(item)
    return grouped


def _nearest(items: list[DateMention], offset: int) -> DateMention | None:
    return min(items, key=lambda d: abs(d.span.start - offset), default=None)


def _rank(place: PlaceMention) -> tuple[int, int]:
    """Lower is better: a named town before a region before a country; a demonym last."""
    return (KIND_RANK.get(place.place.kind, 2) + (3 if place.kind == "demonym" else 0), 0)


def _best_place(places: list[PlaceMention], offset: int) -> PlaceMention | None:
    named = [p for p in places if p.kind != "demonym"] or places
    return min(named, key=lambda p: (_rank(p), abs(p.span.start - offset)), default=None)


def _attach_counts(doc: Doc, frames: list[Frame], subgroup_sentences: set[int]) -> None:
    """Give each casualty figure to the event it reports: the nearest trigger in its sentence, else the
    last one in the sentences just before it."""
    violent = [f for f in frames if f.family in ("violence", "protest", "riot")]
    for count in doc.counts:
        index = sentence_index(doc.sentences, count.span.start)
        if index in subgroup_sentences:
            continue  # "onder de doden zes kinderen": part of a figure already given
        same = [f for f in violent if f.mention.sentence == index]
        if same:
            target = min(same, key=lambda f: abs(f.mention.span.start - count.span.start))
        else:
            before = [f for f in violent if index - COUNT_REACH <= f.mention.sentence < index]
            if not before or before[-1].mention.background:
                continue
            target = before[-1]
        target.counts.append(count)


def _merge(frames: list[Frame]) -> list[Cluster]:
    clusters: list[Cluster] = []
    for frame in frames:
        home = next((c for c in reversed(clusters) if _fits(c, frame)), None)
        if home is None:
            home = Cluster([])
            clusters.append(home)
        home.add(frame)
    return clusters


def _fits(cluster: Cluster, frame: Frame) -> bool:
    """Can `frame` tell of the same event as `cluster`? The same kind, no clash of type, date or place."""
    group = FAMILY_GROUP.get(frame.family, frame.family)
    if FAMILY_GROUP.get(cluster.family, cluster.family) != group:
        return False
    if {cluster.family, frame.family} == {"protest", "riot"}:
        # A protest told apart from the riot (peaceful, or broken up by police) is an event of its own.
        protests = [f for f in [*cluster.frames, frame] if f.family == "protest"]
        if any(f.mention.cues & {"peaceful", "intervention"} for f in protests):
            return False
    subs = {f.sub for f in cluster.frames if f.sub}
    if frame.sub and subs and not ({frame.sub} | subs) <= _COMPATIBLE.get(frame.sub, {frame.sub}):
        return False
    if frame.date and cluster.window and not frame.date.window.overlaps(cluster.window):
        return False
    return not (frame.place and cluster.place and not _same_area(frame.place, cluster.place))


# When two reports of one event differ in sub-type, the graver one holds: the protest was broken up, the
# bomber died with the bomb.
SEVERITY = {
    "peaceful_protest": 0,
    "protest_with_intervention": 1,
    "excessive_force_against_protesters": 2,
    "remote_explosive_landmine_ied": 0,
    "suicide_bomb": 1,
}
# Sub-event types one event may be told as: a car bomb driven by a suicide attacker.
_EXPLOSIVES = {"suicide_bomb", "remote_explosive_landmine_ied"}
_COMPATIBLE = {"suicide_bomb": _EXPLOSIVES, "remote_explosive_landmine_ied": _EXPLOSIVES}


def _same_area(a: PlaceMention, b: PlaceMention) -> bool:
    """The same place, or one inside the other (a town and its province or country)."""
    pa, pb = a.place, b.place
    if pa.country != pb.country:
        return False
    if pa == pb or (pa.geonames_id is not None and pa.geonames_id == pb.geonames_id):
        return True
    if "country" in (pa.kind, pb.kind):
        return True
    if pa.kind == "admin1" or pb.kind == "admin1":
        return pa.admin1 == pb.admin1
    return pa.name == pb.name


def _reported(cluster: Cluster) -> bool:
    """Weak trigger words alone ("aanval", "attack") need support: a date, a figure, a place or the lead."""
    for frame in cluster.frames:
        if frame.mention.trigger.strength >= 1.0 or frame.date or frame.counts:
            return True
        if frame.mention.sentence < LEAD_SENTENCES:
            return True
    return any(frame.place and frame.place.place.kind != "country" for frame in cluster.frames)


def _default_place(doc: Doc) -> PlaceMention | None:
    """Where the article's events happen when a sentence does not say: its dateline, else the country it
    names most (with the town it names first in that country, if it names one in its lead)."""
    for mention in doc.places:
        if mention.kind == "dateline":
            return mention
    named = [p for p in doc.places if p.kind != "demonym"] or doc.places
    if not named:
        return None
    tally: dict[str, int] = {}
    for mention in named:
        tally[mention.place.country] = tally.get(mention.place.country, 0) + 1
    country = max(tally, key=lambda c: (tally[c], -_first_offset(named, c)))
    in_country = [p for p in named if p.place.country == country]
    return min(in_country, key=lambda p: (KIND_RANK.get(p.place.kind, 2), p.span.start))


def _first_offset(places: list[PlaceMention], country: str) -> int:
    return min(p.span.start for p in places if p.place.country == country)


def _event(doc: Doc, cluster: Cluster, default_place: PlaceMention | None) -> Event | None:
    place_mention = cluster.place or default_place
    event_type, sub_event_type, type_span = decide_type(cluster)
    location = _location(place_mention, from_default=cluster.place is None)
    actor1, actor2, actor_spans = decide_actors(cluster, event_type, sub_event_type, location.country)
    window = cluster.window or date_stage.undated_window(doc.doc_date)
    if window is None:
        return None
    fatalities, fatality_span = _figure(cluster, "killed")
    injuries, injury_span = _figure(cluster, "injured")
    provenance: list[tuple[str, Span]] = [("event_type", type_span)]
    if cluster.window_span:
        provenance.append(("date", cluster.window_span))
    if place_mention:
        provenance.append(("location", place_mention.span))
    provenance += actor_spans
    if fatality_span:
        provenance.append(("fatalities", fatality_span))
    if injury_span:
        provenance.append(("injuries", injury_span))
    return Event(
        event_type=event_type,
        sub_event_type=sub_event_type,
        window=window,
        location=location,
        actor1=actor1,
        actor2=actor2,
        fatalities=fatalities,
        injuries=injuries,
        evidence=_evidence(doc, cluster),
        confidence=_confidence(cluster),
        provenance=tuple(provenance),
    )


def _location(mention: PlaceMention | None, from_default: bool) -> Location:
    if mention is None:
        return NOWHERE
    place = mention.place
    if place.kind == "country" or (mention.kind == "demonym"):
        return Location(None, None, place.country, place.lat, place.lon, place.geonames_id, 3)
    precision = {"city": 1, "district": 2, "admin1": 3}.get(place.kind, 3)
    if from_default and precision == 1:
        precision = 2  # the article's main town, not named for this event: near it, at best
    return Location(
        place.name, place.admin1, place.country, place.lat, place.lon, place.geonames_id, precision
    )


def _figure(cluster: Cluster, kind: str) -> tuple[int | None, Span | None]:
    """The event's figure: figures in one sentence add up (three police and seven protesters), and of the
    sentences that give one, the lowest counts (the most conservative report)."""
    per_sentence: dict[int, list[CountMention]] = {}
    for frame in cluster.frames:
        for count in frame.counts:
            if count.kind == kind:
                per_sentence.setdefault(frame.mention.sentence, []).append(count)
    if not per_sentence:
        return None, None
    totals = []
    for counts in per_sentence.values():
        unique = {(c.span.start, c.span.end): c for c in counts}.values()
        totals.append((sum(c.value for c in unique), min(unique, key=lambda c: c.span.start).span))
    return min(totals, key=lambda t: t[0])


def _evidence(doc: Doc, cluster: Cluster, limit: int = 3) -> tuple[Span, ...]:
    seen: list[int] = []
    for frame in cluster.frames:
        if frame.mention.sentence not in seen:
            seen.append(frame.mention.sentence)
    spans = []
    for index in seen[:limit]:
        sentence = doc.sentences[index]
        words = doc.text[sentence.start : sentence.end]
        spans.append(Span(sentence.start, sentence.end, words, rule="sentence"))
    return tuple(spans)


def _confidence(cluster: Cluster) -> float:
    score = 0.3 + 0.1 * min(len(cluster.frames), 3)
    score += 0.15 if cluster.window else 0.0
    score += 0.1 if cluster.place else 0.0
    score += 0.1 if any(f.counts for f in cluster.frames) else 0.0
    return min(score, 0.95)


def _merge_events(events: list[Event]) -> list[Event]:
    """Merge events that, once typed, turn out to be one: the same type, date window and place."""
    merged: list[Event] = []
    for event in events:
        twin = next((m for m in merged if _same_event(m, event)), None)
        if twin is None:
            merged.append(event)
            continue
        merged[merged.index(twin)] = _combine(twin, event)
    return merged


def _same_event(a: Event, b: Event) -> bool:
    if a.event_type != b.event_type or a.location.country != b.location.country:
        return False
    if not a.window.overlaps(b.window):
        return False
    if a.window.precision == "day" and b.window.precision == "day" and a.window.start != b.window.start:
        return False
    names = {a.location.name, b.location.name} - {None}
    return len(names) <= 1


def _combine(a: Event, b: Event) -> Event:
    window = a.window.intersect(b.window) or a.window
    location = a.location if (a.location.precision or 9) <= (b.location.precision or 9) else b.location
    sub_event_type = max(a.sub_event_type, b.sub_event_type, key=lambda s: SEVERITY.get(s, 0))
    return Event(
        event_type=a.event_type,
        sub_event_type=sub_event_type,
        window=window,
        location=location,
        actor1=a.actor1 or b.actor1,
        actor2=a.actor2 or b.actor2,
        fatalities=_lowest(a.fatalities, b.fatalities),
        injuries=_lowest(a.injuries, b.injuries),
        evidence=(a.evidence + tuple(s for s in b.evidence if s not in a.evidence))[:3],
        confidence=max(a.confidence, b.confidence),
        provenance=a.provenance + tuple(p for p in b.provenance if p[0] not in dict(a.provenance)),
    )


def _lowest(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else min(a, b)

