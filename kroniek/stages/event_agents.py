"""Who: the doer of each frame's event, the country of an actor, and the actors that only report.

Split from `events` (issue 12). Frames ask it which actors of a sentence take part and who did what a
trigger says; the event record asks it which actors a casualty figure counts.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from kroniek.lexicon import TOKEN
from kroniek.model import ActorMention, CountMention, Doc, PlaceMention
from kroniek.stages.actors import resolve_actor
from kroniek.stages.event_context import Context, preceded_by, sentence_groups
from kroniek.stages.frames import Frame
from kroniek.stages.span_index import SpanIndex
from kroniek.stages.triggers import Mention

# Characters between a figure and the people it counts ("killing six | soldiers").
COUNTED_GAP = 2
# "door"/"by" and the doer stand at most four words after a trigger: no four words span more characters.
AGENT_GAP_CHARS = 160


def assign_agents(doc: Doc, frames: list[Frame], context: Context) -> None:
    """Each frame's agent, passing over the actors its sentence counts as casualties."""
    memo = context.memo
    if memo.counts is None:
        memo.counts = sentence_groups(doc, doc.counts)
    counts = memo.counts
    # The frames of a sentence share its actors (`Memo.parties`): which of them a figure counts is read once
    # per sentence, and the agent of a trigger word once for both passes.
    able_in, agents = memo.able, memo.agents
    for frame in frames:
        index = frame.mention.sentence
        if index not in able_in:
            hit = counts.get(index, [])
            able = [a for a in frame.actors if not any(counted(a, c) for c in hit)]
            able_in[index] = able, SpanIndex([(a.span.start, a.span.end) for a in able])
        key = frame.mention.span.start, frame.mention.span.end
        if key not in agents:
            able, spans = able_in[index]
            agents[key] = find_agent(doc, frame.mention, able, context, spans)
        frame.agent = agents[key]


def counted(actor: ActorMention, count: CountMention) -> bool:
    """Is the actor who a figure counts ("vijf militairen gedood", "killing six soldiers")?"""
    return count.span.start <= actor.span.start <= count.span.end + COUNTED_GAP


def find_agent(
    doc: Doc, mention: Mention, actors: list[ActorMention], context: Context, spans: SpanIndex | None = None
) -> ActorMention | None:
    """Who did what the trigger says: the trigger itself when it names its doers ("kidnappers"), the actor
    after "door"/"by", else the nearest actor before it in its clause, else the sentence's first actor
    (", killing three people": the subject of the main clause). `spans`: the actors' spans, if at hand."""
    if spans is not None and spans.ordered and spans.ends_ordered:
        return _agent_by_bisection(doc, mention, actors, context, spans)
    for actor in actors:
        if actor.span.start <= mention.span.start < actor.span.end:
            return actor
    after = [a for a in actors if a.span.start >= mention.span.end]
    for actor in after:
        if actor.span.start - mention.span.end > AGENT_GAP_CHARS:
            continue  # more than four words away: not worth reading (long sentences made this quadratic)
        words = TOKEN.findall(doc.text[mention.span.end : actor.span.start].lower())
        if words and words[-1] in context.words.agent_words and len(words) <= 4:
            return actor
    before = [a for a in actors if a.span.end <= mention.span.start]
    if not before:
        return None
    # A mark before the first of them changes nothing: looking no further back keeps this linear.
    floor = min(a.span.start for a in before)
    clause_start = max(doc.text.rfind(mark, floor, mention.span.start) for mark in ",;:")
    in_clause = [a for a in before if a.span.start > clause_start]
    return in_clause[-1] if in_clause else before[0]


def _agent_by_bisection(
    doc: Doc, mention: Mention, actors: list[ActorMention], context: Context, spans: SpanIndex
) -> ActorMention | None:
    """`find_agent` for actors in text order (as the stages give them), reading only those near the trigger
    rather than all of the sentence for each of its triggers."""
    start, end = mention.span.start, mention.span.end
    at = spans.first(start + 1, start)  # the first that holds the trigger
    if at >= 0:
        return actors[at]
    at = bisect.bisect_left(spans.starts, end)  # those after it, nearest first
    while at < len(actors) and spans.starts[at] - end <= AGENT_GAP_CHARS:
        words = TOKEN.findall(doc.text[end : spans.starts[at]].lower())
        if words and words[-1] in context.words.agent_words and len(words) <= 4:
            return actors[at]
        if len(words) > 4:
            break  # the actors after it stand after at least as many words (text without stops: issue 13)
        at += 1
    before = bisect.bisect_right(spans.ends, start)  # actors[:before] end before it
    if not before:
        return None
    # The last clause mark from the first actor on, before the trigger (-1: none): looked up among the
    # article's marks, not searched back for in the text for every trigger (a sentence of 2,000 characters
    # without a stop, read back three times for each of its 90 triggers: issue 13).
    marks = context.memo.clause_marks
    if marks is None:
        marks = context.memo.clause_marks = [m.start() for m in _CLAUSE_MARK.finditer(doc.text)]
    at = bisect.bisect_left(marks, start) - 1
    clause_start = marks[at] if at >= 0 and marks[at] >= spans.starts[0] else -1
    return actors[before - 1] if spans.starts[before - 1] > clause_start else actors[0]


_CLAUSE_MARK = re.compile(r"[,;:]")


def place_index(places: list[PlaceMention]) -> SpanIndex:
    """The places' spans, for `actor_country`."""
    return SpanIndex([(p.span.start, p.span.end) for p in places])


def actor_country(
    doc: Doc, actor: ActorMention, places: list[PlaceMention], near: SpanIndex, context: Context
) -> ActorMention:
    """An actor without a country takes the one named with it: "Colombia's government", "the army of
    Mali", "het leger van Mali". `near` is `place_index(places)`."""
    if actor.actor.country is not None:
        return actor
    # Only a name right before the actor ("Colombia's") or just after ("of Mali").
    for at in near.near(actor.span.start - 4, actor.span.end + 12):
        place = places[at]
        if place.place.kind != "country" or place.kind == "demonym":
            continue
        if place.span.end <= actor.span.start and _POSSESSIVE.fullmatch(
            doc.text, place.span.end, actor.span.start
        ):
            return replace(actor, actor=resolve_actor(actor.actor, place.place.country))
        if place.span.start >= actor.span.end:
            words = TOKEN.findall(doc.text[actor.span.end : place.span.start].lower())
            if (
                1 <= len(words) <= 2
                and words[0] in context.words.of_words
                and all(w in context.words.articles for w in words[1:])
            ):
                return replace(actor, actor=resolve_actor(actor.actor, place.place.country))
    return actor


# Between a country's name and an actor that is its own: "Colombia's government".
_POSSESSIVE = re.compile(r"['’]s?\s+")


def is_source(doc: Doc, actor: ActorMention, context: Context) -> bool:
    """Is this actor the source of a report rather than a party to the event ("police said", "volgens de
    politie")?"""
    if preceded_by(doc, actor.span.start, context.words.source_words, 3):
        return True
    after = TOKEN.findall(doc.text[actor.span.end : actor.span.end + 40].lower())[:2]
    return bool(after) and after[0] in context.words.speech_words
