"""What the event stage knows about an article as a whole, and the word lookups all its parts share.

Split from `events` (issue 12); the other `event_*` modules import it, it imports none of them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field

from kroniek.lang import LanguageData
from kroniek.lexicon import TOKEN
from kroniek.model import ActorMention, CountMention, DateMention, Doc, PlaceMention, Span
from kroniek.stages.sentences import sentence_of
from kroniek.stages.span_index import SpanIndex

# Characters to look back per word wanted (words are rarely longer; a cut first word is harmless).
WORD_LOOKBACK = 16
# Marks that close a clause: a verb of saying beyond one is not the verb of the words before it.
_CLAUSE_END = re.compile(r"[,;:.!?()\[\]\"“”«»]")
# Kinds of trigger that can tell of one event: arrests and arson during a riot belong to the riot.
FAMILY_GROUP = {"protest": "unrest", "riot": "unrest", "arrest": "unrest", "looting": "unrest"}


@dataclass(slots=True)
class Memo:
    """What the event stage reads of the article and of a sentence the same way in the rules' pass and the
    detector's, kept in the article's `Context` so that the second pass reads only what the first did not
    (read again, they were about a quarter of the detector's pass over a dense 1 MB article, issue 13). Each
    part is filled when first needed; none depends on which mentions a pass has."""

    # The article's place (`find_default_place`), its places with their country, and their spans.
    where: tuple[PlaceMention | None, list[PlaceMention], SpanIndex] | None = None
    dates: dict[int, list[DateMention]] | None = None  # each sentence's dates as evidence of an event's day
    actors: dict[int, list[ActorMention]] | None = None  # each sentence's actors, as found
    parties: dict[int, list[ActorMention]] = field(default_factory=dict)  # those taking part (`build_frames`)
    counts: dict[int, list[CountMention]] | None = None  # each sentence's casualty figures
    able: dict[int, tuple[list[ActorMention], SpanIndex]] = field(default_factory=dict)  # (`assign_agents`)
    agents: dict[tuple[int, int], ActorMention | None] = field(default_factory=dict)  # trigger span -> agent
    clauses: dict[int, tuple[list[int], list[int]]] = field(default_factory=dict)  # (`event_frames._clauses`)
    # id of a place of `where` -> can it be where an event happened (`event_places.possible_places`).
    possible: dict[int, bool] = field(default_factory=dict)
    # The years the article names (`docdate.year_window`), read once when `years_read`: each undated event
    # of an undated article read the whole text for them again.
    years: tuple[dt.date, dt.date] | None = None
    years_read: bool = False
    # Where the article's clause marks (",;:") stand, in order (`event_agents._agent_by_bisection`).
    clause_marks: list[int] | None = None
    # The one armed group the article names, if just one (`event_records.article_group`), once `group_read`.
    group: ActorMention | None = None
    group_read: bool = False
    # The one army the article names, if just one (`event_records.article_army`), once `army_read`.
    army: ActorMention | None = None
    army_read: bool = False
    # Sentence -> its span as an event's evidence (`event_records._evidence`).
    evidence: dict[int, Span] = field(default_factory=dict)


@dataclass(frozen=True)
class Context:
    """What the event stage knows about the article as a whole."""

    words: WordSets
    publication_days: int  # 1, or the days of the month when only the month is known
    background: frozenset[int]  # sentences that sum up the past
    subgroup_starts: dict[int, int]  # sentence -> offset of its first "onder wie" / "including"
    memo: Memo = field(default_factory=Memo)


@dataclass(frozen=True, slots=True)
class WordSets:
    """The language's small word lists the event stage reads (lower case; made once per language)."""

    location_words: frozenset[str]
    origin_words: frozenset[str]
    border_words: frozenset[str]
    seat_words: frozenset[str]
    speech_words: frozenset[str]
    clause_words: frozenset[str]
    relative_words: frozenset[str]
    and_words: frozenset[str]
    articles: frozenset[str]
    of_words: frozenset[str]
    agent_words: frozenset[str]
    near_words: frozenset[str]
    source_words: frozenset[str]
    reference_words: frozenset[str]
    earlier_words: frozenset[str]


def make_context(doc: Doc, lang: LanguageData, hits: list) -> Context:
    subgroup: dict[int, int] = {}
    background = set()
    starts = doc.sentence_starts()
    for hit in hits:
        if hit.tag == "subgroup":
            index = sentence_of(starts, hit.start)
            subgroup[index] = min(subgroup.get(index, hit.start), hit.start)
        elif hit.tag == "background":
            background.add(sentence_of(starts, hit.start))
    days = 1
    if doc.doc_date and doc.doc_date.precision == "month":
        days = (doc.doc_date.last_day - doc.doc_date.value).days + 1
    return Context(_word_sets(lang), days, frozenset(background), subgroup)


@functools.cache
def _word_sets(lang: LanguageData) -> WordSets:
    language = lang["language"]

    def words(key: str) -> frozenset[str]:
        return frozenset(w.lower() for w in language.get(key, []))

    return WordSets(
        words("location_words"),
        words("origin_words"),
        words("border_words"),
        words("seat_words"),
        words("speech_words"),
        words("clause_words"),
        words("relative_words"),
        words("and_words"),
        words("articles"),
        frozenset(w.lower() for w in lang.get("geography", {}).get("of_words", [])),
        words("agent_words"),
        words("near_words"),
        words("source_words"),
        words("reference_words"),
        words("earlier_words"),
    )


def sentence_groups(doc: Doc, items: list) -> dict[int, list]:
    grouped: dict[int, list] = {}
    starts = doc.sentence_starts()
    for item in items:
        grouped.setdefault(sentence_of(starts, item.span.start), []).append(item)
    return grouped


def preceded_by(doc: Doc, offset: int, phrases: frozenset[str], reach: int) -> bool:
    """Does one of `phrases` (one or more words) stand among the `reach` words before `offset`?"""
    if not phrases:
        return False
    words = words_before(doc, offset, reach)
    if any(word in phrases for word in words):
        return True
    longer = _padded_phrases(phrases)
    if not longer or len(words) < 2:
        return False
    before = f" {' '.join(words)} "
    return any(phrase in before for phrase in longer)


@functools.cache
def _padded_phrases(phrases: frozenset[str]) -> tuple[str, ...]:
    """The phrases of more than one word, with a space each side (made once per word list)."""
    return tuple(f" {phrase} " for phrase in sorted(phrases) if " " in phrase)


def told_earlier(doc: Doc, date: DateMention, context: Context) -> bool:
    """Is the date told as before the news, an "already" or "earlier" beside it ("Bereits am Donnerstag",
    "donderdag al")?"""
    earlier = context.words.earlier_words
    if any(w in earlier for w in words_before(doc, date.span.start, 2)):
        return True
    return any(w.lower() in earlier for w in clause_words_after(doc, date.span.end, 1))


def clause_words_after(doc: Doc, offset: int, count: int) -> list[str]:
    """The first `count` words after `offset`, as written, up to the end of its clause (a punctuation
    mark)."""
    sentence = doc.sentences[sentence_of(doc.sentence_starts(), offset)]
    end = min(sentence.end, offset + WORD_LOOKBACK * count)
    clause = _CLAUSE_END.split(doc.text[offset:end], maxsplit=1)[0]
    return TOKEN.findall(clause)[:count]


def words_before(doc: Doc, offset: int, count: int) -> list[str]:
    """The last `count` words before `offset` in its sentence, lower-cased."""
    sentence = doc.sentences[sentence_of(doc.sentence_starts(), offset)]
    start = max(sentence.start, offset - WORD_LOOKBACK * count)
    return TOKEN.findall(doc.text[start:offset].lower())[-count:]
