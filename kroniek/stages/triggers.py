"""Stage: trigger words that report events, and the contexts that cancel them.

Reads: the text, its sentences, the language's `triggers.toml` and `contexts.toml`.
Adds: `Mention`s: a trigger word in a sentence, with its trigger class and the
cue words around it (weapons, crowd violence, police intervention...). A trigger
in a cancelling context (negation, threat or plan, trial, commemoration,
fiction, sport, weather, traffic) is dropped here, with the reason kept for
debugging (`find_mentions(..., keep_cancelled=True)`).
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from dataclasses import dataclass, field

from kroniek.elision import split_elisions
from kroniek.lang import LanguageData
from kroniek.lexicon import Hit, Lexicon, Token
from kroniek.model import Sentence, Span
from kroniek.stages.sentences import sentence_of
from kroniek.stages.span_index import SpanIndex

# How far (in words) a cue may stand from its trigger and still describe it.
CUE_WINDOW = 8


@dataclass(frozen=True, slots=True)
class TriggerClass:
    name: str
    family: str
    sub_event_type: str  # "" when the cues decide
    strength: float
    default: str = ""  # the sub-event type when no cue decides ("aanslag": a bombing unless shots are heard)
    learned: bool = False  # made from the learned detector's decision, not from a trigger word
    score: float = 0.0  # the detector's probability that the sentence reports this type of event


@dataclass(slots=True)
class Mention:
    """One trigger word in its sentence, with what surrounds it."""

    span: Span
    trigger: TriggerClass
    sentence: int
    cues: set[str] = field(default_factory=set)  # cue names within CUE_WINDOW words
    sentence_cues: set[str] = field(default_factory=set)  # cue names anywhere in the sentence
    background: bool = False  # the sentence sums up many past events
    cancelled: str = ""  # why this is not an event, if it is not


@dataclass(frozen=True)
class TriggerData:
    lexicon: Lexicon
    classes: dict[str, TriggerClass]
    windows: dict[str, tuple[int, str]]  # near.* context -> (window in words, "before" | "after" | "both")
    domain_min_hits: dict[str, int]
    order: dict[str, int]  # trigger tag -> its place in the data file (more specific classes come first)


@functools.cache
def trigger_data(lang: LanguageData) -> TriggerData:
    entries: list[tuple[str, str]] = []
    classes: dict[str, TriggerClass] = {}
    for name, table in lang["triggers"].items():
        if name == "cues":
            for cue, words in table.items():
                entries += [(w, f"cue:{cue}") for w in words]
            continue
        strength = table.get("strength", 1.0)
        default = table.get("default", "")
        classes[name] = TriggerClass(name, table["family"], table["sub_event_type"], strength, default)
        entries += [(w, f"trigger:{name}") for w in table["words"]]
    contexts = lang["contexts"]
    windows = {}
    for scope in ("near", "sentence", "domain"):
        for name, table in contexts.get(scope, {}).items():
            entries += [(w, f"{scope}:{name}") for w in table["words"]]
            if scope == "near":
                windows[name] = (table["window"], table.get("direction", "both"))
    entries += [(w, "background") for w in contexts.get("background", {}).get("words", [])]
    entries += [(w, "subgroup") for w in contexts.get("subgroup", {}).get("words", [])]
    entries += [(w, "mask") for w in contexts.get("masks", {}).get("words", [])]
    domain_min_hits = {name: t["min_hits"] for name, t in contexts.get("domain", {}).items()}
    entries = [(split_elisions(w, lang), tag) for w, tag in entries]  # "tirs d'obus" as the tokens read it
    order = {f"trigger:{name}": i for i, name in enumerate(classes)}
    return TriggerData(Lexicon(entries), classes, windows, domain_min_hits, order)


@dataclass(frozen=True)
class Scan:
    mentions: list[Mention]
    hits: list[Hit]  # every lexicon hit (cues, contexts), for stages that need more than triggers


def find_mentions(
    text: str,
    tokens: list[Token] | None,
    sentences: list[Sentence],
    lang: LanguageData,
    blocked: tuple[tuple[int, int], ...] = (),
    keep_cancelled: bool = False,
    dated: frozenset[int] = frozenset(),
) -> Scan:
    """Trigger mentions in text order. `tokens` are the text's words as the language reads them (None: as
    `kroniek.lexicon.tokenize` cuts them, the fast path). `blocked` spans (e.g. dates: "March") hold no
    triggers; `dated` sentences have a date of their own (what a strong trigger needs in an article about
    something else)."""
    data = trigger_data(lang)
    found = data.lexicon.find_in(text) if tokens is None else data.lexicon.find(tokens, text)
    hits = _unmasked(found)
    by_sentence: dict[int, list[Hit]] = {}
    starts = [s.start for s in sentences]
    for hit in hits:
        by_sentence.setdefault(sentence_of(starts, hit.start), []).append(hit)
    domains = _dominant_domains(hits, data)
    spans = SpanIndex(sorted(blocked))
    mentions: list[Mention] = []
    for index, sentence_hits in sorted(by_sentence.items()):
        mentions += _sentence_mentions(text, index, sentence_hits, data, spans, domains, index in dated)
    if not keep_cancelled:
        mentions = [m for m in mentions if not m.cancelled]
    return Scan(mentions, hits)


def _unmasked(hits: list[Hit]) -> list[Hit]:
    """Hits outside the masks: "hartaanval" and "bomb squad" hold trigger words but are no events."""
    masks = [h for h in hits if h.tag == "mask"]
    if not masks:
        return hits
    # A mask holds a hit when it starts at or before the hit's first word and ends at or after its last.
    words = SpanIndex(sorted((m.first, m.last) for m in masks))
    return [h for h in hits if h.tag != "mask" and words.first(h.last, h.first) < 0]


def _dominant_domains(hits: list[Hit], data: TriggerData) -> set[str]:
    """Subjects (sport, film, trials...) that the article is about, by how many of their words it uses."""
    counts = Counter(hit.tag.partition(":")[2] for hit in hits if hit.tag.startswith("domain:"))
    return {name for name, n in counts.items() if n >= data.domain_min_hits.get(name, 3)}


def _sentence_mentions(
    text: str,
    index: int,
    hits: list[Hit],
    data: TriggerData,
    blocked: SpanIndex,
    domains: set[str],
    dated: bool,
) -> list[Mention]:
    # (blocked: a span with start <= hit.start < end)
    triggers = [h for h in hits if h.tag.startswith("trigger:") and blocked.first(h.start + 1, h.start) < 0]
    triggers = _longest(triggers, data.order)
    if not triggers:
        return []
    sentence_cues = {h.tag[4:] for h in hits if h.tag.startswith("cue:")}
    sentence_contexts = {h.tag.partition(":")[2] for h in hits if h.tag.startswith("sentence:")}
    sentence_domains = {h.tag.partition(":")[2] for h in hits if h.tag.startswith("domain:")}
    background = any(h.tag == "background" for h in hits)
    # The cue words by word number, and the near contexts in order: each trigger reads those within reach,
    # not every hit of its sentence (a sentence with many triggers cost their number squared).
    cue_hits = sorted((h.first, h.tag[4:]) for h in hits if h.tag.startswith("cue:"))
    cue_words = [first for first, _ in cue_hits]
    near = [h for h in hits if h.tag.startswith("near:")]
    mentions = []
    for hit in triggers:
        trigger = data.classes[hit.tag[8:]]
        low = bisect.bisect_left(cue_words, hit.first - CUE_WINDOW)
        high = bisect.bisect_right(cue_words, hit.first + CUE_WINDOW)
        cues = {name for _, name in cue_hits[low:high]}
        mention = Mention(
            Span(hit.start, hit.end, text[hit.start : hit.end], rule=f"trigger:{trigger.name}"),
            trigger,
            index,
            cues,
            sentence_cues,
            background,
        )
        mention.cancelled = _cancelled(hit, near, data, sentence_contexts, sentence_domains, domains, dated)
        mentions.append(mention)
    return mentions


def _cancelled(
    hit: Hit,
    near: list[Hit],
    data: TriggerData,
    sentence_contexts: set[str],
    sentence_domains: set[str],
    domains: set[str],
    dated: bool,
) -> str:
    """Why this trigger does not report an event ("" when it does). `near`: its sentence's near contexts."""
    for other in near:
        name = other.tag.partition(":")[2]
        if other.first != hit.first:
            before = other.first < hit.first
            distance = hit.first - other.last if before else other.first - hit.last
            window, direction = data.windows[name]
            if 0 < distance <= window and direction in ("both", "before" if before else "after"):
                return f"{name}: {other.start}"
    if sentence_contexts:
        return "sentence:" + ",".join(sorted(sentence_contexts))
    # An article about sport, film, a trial...: its violent words are metaphors, plots or history,
    # unless a sentence free of that subject's words reports something dated with a strong trigger.
    strong = data.classes[hit.tag[8:]].strength >= 1.0
    if domains and (sentence_domains & domains or not strong or not dated):
        return "domain:" + ",".join(sorted(domains))
    return ""


def _longest(triggers: list[Hit], order: dict[str, int]) -> list[Hit]:
    """Drop triggers covered by a longer one ("air strike" over "strike"); of two on the same words,
    keep the class listed first in the data ("luchtaanval": an air strike before a generic attack)."""
    kept: list[Hit] = []
    for hit in sorted(triggers, key=lambda h: (h.start, -(h.end - h.start), order[h.tag])):
        if kept and hit.start < kept[-1].end:
            continue
        kept.append(hit)
    return kept
