"""The extractor, top to bottom: an article in, its coded events out.

Each step is one stage module in `kroniek.stages`; each reads the text and the
language's data and adds one kind of mention to the working `Doc`. The last two
steps turn mentions into events: find the reported events (triggers in a
context that reports something that happened) and give each its date, place,
actors and counts from the mentions around it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections.abc import Iterator
from typing import Literal

from kroniek import lang as language_data
from kroniek.lang import LanguageData
from kroniek.learn.detector import Detector, shipped_detector
from kroniek.learn.features import sentence_features
from kroniek.model import Article, ArticleResult, Doc, DocDate
from kroniek.stages import actors, casualties, dates, docdate, events, langid, places, sentences


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector off while one article is read.

    The stages make millions of small objects for a large article and almost no reference cycles (3,158
    objects in cycles after a 4 MB one); reference counting frees the rest as before. With the collector
    on, each full collection walked all the objects still alive again: 1-2 s of a 1 MB article of dense
    reports, a fifth to a third of its time (issue 13). The few cycles wait for its next run after the
    article. The switch is process-wide: a thread that finds it off leaves it to the one that turned it off.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


@_no_cycle_collection()
def extract_article(
    article: Article, detector: Detector | Literal["shipped"] | None = "shipped"
) -> ArticleResult:
    """Code the events one article reports.

    `detector` is the learned event detector ("shipped": the one in `kroniek/models/`; None: the trigger
    rules alone decide which sentences report events).
    """
    doc = Doc(article)
    doc.lang = article.lang or langid.detect_language(article.text)
    try:
        lang = language_data.load(doc.lang)
    except language_data.UnknownLanguage:
        # No data for this language: say what it is, code nothing rather than guess.
        return ArticleResult(article.id, doc.lang, article.date, (), article.url)
    read_mentions(doc, lang)
    scan = events.scan_mentions(doc, lang)
    context = events.make_context(doc, lang, scan.hits)
    if detector == "shipped":
        detector = shipped_detector()
    if detector is None:
        found = events.find_events(doc, lang, scan, context=context)
    else:
        # The rules' events are features of the detector, which then decides which sentences report events.
        features = sentence_features(doc, scan.hits, events.find_rule_events(doc, scan, context))
        decisions = detector.decide(features, events.weapon_sentences(scan))
        found = events.find_events(doc, lang, scan, decisions, context)
    return ArticleResult(article.id, doc.lang, doc.doc_date, tuple(found), article.url)


def read_mentions(doc: Doc, lang: LanguageData) -> None:
    """Fill `doc` with the mentions the stages find: publication date, sentences, dates, places, figures
    and actors."""
    text = doc.text
    doc.doc_date = docdate.find_doc_date(text, doc.article.url, doc.article.date, lang)
    doc.sentences = sentences.split_sentences(text, lang)
    doc.dates = dates.find_dates(text, lang, doc.doc_date)
    doc.places = places.find_places(text, lang)
    doc.counts = casualties.find_counts(text, lang)
    doc.actors = actors.find_actors(text, lang)


def extract(
    text: str,
    *,
    id: str = "",
    url: str | None = None,
    doc_date: str | dt.date | None = None,
    lang: str | None = None,
) -> ArticleResult:
    """Code the events a text reports.

    `doc_date` is the publication date if known: a date, or "YYYY-MM-DD" / "YYYY-MM".

    >>> text = "Bij een bomaanslag in Kaboel zijn zaterdag zeker tien doden gevallen."
    >>> result = extract(text, doc_date="2019-08-19")
    >>> [(e.event_type, e.location.country, e.fatalities) for e in result.events]
    [('explosions_remote_violence', 'AF', 10)]
    """
    given = DocDate.parse(doc_date, source="field") if doc_date else None
    return extract_article(Article(id=id, text=text, url=url, date=given, lang=lang))
