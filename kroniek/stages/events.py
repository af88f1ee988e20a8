"""Stage: the events an article reports, with their attributes and evidence.

Reads: the filled `Doc` (sentences, dates, places, counts, actors) and the
trigger mentions of `kroniek.stages.triggers`. Contract:

    find_events(doc, lang) -> list[Event]
    find_rule_events(doc, scan, context) -> list[RuleEvent]   # the trigger rules' events, for the detector

Each trigger mention becomes a frame that takes the date, place, actors and
casualty figures of its own sentence. Frames that tell of the same event
(the same kind, no clash of date or place) merge into a cluster, the way a
reader knows that "de aanslag" three sentences on is the bombing of the first
line. Each cluster is then typed from all its cue words and actors
(`kroniek.stages.typing`), and clusters that turn out to be one event merge.

The parts live in modules named for what they decide, in the order `find_events` calls them:
`event_context` (the article's word lists and background sentences), `event_places` (where),
`event_agents` (who), `event_frames` (a trigger with its date, place, actors and figures),
`event_grouping` (which frames are one event) and `event_records` (the event as written out).
"""

from __future__ import annotations

from kroniek.elision import elision_regex, split_tokens
from kroniek.lang import LanguageData
from kroniek.lexicon import tokenize
from kroniek.model import Doc, Event, PlaceMention
from kroniek.stages.docdate import header_end
from kroniek.stages.event_agents import assign_agents, place_index
from kroniek.stages.event_context import Context, make_context
from kroniek.stages.event_frames import attach_counts, build_frames, learned_mentions
from kroniek.stages.event_grouping import merge_frames, merge_typed, reported
from kroniek.stages.event_places import (
    find_default_place,
    with_country,
)
from kroniek.stages.event_records import RuleEvent, build_event, rule_event
from kroniek.stages.frames import Cluster
from kroniek.stages.sentences import sentence_of
from kroniek.stages.triggers import Scan, find_mentions

# Sub-event types whose trigger words name a weapon of remote violence.
REMOTE_WEAPONS = frozenset(
    {
        "air_drone_strike",
        "shelling_artillery_missile_attack",
        "suicide_bomb",
        "remote_explosive_landmine_ied",
        "grenade",
        "chemical_weapon",
    }
)


def scan_mentions(doc: Doc, lang: LanguageData) -> Scan:
    """Every trigger mention of `doc`, those in cancelling contexts kept (with the reason), and every
    lexicon hit."""
    text = doc.text
    blocked = tuple((d.span.start, d.span.end) for d in doc.dates)
    if doc.doc_date and doc.doc_date.span:
        blocked += ((doc.doc_date.span.start, doc.doc_date.span.end),)
    header = header_end(text)
    starts = doc.sentence_starts()
    dated = frozenset(sentence_of(starts, d.span.start) for d in doc.dates if d.span.start >= header)
    # Languages that elide ("l'attaque") need their own tokens; the others take the lexicon's fast path.
    tokens = split_tokens(tokenize(text), lang) if elision_regex(lang) is not None else None
    return find_mentions(text, tokens, doc.sentences, lang, blocked, keep_cancelled=True, dated=dated)


def weapon_sentences(scan: Scan) -> set[int]:
    """The sentences that name a weapon of remote violence (a bomb, a mine, an air strike, shells, a grenade),
    outside any cancelling context: the learned detector's battle or attack there is an explosion."""
    return {
        m.sentence
        for m in scan.mentions
        if not m.cancelled
        and m.trigger.family == "violence"
        and (m.trigger.sub_event_type in REMOTE_WEAPONS or m.trigger.name == "explosion")
    }


def find_events(
    doc: Doc,
    lang: LanguageData,
    scan: Scan | None = None,
    decisions: dict[int, list[tuple[str, float]]] | None = None,
    context: Context | None = None,
) -> list[Event]:
    """The events `doc` reports, in the order the article first mentions them.

    Without `decisions` the trigger words decide which sentences report events; with them (sentence index
    -> the sub-event types it reports with their probabilities, from the learned detector) they do, and
    trigger words only say where in the sentence. `context`: `make_context(doc, lang, scan.hits)`, given
    to both passes of an article so that the second reuses what the first read.
    """
    if scan is None:
        scan = scan_mentions(doc, lang)
    if context is None:
        context = make_context(doc, lang, scan.hits)
    clusters, default_place = _clusters(doc, scan, decisions, context)
    events = [build_event(doc, cluster, default_place, context) for cluster in clusters]
    return [e for e in events if e is not None]


def find_rule_events(doc: Doc, scan: Scan, context: Context) -> list[RuleEvent]:
    """The events the trigger words report (`find_events` without decisions), as the learned detector reads
    them: their types and sentences."""
    clusters, _ = _clusters(doc, scan, None, context)
    events = [rule_event(doc, cluster, context) for cluster in clusters]
    return [e for e in events if e is not None]


def _clusters(
    doc: Doc, scan: Scan, decisions: dict[int, list[tuple[str, float]]] | None, context: Context
) -> tuple[list[Cluster], PlaceMention | None]:
    """The typed groups of frames that are events, and the article's place."""
    if decisions is None:
        mentions = [m for m in scan.mentions if not m.cancelled]
    else:
        mentions = learned_mentions(doc, scan, decisions)
    if not mentions:
        return [], None
    if context.memo.where is None:
        default_place = find_default_place(doc, context)
        found = [with_country(p, default_place) for p in doc.places]
        context.memo.where = default_place, found, place_index(found)
    default_place, places, near = context.memo.where
    frames = build_frames(doc, mentions, context, places, near)
    attach_counts(doc, frames, context)
    assign_agents(doc, frames, context)
    clusters = [c for c in merge_frames(frames, context, decisions is not None) if reported(c)]
    return merge_typed(clusters, default_place), default_place
