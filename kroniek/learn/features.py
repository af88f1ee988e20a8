"""Features of each sentence, for the learned event detector.

Reads: a `Doc` filled by the rule stages (sentences, dates, places, counts, actors), the lexicon hits of
`kroniek.stages.triggers` (trigger words, cue words, cancelling contexts, domains) and the events the rules
found. Gives: one list of feature strings per sentence.

The rules' knowledge enters as features, never as gates: a trigger in a cancelling context is the feature
"the trigger, and the context", and the model learns from coded news how much each is worth. Words and
word endings ("*aanval", "*anschlag") carry what no list names.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from kroniek.lexicon import TOKEN, Hit, lower
from kroniek.model import Doc, Event
from kroniek.stages.event_records import RuleEvent
from kroniek.stages.sentences import sentence_of
from kroniek.stages.span_index import SpanIndex

# Word endings and beginnings of these lengths: the heads and modifiers of compounds.
AFFIXES = (4, 5, 6)
# Words shorter than this give no affix features (they are features themselves).
AFFIX_MIN = 7
# An event dated this many days before the article is history rather than news.
OLD_DAYS = 31
# Sentences at the top (headline, lead) report the article's main event.
LEAD = 3
# Features of the sentences just before and after that a sentence also gets: the rules' events (r), casualty
# figures (c), who was hit (v) and the lexicon's words (t: triggers, cues, domains): the victims are often
# named in the next sentence, the weapon in the one before ("De bermbom ... Daarbij kwam een militair om").
# With the lexicon's words 5-fold CV on train/ F1 0.625 -> 0.629; with actors (a) as well 0.626, dates 0.622.
NEIGHBOUR = "rcvt"


def sentence_features(doc: Doc, hits: Sequence[Hit], events: Sequence[Event | RuleEvent]) -> list[list[str]]:
    """One list of features per sentence of `doc`."""
    text = doc.text
    low = lower(text)
    count = len(doc.sentences)
    per: list[list[str]] = [[] for _ in range(count)]
    if not count:
        return per
    article = _article_features(hits)
    starts = doc.sentence_starts()
    for hit in hits:
        per[sentence_of(starts, hit.start)].append("t:" + hit.tag)
    for date in doc.dates:
        per[sentence_of(starts, date.span.start)].append(
            _date_feature(doc, date.window.start, date.window.end)
        )
    for place in doc.places:
        per[sentence_of(starts, place.span.start)].append(f"p:{place.place.kind}:{place.kind}")
    for figure in doc.counts:
        per[sentence_of(starts, figure.span.start)].append("c:" + figure.kind)
        if figure.value >= 10:
            per[sentence_of(starts, figure.span.start)].append("c:" + figure.kind + ":many")
    figures = SpanIndex([(c.span.start, c.span.end) for c in doc.counts])
    for actor in doc.actors:
        index = sentence_of(starts, actor.span.start)
        per[index].append("a:" + actor.actor.type)
        # Who was hit: an actor inside or right after a casualty figure ("21 malische Soldaten getötet").
        at = figures.first(actor.span.start - 2, actor.span.start)
        if at >= 0:
            per[index].append(f"v:{doc.counts[at].kind}:{actor.actor.type}")
    for event in events:
        for span in event.evidence:
            index = sentence_of(starts, span.start)
            per[index] += ["r:" + event.event_type, "rs:" + event.sub_event_type]
    features: list[list[str]] = []
    for index, sentence in enumerate(doc.sentences):
        own = per[index]
        words = TOKEN.findall(low, sentence.start, sentence.end)
        out = ["bias", f"lang:{doc.lang}", *article, *own]
        out.append("lead" if index < LEAD else "body")
        out += [f"{doc.lang}:{f}" for f in own if f.startswith("r")]
        out += _word_features(words)
        # What the sentences around it say: "De aanslag" after a sentence with a figure of dead.
        if index > 0:
            out += ["prev:" + f for f in per[index - 1] if f[0] in NEIGHBOUR]
        if index + 1 < count:
            out += ["next:" + f for f in per[index + 1] if f[0] in NEIGHBOUR]
        features.append(out)
    return features


def _article_features(hits: Sequence[Hit]) -> list[str]:
    """Subjects the article is about (sport, film, trials), by how often their words occur."""
    domains: dict[str, int] = {}
    for hit in hits:
        if hit.tag.startswith("domain:"):
            domains[hit.tag] = domains.get(hit.tag, 0) + 1
    return [f"doc:{tag}:{min(n, 3)}" for tag, n in sorted(domains.items())]


def _date_feature(doc: Doc, start: dt.date, end: dt.date) -> str:
    if doc.doc_date is None:
        return "d:undated-doc"
    age = (doc.doc_date.value - end).days
    if age > 365:
        return "d:years"
    if age > OLD_DAYS:
        return "d:old"
    if (start - doc.doc_date.last_day).days > 1:
        return "d:future"
    return "d:recent"


def _word_features(words: list[str]) -> list[str]:
    out: list[str] = []
    previous = "<s>"
    for word in words:
        if word.isdigit():
            word = "<num>"
        out += _of_word(word)
        out.append(f"b:{previous}_{word}")
        previous = word
    return out


@functools.lru_cache(maxsize=200_000)
def _of_word(word: str) -> tuple[str, ...]:
    """A word's own features: itself and, for a long word, its endings and beginnings."""
    if len(word) < AFFIX_MIN:
        return ("w:" + word,)
    return ("w:" + word, *(f"s:{word[-n:]}" for n in AFFIXES), *(f"f:{word[:n]}" for n in AFFIXES))
