"""The extractor, top to bottom: an article in, its coded events out.

Each step is one stage module in `kroniek.stages`; each reads the text and the
language's data and adds one kind of mention to the working `Doc`. The last two
steps turn mentions into events: find the reported events (triggers in a
context that reports something that happened) and give each its date, place,
actors and counts from the mentions around it.
"""

from __future__ import annotations

import datetime as dt

from kroniek import lang as language_data
from kroniek.model import Article, ArticleResult, Doc, DocDate
from kroniek.stages import actors, casualties, dates, docdate, events, langid, places, sentences


def extract_article(article: Article) -> ArticleResult:
    """Code the events one article reports."""
    doc = Doc(article)
    doc.lang = article.lang or langid.detect_language(article.text)
    try:
        lang = language_data.load(doc.lang)
    except language_data.UnknownLanguage:
        # No data for this language: say what it is, code nothing rather than guess.
        return ArticleResult(article.id, doc.lang, article.date, (), article.url)
    text = article.text
    doc.doc_date = docdate.find_doc_date(text, article.url, article.date, lang)
    doc.sentences = sentences.split_sentences(text, lang)
    doc.dates = dates.find_dates(text, lang, doc.doc_date)
    doc.places = places.find_places(text, lang)
    doc.counts = casualties.find_counts(text, lang)
    doc.actors = actors.find_actors(text, lang)
    found = events.find_events(doc, lang)
    return ArticleResult(article.id, doc.lang, doc.doc_date, tuple(found), article.url)


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
