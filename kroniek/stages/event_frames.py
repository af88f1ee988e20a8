"""Frames: each trigger mention with the date, place and actors of its own sentence that belong to it,
and the casualty figures given to it.

Split from `events` (issue 12). The mentions come from the trigger words, or from the learned detector's
decisions (`learned_mentions`); `event_grouping` then groups the frames into events.
"""

from __future__ import annotations

import bisect
import datetime as dt

from kroniek.lexicon import TOKEN
from kroniek.model import ActorMention, DateMention, DateWindow, Doc, PlaceMention, Span, precision_of
from kroniek.stages.actor_kinds import ARMED
from kroniek.stages.docdate import header_end
from kroniek.stages.event_agents import actor_country, find_agent, is_source
from kroniek.stages.event_context import (
    FAMILY_GROUP,
    Context,
    clause_words_after,
    sentence_groups,
    told_earlier,
    words_before,
)
from kroniek.stages.event_places import best_place, listed_towns, possible_places
from kroniek.stages.frames import Frame
from kroniek.stages.sentences import sentence_of
from kroniek.stages.span_index import SpanIndex
from kroniek.stages.triggers import Mention, Scan, TriggerClass
from kroniek.stages.typing import SUB_FAMILY

# An event dated this long before the article is history (a trial, an anniversary), not news.
HISTORY_DAYS = 31
# An event dated over a year before the article is retold history whatever the detector says: the coders of
# ../shared/devset code none as an event to find (train/: 45 such events, all optional background).
RETOLD_DAYS = 365
# A casualty figure with no trigger in its sentence belongs to an event at most this many sentences back.
COUNT_REACH = 3
# A statement dated "said Saturday" reports an event of that day or of the days before it.
REPORT_LAG_DAYS = 6
# How many words after a date, in its clause, a verb of saying may stand and make it the date of a statement.
SPEECH_AFTER = 8
# Kinds of event that happen in each of several places named in one breath.
SPLIT_FAMILIES = {"riot", "protest", "arrest", "violence"}


def learned_mentions(doc: Doc, scan: Scan, decisions: dict[int, list[tuple[str, float]]]) -> list[Mention]:
    """One mention per sentence and sub-event type the detector found, at the trigger words of that kind
    in the sentence (any trigger word, else the sentence's first word, when none is of that kind)."""
    by_sentence: dict[int, list[Mention]] = {}
    for mention in scan.mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    cues: dict[int, set[str]] = {}
    background: set[int] = set()
    starts = doc.sentence_starts()
    for hit in scan.hits:
        if hit.tag.startswith("cue:"):
            cues.setdefault(sentence_of(starts, hit.start), set()).add(hit.tag[4:])
        elif hit.tag == "background":
            background.add(sentence_of(starts, hit.start))
    out: list[Mention] = []
    for index in sorted(decisions):
        here = by_sentence.get(index, [])
        for sub, score in decisions[index]:
            family = SUB_FAMILY.get(sub, "violence")
            if family == "protest" and _turned_violent(cues.get(index, set()) | cues.get(index + 1, set())):
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
    """A protest told with stones, fire or clashes in its sentence or the next is a riot ("the protest turned
    violent"): ACLED codes the demonstration that turned violent as one event, a violent demonstration."""
    return "riot" in cues and "peaceful" not in cues


def build_frames(
    doc: Doc, mentions: list[Mention], context: Context, found: list[PlaceMention], near: SpanIndex
) -> list[Frame]:
    """`near`: `place_index(found)`."""
    memo = context.memo
    dates = sentence_dates(doc, context)
    # Only the sentences that report something matter: their actors (each once, with its country, sources
    # such as "police said" left out) and the places where an event can be.
    told = {mention.sentence for mention in mentions}
    if memo.actors is None:
        memo.actors = sentence_groups(doc, doc.actors)
    actors = memo.parties
    for index in told - actors.keys():
        actors[index] = [
            actor_country(doc, a, found, near, context)
            for a in memo.actors.get(index, [])
            if not is_source(doc, a, context)
        ]
    starts = doc.sentence_starts()
    candidates = [p for p in found if sentence_of(starts, p.span.start) in told]
    places = sentence_groups(doc, possible_places(doc, candidates, context))
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    doc_start = doc.doc_date.value if doc.doc_date else None
    frames = []
    clauses = memo.clauses
    kinds: Kinds = {}
    read: dict[int, SentenceFacts] = {}
    for mention in mentions:
        neighbours = by_sentence[mention.sentence]
        others = _others(mention, neighbours, kinds)
        own_dates = _owned(dates.get(mention.sentence, []), mention, others)
        date = _closest_date(
            doc, [d for d in own_dates if not _in_other_clause(doc, mention, d, context, clauses)], mention
        )
        if mention.background and (date is None or mention.trigger.learned):
            continue  # "al maanden protesten", "sinds januari 500 doden": a summary of the past, not an event
        age = (doc_start - date.window.end).days if date and doc_start else 0
        if age > HISTORY_DAYS and (not mention.trigger.learned or age > RETOLD_DAYS):
            continue  # (the detector weighs how old a date is, up to a year)
        sentence_actors = actors[mention.sentence]
        family = _family(doc, mention, neighbours, sentence_actors, context, read)
        own_places = _owned(places.get(mention.sentence, []), mention, others)
        listed = listed_towns(doc, own_places, context) if family in SPLIT_FAMILIES else []
        choices: list[PlaceMention | None] = list(listed) or [best_place(own_places, mention.span.start)]
        again = any(w in context.words.reference_words for w in words_before(doc, mention.span.start, 1))
        # "Bereits am Donnerstag war ein Sprengsatz detoniert": an earlier event; "Der Anschlag ereignete sich
        # bereits am Samstag": the event told, dated.
        earlier = date is not None and not again and told_earlier(doc, date, context)
        for place in choices:
            frames.append(
                Frame(
                    mention,
                    family,
                    date,
                    place,
                    sentence_actors,
                    listed=bool(listed),
                    told_again=again,
                    earlier=earlier,
                )
            )
    return frames


def sentence_dates(doc: Doc, context: Context) -> dict[int, list[DateMention]]:
    """Each sentence's dates as evidence of an event's day (`event_date`; the publication line's left out),
    in text order: read once per article (`Memo.dates`)."""
    memo = context.memo
    if memo.dates is None:
        event_dates = [event_date(doc, d, context) for d in doc.dates]
        memo.dates = sentence_groups(doc, [d for d in event_dates if d is not None])
    return memo.dates


def _family(
    doc: Doc,
    mention: Mention,
    neighbours: list[Mention],
    actors: list[ActorMention],
    context: Context,
    read: dict[int, SentenceFacts],
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
    if mention.sentence not in read:
        read[mention.sentence] = _read_sentence(neighbours, actors)
    taking, clash, unrest, armed, spans = read[mention.sentence]
    # "Gunmen stormed the village and abducted 60 people": the storming is the kidnapping.
    if taking and not clash:
        return taking  # (an exchange of fire with the kidnappers is a fight of its own)
    if "protest" not in unrest and "riot" not in unrest:
        return family
    # "killed during the protests", "clashes with police": violence at a protest is part of it, unless armed
    # groups other than the police fight there. Who did it decides: the crowd (a riot) or the police.
    if armed:
        return family
    agent = find_agent(doc, mention, actors, context, spans)
    if agent is not None and agent.actor.type == "state_forces":
        return "protest"
    if agent is not None and agent.actor.type in ("protesters", "rioters"):
        return "riot"
    return "riot" if "riot" in unrest else "protest"


# What `_family` reads of a sentence, once for all its triggers: the first kidnapping or sexual violence, an
# armed clash, the kinds of unrest, armed groups other than the police, and the spans of its actors.
SentenceFacts = tuple[str, bool, frozenset[str], bool, SpanIndex]


def _read_sentence(neighbours: list[Mention], actors: list[ActorMention]) -> SentenceFacts:
    taking = [m.trigger.family for m in neighbours if m.trigger.family in ("abduction", "sexual")]
    clash = any(m.trigger.sub_event_type == "armed_clash" for m in neighbours)
    unrest = frozenset(m.trigger.family for m in neighbours if FAMILY_GROUP.get(m.trigger.family) == "unrest")
    armed = any(a.actor.type in ARMED - {"state_forces"} for a in actors)
    spans = SpanIndex([(a.span.start, a.span.end) for a in actors])
    return taking[0] if taking else "", clash, unrest, armed, spans


def event_date(doc: Doc, mention: DateMention, context: Context) -> DateMention | None:
    """The date as evidence of when an event happened. The publication date line is none; a date that says
    when something was said ("aldus de politie maandag", "police said Saturday") only bounds it: the event
    happened in the week up to then."""
    line = doc.doc_date.span if doc.doc_date else None
    if line is not None and line.start <= mention.span.start < line.end:
        return None
    words = words_before(doc, mention.span.start, 3)
    speech, clause = context.words.speech_words, context.words.clause_words
    said = any(
        word in speech and not any(w in clause for w in words[i + 1 :]) for i, word in enumerate(words)
    )
    if said or _said_after(doc, mention, speech):
        start, end = mention.window.start - dt.timedelta(days=REPORT_LAG_DAYS), mention.window.end
        return DateMention(mention.span, DateWindow(start, end, precision_of(start, end)))
    return mention


def _said_after(doc: Doc, mention: DateMention, speech: frozenset[str]) -> bool:
    """A verb of saying later in the date's own clause: German and Dutch put it last ("wie die Agentur AFP am
    Montag unter Verweis auf Militärkreise mitteilt", "zoals de politie maandag meldde"). A verb, so written
    in lower case: "nach Polizeiangaben" names a source and leaves the date to the event."""
    return any(w.islower() and w in speech for w in clause_words_after(doc, mention.span.end, SPEECH_AFTER))


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


Kinds = dict[tuple[int, str], list[int]]  # (sentence, kind of trigger) -> where the others stand


def _others(mention: Mention, neighbours: list[Mention], cache: Kinds) -> list[int]:
    """Where the triggers of another kind than `mention`'s stand in its sentence, in order: read once per
    sentence and kind (per trigger, a sentence with many triggers cost their number squared)."""
    group = FAMILY_GROUP.get(mention.trigger.family, mention.trigger.family)
    key = (mention.sentence, group)
    if key not in cache:
        cache[key] = sorted(
            m.span.start for m in neighbours if FAMILY_GROUP.get(m.trigger.family, m.trigger.family) != group
        )
    return cache[key]


def _owned(items: list, mention: Mention, others: list[int]) -> list:
    """The dates or places of a sentence that belong to this trigger: those that no trigger of another kind
    (at `others`) stands closer to ("de rellen na de luchtaanvallen van zondag": Sunday is the air strikes'
    day)."""
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


def attach_counts(doc: Doc, frames: list[Frame], context: Context) -> None:
    """Give each casualty figure to the event it reports: the nearest trigger in its sentence, else the event
    the figure just before it went to (figures often follow each other: "13 doden. 50 anderen gewond."),
    else the last trigger in the sentences just before it."""
    violent = [f for f in frames if f.family in ("violence", "protest", "riot")]
    # The violent frames of each sentence, with their place among them: looked up by sentence rather than
    # read through for every figure (quadratic in the article's length, issue 13).
    by_sentence: dict[int, list[tuple[int, Frame]]] = {}
    for order, frame in enumerate(violent):
        by_sentence.setdefault(frame.mention.sentence, []).append((order, frame))
    last: tuple[int, Frame] | None = None
    header = header_end(doc.text)
    # The days each sentence names: a figure in a sentence of its own day ("Een dag eerder waren ook al 71
    # rebellen omgekomen") tells of that day's event, not of the one told just before (5-fold CV on train/:
    # fatalities of matched events 0.730 -> 0.739, F1 unchanged).
    days: dict[int, list[DateWindow]] = {}
    starts = doc.sentence_starts()
    for mention in doc.dates:
        days.setdefault(sentence_of(starts, mention.span.start), []).append(mention.window)
    for count in doc.counts:
        if count.span.start < header:
            continue  # "date 2019-03 Doden bij ...": the publication date is no casualty figure
        index = sentence_of(starts, count.span.start)
        if index in context.background:
            continue  # "sinds maart zijn 220 mensen gedood": a tally of the past
        if context.subgroup_starts.get(index, len(doc.text)) < count.span.start:
            continue  # "onder de doden zes kinderen": part of a figure already given
        same = [f for _, f in by_sentence.get(index, [])]
        if same:
            target = min(same, key=lambda f: abs(f.mention.span.start - count.span.start))
        elif last is not None and index - last[0] <= 1:
            target = last[1]
        else:
            # The last of the violent frames in the sentences just before.
            before = [by_sentence[i][-1] for i in range(index - COUNT_REACH, index) if i in by_sentence]
            if not before:
                continue
            target = max(before, key=lambda pair: pair[0])[1]
        if not same and index in days and (target.date is None or target.date.window not in days[index]):
            continue
        target.counts.append(count)
        last = (index, target)
