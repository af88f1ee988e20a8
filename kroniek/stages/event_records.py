"""The event record: an event's type, date, location, actors, figures, evidence and confidence, from
its group of frames.

Split from `events` (issue 12).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from kroniek.model import (
    NOWHERE,
    Actor,
    ActorMention,
    CountMention,
    DateWindow,
    Doc,
    Event,
    Location,
    PlaceMention,
    Span,
)
from kroniek.stages import dates as date_stage
from kroniek.stages.actor_kinds import is_unidentified, kind_of
from kroniek.stages.actors import resolve_actor
from kroniek.stages.docdate import year_window
from kroniek.stages.event_agents import counted
from kroniek.stages.event_context import Context, preceded_by
from kroniek.stages.event_frames import sentence_dates
from kroniek.stages.frames import Cluster
from kroniek.stages.places import location_of
from kroniek.stages.typing import decide_actors, decide_type

# An undated event takes a day named in the sentences around it only if the day is this recent.
NEARBY_DAYS = 7


def build_event(
    doc: Doc, cluster: Cluster, default_place: PlaceMention | None, context: Context
) -> Event | None:
    kind = cluster.kind or decide_type(cluster)
    place_mention = cluster.place or default_place
    # Near a town ("near the town of Kajuru"), or the article's town not named for this event: precision 2.
    near_words = context.words.near_words
    near = place_mention is not None and preceded_by(doc, place_mention.span.start, near_words, 5)
    location = _location(place_mention, near=cluster.place is None or near)
    if location.name and location.admin1 is None and location.geonames_id is None:
        region = next(
            (f.place.place for f in cluster.frames if f.place and f.place.place.kind == "admin1"), None
        )
        if region is not None and region.country == location.country:
            location = replace(location, admin1=region.admin1)
    actor1, actor2, actor_spans = decide_actors(
        cluster, kind.event_type, kind.sub_event_type, location.country
    )
    if _perpetrator_unnamed(actor1, kind.event_type, kind.sub_event_type):
        group = article_group(doc, context)
        if group is not None and (actor2 is None or actor2.name != group.actor.name):
            actor1 = resolve_actor(group.actor, location.country)
            actor_spans = [(name, span) for name, span in actor_spans if name != "actor1"]
            actor_spans.append(("actor1", group.span))
    if actor1 is None and kind.sub_event_type in _ARMY_WEAPONS:
        army = article_army(doc, context)
        if army is not None and (actor2 is None or actor2.name != army.actor.name):
            actor1 = resolve_actor(army.actor, location.country)
            actor_spans.append(("actor1", army.span))
    window = _window(doc, cluster, context)
    if window is None:
        return None
    fatalities, fatality_span = _figure(cluster, "killed")
    injuries, injury_span = _figure(cluster, "injured")
    provenance: list[tuple[str, Span]] = [("event_type", kind.span)]
    if cluster.date_span:
        provenance.append(("date", cluster.date_span))
    if place_mention:
        provenance.append(("location", place_mention.span))
    provenance += actor_spans
    if fatality_span:
        provenance.append(("fatalities", fatality_span))
    if injury_span:
        provenance.append(("injuries", injury_span))
    return Event(
        event_type=kind.event_type,
        sub_event_type=kind.sub_event_type,
        window=window,
        location=location,
        actor1=actor1,
        actor2=actor2,
        fatalities=fatalities,
        injuries=injuries,
        evidence=_evidence(doc, cluster, context),
        confidence=_confidence(cluster),
        provenance=tuple(provenance),
    )


@dataclass(frozen=True, slots=True)
class RuleEvent:
    """An event the trigger rules found, as the learned detector reads it (`sentence_features`): `build_event`
    less what the detector does not read (where, who, how many), which cost as much again as finding the
    events of a dense 1 MB article (issue 13)."""

    event_type: str
    sub_event_type: str
    evidence: tuple[Span, ...]


def rule_event(doc: Doc, cluster: Cluster, context: Context) -> RuleEvent | None:
    """`build_event`'s type and evidence, and None where it gives None."""
    # (A cluster with a known day has a window: the rules' pass asks only whether there is one, and makes
    # none, a Python object, for each of its events.)
    known = cluster.days is not None and any(d is not None for d in cluster.days)
    if not known and _window(doc, cluster, context) is None:
        return None
    kind = cluster.kind or decide_type(cluster)
    return RuleEvent(kind.event_type, kind.sub_event_type, _evidence(doc, cluster, context))


def _window(doc: Doc, cluster: Cluster, context: Context) -> DateWindow | None:
    window = cluster.window or _nearby_date(doc, cluster, context) or date_stage.undated_window(doc.doc_date)
    if window is None:
        # Neither the event nor the article is dated: the years the article speaks of bound it.
        memo = context.memo
        if not memo.years_read:
            memo.years, memo.years_read = year_window(doc.text, doc.article.url), True
        years = memo.years
        if years is None:
            return None
        window = DateWindow(years[0], years[1], "month")
    return window


def _nearby_date(doc: Doc, cluster: Cluster, context: Context) -> DateWindow | None:
    """The day of an event its own sentences do not date, from the sentences right after its first one, or
    the one before: a report opens with what happened and tells when in the next lines ("Rebellen hebben
    zeker tien dorpelingen gedood. De aanval vond zondagavond plaats."). Only a day of the week up to the
    publication day: an older date there is history, not this event's day. The mentions were already merged
    without it, so the day only dates the event, it joins or splits nothing."""
    if doc.doc_date is None or doc.doc_date.precision != "day" or not cluster.frames:
        return None
    first = min(f.mention.sentence for f in cluster.frames)
    last = doc.doc_date.value
    # Each sentence's dates as evidence (`event_date`), not every date of the article read for every event.
    dated = sentence_dates(doc, context)
    for index in (first + 1, first + 2, first - 1):
        for date in dated.get(index, []):
            if date.window.precision != "day":
                continue
            if 0 <= (last - date.window.start).days < NEARBY_DAYS:
                return date.window
    return None


# Violence whose sentences name no perpetrator, or none by name ("gunmen", "militants"), and which an armed
# group can have done: not an air strike or shelling, which armies do.
_GROUP_VIOLENCE = frozenset({"battles", "violence_against_civilians", "explosions_remote_violence"})
_ARMY_WEAPONS = frozenset({"air_drone_strike", "shelling_artillery_missile_attack", "chemical_weapon"})
_NON_STATE = frozenset({"rebel_groups", "political_militias", "identity_militias"})
# The kinds of actor (`actor_kinds`) that fly aircraft and fire artillery.
_WAR_KINDS = frozenset({"military", "coalition"})


def _perpetrator_unnamed(actor: Actor | None, event_type: str, sub_event_type: str) -> bool:
    if event_type not in _GROUP_VIOLENCE or sub_event_type in _ARMY_WEAPONS:
        return False
    return actor is None or is_unidentified(actor)


def article_group(doc: Doc, context: Context) -> ActorMention | None:
    """The non-state armed group the article names by name, when it names exactly one ("Al-Shabaab has
    claimed the attack"): who did what its sentences tell without saying who. The coders code it so (5-fold
    CV on train/: actor 1 of matched events 0.694 -> 0.726; dev 0.839 -> 0.875). An article that names no
    group by name but one kind of armed group ("militants", "jihadists") gives that kind (0.723 -> 0.726,
    folds of another hash unchanged; dev 0.875 -> 0.893)."""
    memo = context.memo
    if not memo.group_read:
        groups = [a for a in doc.actors if "group" in a.span.rule and a.actor.type in _NON_STATE]
        if not groups:
            groups = [a for a in doc.actors if a.actor.type in _NON_STATE and not is_unidentified(a.actor)]
        memo.group = _only_one(groups)
        memo.group_read = True
    return memo.group


def article_army(doc: Doc, context: Context) -> ActorMention | None:
    """The army or coalition the article names, when it names just one ("Russian forces"; not the
    authorities or police that report): whose aircraft, guns and missiles its sentences of air strikes and
    shelling tell of without saying whose
    (5-fold CV on train/: actor 1 of matched events 0.731 -> 0.738; folds of another hash 0.737 -> 0.744;
    dev unchanged. Any state forces, the reporting authorities included: 0.736 / 0.741)."""
    memo = context.memo
    if not memo.army_read:
        memo.army = _only_one([a for a in doc.actors if kind_of(a.actor) in _WAR_KINDS])
        memo.army_read = True
    return memo.army


def _only_one(actors: list[ActorMention]) -> ActorMention | None:
    """The first of `actors` if they all bear one name, else None."""
    return actors[0] if len({a.actor.name for a in actors}) == 1 else None


def _location(mention: PlaceMention | None, near: bool) -> Location:
    """Where the event happened, as the codebook's coders write it: a region (precision 3) is its `admin1`
    and no location name (73 of the 74 region- or country-level core events of `train/`); a town that the
    text names by the short form of the gazetteer's name ("Cali" for "Santiago de Cali", "Oaxaca" for
    "Oaxaca City") by that short form, which is the one in use (5 matched events of the 5-fold CV on train/
    that named the town otherwise, none lost; dev unchanged)."""
    if mention is None:
        return NOWHERE
    if mention.kind == "demonym":
        place = mention.place
        return Location(None, None, place.country, place.lat, place.lon, place.geonames_id, 3)
    location = location_of(mention.place)
    if location.name and mention.span.rule == "gazetteer" and _short_form(mention.span.text, location.name):
        location = replace(location, name=mention.span.text)
    return replace(location, precision=2) if near and location.precision == 1 else location


def _short_form(written: str, name: str) -> bool:
    """Is `written` some of the words of `name`, capitalised as a name and not in capitals (a dateline's
    "CALI")?"""
    if written == name or not written[:1].isupper() or written.isupper():
        return False
    at = name.find(written)
    if at < 0:
        return False
    end = at + len(written)
    return (at == 0 or not name[at - 1].isalnum()) and (end == len(name) or not name[end].isalnum())


def _figure(cluster: Cluster, kind: str) -> tuple[int | None, Span | None]:
    """The event's figure. Figures in one sentence add up ("drie agenten en zeven betogers"). Of sentences
    that give one, the lowest counts (the most conservative report of the same toll), unless each counts a
    different side ("six soldiers" ... "seven attackers"), which add up. A lone person ("a guard was
    wounded") counts only when no sentence gives a number (5-fold CV on train/: fatalities of matched events
    0.739 -> 0.746). A vague amount ("zahlreiche Tote", "dozens wounded", "des dizaines de blessés") gives
    none: the codebook's figure is an explicit number, and train/'s coders left 12 of 14 such tolls null
    (fatalities 0.754 -> 0.765, injuries 0.828 -> 0.848; dev injuries 0.946 -> 0.982)."""
    per_sentence: dict[int, list[CountMention]] = {}
    people: list[CountMention] = []
    actors: dict[int, list[ActorMention]] = {}
    for frame in cluster.frames:
        actors.setdefault(frame.mention.sentence, frame.actors)
        for count in frame.counts:
            if count.kind != kind:
                continue
            if count.span.rule == "several":
                continue  # "dozens killed", "plusieurs blessés": no explicit figure (the codebook's null)
            if count.span.rule == "person":
                people.append(count)
            else:
                per_sentence.setdefault(frame.mention.sentence, []).append(count)
    if not per_sentence and people:
        per_sentence = {0: people[:1]}
    if not per_sentence:
        return None, None
    totals, sides = [], []
    for index, counts in per_sentence.items():
        unique = list({(c.span.start, c.span.end): c for c in counts}.values())
        totals.append((sum(c.value for c in unique), min(unique, key=lambda c: c.span.start).span))
        sides.append({a.actor.type for a in actors.get(index, []) for c in unique if counted(a, c)})
    # Sentences that count the same side tell one toll (the lowest holds); different sides add up.
    groups: dict[frozenset[str], list[tuple[int, Span]]] = {}
    for total, side in zip(totals, sides, strict=True):
        groups.setdefault(frozenset(side), []).append(total)
    keys = list(groups)
    apart = all(keys) and all(a.isdisjoint(b) for i, a in enumerate(keys) for b in keys[i + 1 :])
    if len(groups) > 1 and apart:
        lowest = [min(group, key=lambda t: t[0]) for group in groups.values()]
        return sum(t[0] for t in lowest), totals[0][1]
    return min(totals, key=lambda t: t[0])


def _evidence(doc: Doc, cluster: Cluster, context: Context, limit: int = 3) -> tuple[Span, ...]:
    seen: list[int] = []
    for frame in cluster.frames:
        if len(seen) == limit:
            break  # (a cluster told in every sentence of a long article made reading on quadratic)
        if frame.mention.sentence not in seen:
            seen.append(frame.mention.sentence)
    # Each sentence's span is made once for both passes (`Memo.evidence`): the same sentences are evidence of
    # the rules' events and of the detector's.
    made = context.memo.evidence
    spans = []
    for index in seen[:limit]:
        span = made.get(index)
        if span is None:
            sentence = doc.sentences[index]
            words = doc.text[sentence.start : sentence.end]
            span = made[index] = Span(sentence.start, sentence.end, words, rule="sentence")
        spans.append(span)
    return tuple(spans)


def _confidence(cluster: Cluster) -> float:
    score = 0.3 + 0.1 * min(len(cluster.frames), 3)
    score += 0.15 if cluster.days is not None else 0.0
    score += 0.1 if cluster.place else 0.0
    score += 0.1 if any(f.counts for f in cluster.frames) else 0.0
    return min(score, 0.95)
