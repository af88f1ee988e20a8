"""Stage: the events an article reports, with their attributes and evidence.

Reads: the filled `Doc` (sentences, dates, places, counts, actors) and the
trigger mentions of `kroniek.stages.triggers`. Contract:

    find_events(doc, lang) -> list[Event]

Each trigger mention becomes a frame that takes the date, place, actors and
casualty figures of its own sentence. Frames that tell of the same event
(the same kind, no clash of date or place) merge into a cluster, the way a
reader knows that "de aanslag" three sentences on is the bombing of the first
line. Each cluster is then typed from all its cue words and actors
(`kroniek.stages.typing`), and clusters that turn out to be one event merge.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import replace

from kroniek.elision import elision_regex, split_tokens
from kroniek.lang import LanguageData
from kroniek.lexicon import TOKEN, tokenize
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
    precision_of,
)
from kroniek.stages import dates as date_stage
from kroniek.stages.docdate import header_end, year_window
from kroniek.stages.event_agents import actor_country, assign_agents, counted, find_agent, is_source
from kroniek.stages.event_context import (
    FAMILY_GROUP,
    Context,
    make_context,
    preceded_by,
    sentence_groups,
    words_before,
)
from kroniek.stages.event_grouping import merge_frames, merge_typed, reported
from kroniek.stages.event_places import (
    best_place,
    find_default_place,
    listed_towns,
    possible_places,
    with_country,
)
from kroniek.stages.frames import Cluster, Frame
from kroniek.stages.triggers import Mention, Scan, TriggerClass, find_mentions
from kroniek.stages.typing import ARMED, SUB_FAMILY, decide_actors, decide_type

# An event dated this long before the article is history (a trial, an anniversary), not news.
HISTORY_DAYS = 31
# A casualty figure with no trigger in its sentence belongs to an event at most this many sentences back.
COUNT_REACH = 3
# An undated event takes a day named in the sentences around it only if the day is this recent.
NEARBY_DAYS = 7
# A statement dated "said Saturday" reports an event of that day or of the days before it.
REPORT_LAG_DAYS = 6
# Kinds of event that happen in each of several places named in one breath.
SPLIT_FAMILIES = {"riot", "protest", "arrest", "violence"}


def scan_mentions(doc: Doc, lang: LanguageData) -> Scan:
    """Every trigger mention of `doc`, those in cancelling contexts kept (with the reason), and every
    lexicon hit."""
    text = doc.text
    blocked = tuple((d.span.start, d.span.end) for d in doc.dates)
    if doc.doc_date and doc.doc_date.span:
        blocked += ((doc.doc_date.span.start, doc.doc_date.span.end),)
    header = header_end(text)
    dated = frozenset(doc.sentence_at(d.span.start) for d in doc.dates if d.span.start >= header)
    # Languages that elide ("l'attaque") need their own tokens; the others take the lexicon's fast path.
    tokens = split_tokens(tokenize(text), lang) if elision_regex(lang) is not None else None
    return find_mentions(text, tokens, doc.sentences, lang, blocked, keep_cancelled=True, dated=dated)


def find_events(
    doc: Doc,
    lang: LanguageData,
    scan: Scan | None = None,
    decisions: dict[int, list[tuple[str, float]]] | None = None,
) -> list[Event]:
    """The events `doc` reports, in the order the article first mentions them.

    Without `decisions` the trigger words decide which sentences report events; with them (sentence index
    -> the sub-event types it reports with their probabilities, from the learned detector) they do, and
    trigger words only say where in the sentence.
    """
    if scan is None:
        scan = scan_mentions(doc, lang)
    if decisions is None:
        mentions = [m for m in scan.mentions if not m.cancelled]
    else:
        mentions = _learned_mentions(doc, scan, decisions)
    if not mentions:
        return []
    context = make_context(doc, lang, scan.hits)
    default_place = find_default_place(doc, context)
    places = [with_country(p, default_place) for p in doc.places]
    frames = _frames(doc, mentions, context, places)
    _attach_counts(doc, frames, context)
    assign_agents(doc, frames, context)
    clusters = [c for c in merge_frames(frames, context, decisions is not None) if reported(c)]
    clusters = merge_typed(clusters)
    events = [_event(doc, cluster, default_place, context) for cluster in clusters]
    return [e for e in events if e is not None]


def _learned_mentions(doc: Doc, scan: Scan, decisions: dict[int, list[tuple[str, float]]]) -> list[Mention]:
    """One mention per sentence and sub-event type the detector found, at the trigger words of that kind
    in the sentence (any trigger word, else the sentence's first word, when none is of that kind)."""
    by_sentence: dict[int, list[Mention]] = {}
    for mention in scan.mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    cues: dict[int, set[str]] = {}
    background: set[int] = set()
    for hit in scan.hits:
        if hit.tag.startswith("cue:"):
            cues.setdefault(doc.sentence_at(hit.start), set()).add(hit.tag[4:])
        elif hit.tag == "background":
            background.add(doc.sentence_at(hit.start))
    out: list[Mention] = []
    for index in sorted(decisions):
        here = by_sentence.get(index, [])
        for sub, score in decisions[index]:
            family = SUB_FAMILY.get(sub, "violence")
            if family == "protest" and _turned_violent(cues.get(index, set())):
                sub, family = "violent_demonstration", "riot"
            trigger = TriggerClass(f"learned:{sub}", family, sub, 1.0, learned=True, score=score)
            group = FAMILY_GROUP.get(family, family)
            own = [m for m in here if FAMILY_GROUP.get(m.trigger.family, m.trigger.family) == group]
            if own or here:
                for m in own or here[:1]:
                    out.append(Mention(m.span, trigger, index, m.cues, m.sentence_cues, m.background))
                continue
            sentence = doc.sentences[index]
            first = TOKEN.search(doc.text, sentence.start, sentence.end)
            start, end = (first.start(), first.end()) if first else (sentence.start, sentence.end)
            span = Span(start, end, doc.text[start:end], rule=trigger.name)
            sentence_cues = cues.get(index, set())
            out.append(Mention(span, trigger, index, set(sentence_cues), sentence_cues, index in background))
    out.sort(key=lambda m: m.span.start)
    return out


def _turned_violent(cues: set[str]) -> bool:
    """A protest told with stones, fire or clashes in its sentence is a riot ("the protest turned violent"):
    ACLED codes the demonstration that turned violent as one event, a violent demonstration."""
    return "riot" in cues and "peaceful" not in cues


# --- frames ---------------------------------------------------------------------------------------------


def _frames(doc: Doc, mentions: list[Mention], context: Context, found: list[PlaceMention]) -> list[Frame]:
    event_dates = [_event_date(doc, d, context) for d in doc.dates]
    dates = sentence_groups(doc, [d for d in event_dates if d is not None])
    # Each actor once: its country from the words around it, and sources ("police said") left out.
    # Only the sentences that report something matter: their actors (each once, with its country, sources
    # such as "police said" left out) and the places where an event can be.
    told = {mention.sentence for mention in mentions}
    actors = sentence_groups(doc, [a for a in doc.actors if doc.sentence_at(a.span.start) in told])
    for index, group in actors.items():
        actors[index] = [
            actor_country(doc, a, found, context) for a in group if not is_source(doc, a, context)
        ]
    candidates = [p for p in found if doc.sentence_at(p.span.start) in told]
    places = sentence_groups(doc, possible_places(doc, candidates, context))
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    doc_start = doc.doc_date.value if doc.doc_date else None
    frames = []
    clauses: dict[int, Clauses] = {}
    for mention in mentions:
        neighbours = by_sentence[mention.sentence]
        own_dates = _owned(dates.get(mention.sentence, []), mention, neighbours)
        date = _closest_date(
            doc, [d for d in own_dates if not _in_other_clause(doc, mention, d, context, clauses)], mention
        )
        if mention.background and (date is None or mention.trigger.learned):
            continue  # "al maanden protesten", "sinds januari 500 doden": a summary of the past, not an event
        if (
            not mention.trigger.learned
            and date
            and doc_start
            and (doc_start - date.window.end).days > HISTORY_DAYS
        ):
            continue  # (the detector weighs how old a date is)
        sentence_actors = actors.get(mention.sentence, [])
        family = _family(doc, mention, neighbours, sentence_actors, context)
        own_places = _owned(places.get(mention.sentence, []), mention, neighbours)
        listed = listed_towns(doc, own_places, context) if family in SPLIT_FAMILIES else []
        choices: list[PlaceMention | None] = list(listed) or [best_place(own_places, mention.span.start)]
        for place in choices:
            frames.append(Frame(mention, family, date, place, sentence_actors))
    return frames


def _family(
    doc: Doc, mention: Mention, neighbours: list[Mention], actors: list[ActorMention], context: Context
) -> str:
    family = mention.trigger.family
    if mention.trigger.learned:
        return family
    if family == "protest" and "riot" in mention.cues and "peaceful" not in mention.cues:
        return "riot"  # the crowd itself turned violent: stones, fire, storming
    if (
        family != "violence"
        or mention.trigger.strength >= 1.0
        or mention.trigger.sub_event_type
        not in (
            "",
            "armed_clash",
        )
    ):
        return family
    # "Gunmen stormed the village and abducted 60 people": the storming is the kidnapping.
    taking = [m.trigger.family for m in neighbours if m.trigger.family in ("abduction", "sexual")]
    if taking and not any(m.trigger.sub_event_type == "armed_clash" for m in neighbours):
        return taking[0]  # (an exchange of fire with the kidnappers is a fight of its own)
    unrest = [m.trigger.family for m in neighbours if FAMILY_GROUP.get(m.trigger.family) == "unrest"]
    if "protest" not in unrest and "riot" not in unrest:
        return family
    # "killed during the protests", "clashes with police": violence at a protest is part of it, unless armed
    # groups other than the police fight there. Who did it decides: the crowd (a riot) or the police.
    if any(a.actor.type in ARMED - {"state_forces"} for a in actors):
        return family
    agent = find_agent(doc, mention, actors, context)
    if agent is not None and agent.actor.type == "state_forces":
        return "protest"
    if agent is not None and agent.actor.type in ("protesters", "rioters"):
        return "riot"
    return "riot" if "riot" in unrest else "protest"


def _event_date(doc: Doc, mention: DateMention, context: Context) -> DateMention | None:
    """The date as evidence of when an event happened. The publication date line is none; a date that says
    when something was said ("aldus de politie maandag", "police said Saturday") only bounds it: the event
    happened in the week up to then."""
    line = doc.doc_date.span if doc.doc_date else None
    if line is not None and line.start <= mention.span.start < line.end:
        return None
    words = words_before(doc, mention.span.start, 3)
    speech, clause = context.words.speech_words, context.words.clause_words
    for i, word in enumerate(words):
        if word in speech and not any(w in clause for w in words[i + 1 :]):
            start, end = mention.window.start - dt.timedelta(days=REPORT_LAG_DAYS), mention.window.end
            return DateMention(mention.span, DateWindow(start, end, precision_of(start, end)))
    return mention


def _in_other_clause(
    doc: Doc, mention: Mention, date: DateMention, context: Context, clauses: dict[int, Clauses]
) -> bool:
    """Does a clause about something else open between the trigger and this later date ("the agreement,
    after talks that started on January 4")? A clause right after the trigger is about the trigger."""
    if date.span.start < mention.span.end:
        return False
    index = mention.sentence
    if index not in clauses:
        clauses[index] = _clauses(doc, index, context)
    starts, relative = clauses[index]
    # The words between them are tokens first..last-1; the first of them is about the trigger.
    first = bisect.bisect_left(starts, mention.span.end)
    last = bisect.bisect_left(starts, date.span.start)
    at = bisect.bisect_left(relative, first + 1)
    return at < len(relative) and relative[at] < last


Clauses = tuple[list[int], list[int]]  # a sentence's token starts, and the numbers of its relative words


def _clauses(doc: Doc, index: int, context: Context) -> Clauses:
    """Read once per sentence, so that long sentences with many dates cost no more than their length."""
    sentence = doc.sentences[index]
    starts, relative = [], []
    for number, token in enumerate(TOKEN.finditer(doc.text, sentence.start, sentence.end)):
        starts.append(token.start())
        if token.group().lower() in context.words.relative_words:
            relative.append(number)
    return starts, relative


def _closest_date(doc: Doc, dates: list[DateMention], mention: Mention) -> DateMention | None:
    """Of the dates a trigger owns, the most precise, then the nearest ("Saturday's protests against the
    takeover last month": Saturday)."""
    rank = {"day": 0, "week": 1, "month": 2}
    return min(
        dates, key=lambda d: (rank[d.window.precision], abs(d.span.start - mention.span.start)), default=None
    )


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
    for index in (first + 1, first + 2, first - 1):
        for mention in doc.dates:
            if doc.sentence_at(mention.span.start) != index:
                continue
            date = _event_date(doc, mention, context)
            if date is None or date.window.precision != "day":
                continue
            if 0 <= (last - date.window.start).days < NEARBY_DAYS:
                return date.window
    return None


def _owned(items: list, mention: Mention, neighbours: list[Mention]) -> list:
    """The dates or places of a sentence that belong to this trigger: those that no trigger of another kind
    stands closer to ("de rellen na de luchtaanvallen van zondag": Sunday is the air strikes' day)."""
    group = FAMILY_GROUP.get(mention.trigger.family, mention.trigger.family)
    others = sorted(
        m.span.start for m in neighbours if FAMILY_GROUP.get(m.trigger.family, m.trigger.family) != group
    )
    if not others:
        return list(items)
    owned = []
    for item in items:
        where = item.span.start
        at = bisect.bisect_left(others, where)
        nearest = min(abs(where - others[k]) for k in (at - 1, at) if 0 <= k < len(others))
        if nearest >= abs(where - mention.span.start):
            owned.append(item)
    return owned


# --- casualty figures -----------------------------------------------------------------------------------


def _attach_counts(doc: Doc, frames: list[Frame], context: Context) -> None:
    """Give each casualty figure to the event it reports: the nearest trigger in its sentence, else the event
    the figure just before it went to (figures often follow each other: "13 doden. 50 anderen gewond."),
    else the last trigger in the sentences just before it."""
    violent = [f for f in frames if f.family in ("violence", "protest", "riot")]
    last: tuple[int, Frame] | None = None
    header = header_end(doc.text)
    for count in doc.counts:
        if count.span.start < header:
            continue  # "date 2019-03 Doden bij ...": the publication date is no casualty figure
        index = doc.sentence_at(count.span.start)
        if index in context.background:
            continue  # "sinds maart zijn 220 mensen gedood": a tally of the past
        if context.subgroup_starts.get(index, len(doc.text)) < count.span.start:
            continue  # "onder de doden zes kinderen": part of a figure already given
        same = [f for f in violent if f.mention.sentence == index]
        if same:
            target = min(same, key=lambda f: abs(f.mention.span.start - count.span.start))
        elif last is not None and index - last[0] <= 1:
            target = last[1]
        else:
            before = [f for f in violent if index - COUNT_REACH <= f.mention.sentence < index]
            if not before:
                continue
            target = before[-1]
        target.counts.append(count)
        last = (index, target)


# --- merging --------------------------------------------------------------------------------------------


# --- the event ------------------------------------------------------------------------------------------


def _event(doc: Doc, cluster: Cluster, default_place: PlaceMention | None, context: Context) -> Event | None:
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
    window = cluster.window or _nearby_date(doc, cluster, context) or date_stage.undated_window(doc.doc_date)
    if window is None:
        # Neither the event nor the article is dated: the years the article speaks of bound it.
        years = year_window(doc.text, doc.article.url)
        if years is None:
            return None
        window = DateWindow(years[0], years[1], "month")
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
        evidence=_evidence(doc, cluster),
        confidence=_confidence(cluster),
        provenance=tuple(provenance),
    )


def _location(mention: PlaceMention | None, near: bool) -> Location:
    if mention is None:
        return NOWHERE
    place = mention.place
    if place.kind == "country" or mention.kind == "demonym":
        return Location(None, None, place.country, place.lat, place.lon, place.geonames_id, 3)
    precision = {"city": 1, "district": 2, "admin1": 3}.get(place.kind, 3)
    if near and precision == 1:
        precision = 2
    return Location(
        place.name, place.admin1, place.country, place.lat, place.lon, place.geonames_id, precision
    )


def _figure(cluster: Cluster, kind: str) -> tuple[int | None, Span | None]:
    """The event's figure. Figures in one sentence add up ("drie agenten en zeven betogers"). Of sentences
    that give one, the lowest counts (the most conservative report of the same toll), unless each counts a
    different side ("six soldiers" ... "seven attackers"), which add up. A lone person ("a guard was
    wounded") counts only when no sentence gives a number."""
    per_sentence: dict[int, list[CountMention]] = {}
    people: list[CountMention] = []
    actors: dict[int, list[ActorMention]] = {}
    for frame in cluster.frames:
        actors.setdefault(frame.mention.sentence, frame.actors)
        for count in frame.counts:
            if count.kind != kind:
                continue
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
    score += 0.15 if cluster.days is not None else 0.0
    score += 0.1 if cluster.place else 0.0
    score += 0.1 if any(f.counts for f in cluster.frames) else 0.0
    return min(score, 0.95)
