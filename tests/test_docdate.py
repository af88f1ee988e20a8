"""The publication date: header, given date, URL and date lines, in that order of trust."""

from __future__ import annotations

import datetime as dt

import pytest

from kroniek.lang import LanguageData, load
from kroniek.model import DocDate
from kroniek.stages.docdate import find_doc_date

NL = load("nl")
EN = load("en")
BODY = "Bij een aanval op een dorp zijn zeker vijf mensen omgekomen. Dat meldt de politie."


def found(text: str, url: str | None = None, given: DocDate | None = None, lang: LanguageData = NL) -> tuple:
    doc_date = find_doc_date(text, url, given, lang)
    if doc_date is None:
        return (None,)
    return (doc_date.iso(), doc_date.precision, doc_date.source)


@pytest.mark.parametrize(
    ("text", "expected", "span"),
    [
        (" date 2020-01 Demonstranten trokken door de stad.", ("2020-01", "month", "header"), (1, 13)),
        ("date 2022-11-04 Demonstranten trokken door de stad.", ("2022-11-04", "day", "header"), (0, 15)),
        ("\n  date 2021-06\nDemonstranten trokken door de stad.", ("2021-06", "month", "header"), (3, 15)),
    ],
)
def test_docdate_header(text: str, expected: tuple, span: tuple[int, int]) -> None:
    doc_date = find_doc_date(text, None, None, NL)
    assert doc_date is not None
    assert (doc_date.iso(), doc_date.precision, doc_date.source) == expected
    assert doc_date.span is not None and (doc_date.span.start, doc_date.span.end) == span
    assert text[doc_date.span.start : doc_date.span.end] == doc_date.span.text


@pytest.mark.parametrize(
    "text",
    ["Een date 2020-01 later in de tekst.", "date 2020-13 Ongeldige maand.", "update 2020-01 Geen kop."],
)
def test_docdate_header_only_first_and_valid(text: str) -> None:
    assert found(text) == (None,)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/nieuws/2019/12/31/aanslag-in-de-hoofdstad", ("2019-12-31", "day", "url")),
        ("https://example.org/2021/11/3/rellen-na-betoging", ("2021-11-03", "day", "url")),
        ("https://example.org/world/2018/dec/02/protests-in-the-capital", ("2018-12-02", "day", "url")),
        ("https://example.org/world/2014-01/24/content_123456.htm", ("2014-01-24", "day", "url")),
        ("https://example.org/archives/la-xpm-2006-feb-14-fg-story.html", ("2006-02-14", "day", "url")),
        ("https://example.org/news/2019-12-31-clashes-in-the-north", ("2019-12-31", "day", "url")),
        ("https://example.org/paper/20191231/2816124200", ("2019-12-31", "day", "url")),
        ("https://example.org/cnt/dmf20190706_04498193", ("2019-07-06", "day", "url")),
        # forms seen on news sites: a time after the day, runs of year+month or month+day, day first
        ("https://example.org/police/rellen_AN-201903170735.html", ("2019-03-17", "day", "url")),
        ("https://example.org/actualites/201904/27/01-4519835-betoging.php", ("2019-04-27", "day", "url")),
        ("https://example.org/n3/2017/0224/c96852-9182070.html", ("2017-02-24", "day", "url")),
        ("https://example.org/2008oct10/rebels_ambush_patrol.html", ("2008-10-10", "day", "url")),
        ("https://example.org/inhalte/185465/28-04-2021/aanvallen-op-dorpen", ("2021-04-28", "day", "url")),
        ("https://example.org/06-Apr-2013/militants-killed", ("2013-04-06", "day", "url")),
        ("https://example.org/2002/WORLD/asia/09/08/rebels.attack/", ("2002-09-08", "day", "url")),
        # day, month and year run together, a counter after them; only when one reading is a date
        ("https://example.org/english/world/230720167-amp", ("2016-07-23", "day", "url")),
        ("https://example.org/english/world/051120161-amp", (None,)),
        # a day-first date inside a slug is as often what the article is about: not a publication date
        ("https://example.org/2-fevrier-2008-la-bataille-de-la-capitale/", (None,)),
        # a number with more digits after it is no date
        ("https://example.org/story/20190317073512345/x", (None,)),
        (
            "https://example.org/government-news/2017/11/police-raid-in-the-south/",
            ("2017-11", "month", "url"),
        ),
        ("https://example.org/artikel/3046284/betogers-opgepakt.html", (None,)),
        ("https://example.org/world/content_15862035.htm", (None,)),
        ("https://example.org/film/1917-passeert-miljoen-bezoekers", (None,)),
        ("https://example.org/1985/03/12/oud-nieuws", (None,)),
    ],
)
def test_docdate_url(url: str, expected: tuple) -> None:
    assert found(BODY, url) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected", "words"),
    [
        ("Betogers opgepakt\n\n3 september 2021\n\n" + BODY, NL, "2021-09-03", "3 september 2021"),
        ("Ontvoering in het noorden\n14 July 2016 18:02\n" + BODY, NL, "2016-07-14", "14 July 2016"),
        ("Published: 03rd March 2019\n\nPolice said five people died.", EN, "2019-03-03", "03rd March 2019"),
        (
            "Clashes in the north\n\nOctober 7, 2020\n\nPolice said five people died.",
            EN,
            "2020-10-07",
            "October 7, 2020",
        ),
        ("Updated: 2015-02-19 10:12\n\nPolice said five people died.", EN, "2015-02-19", "2015-02-19"),
        (
            "Anschlag im Norden\n\n21.08.2016, 09:15 Uhr\n· Online seit 01.01.2000\n",
            EN,
            "2016-08-21",
            "21.08.2016",
        ),
        ("Manifestation à Lyon\n\nPublié le 05/12/2019 18:30\n", EN, "2019-12-05", "05/12/2019"),
    ],
)
def test_docdate_text_line(text: str, lang: LanguageData, expected: str, words: str) -> None:
    doc_date = find_doc_date(text, None, None, lang)
    assert doc_date is not None
    assert (doc_date.iso(), doc_date.precision, doc_date.source) == (expected, "day", "text")
    assert doc_date.span is not None and doc_date.span.text == words
    assert text[doc_date.span.start : doc_date.span.end] == words


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        # A dateline gives month and day; the year must come from elsewhere.
        (
            "BAMAKO, May 14 — Gunmen attacked a village.",
            "https://example.org/2022/africa/raid",
            ("2022-05-14", "day", "text"),
        ),
        ("BAMAKO, May 14 — Gunmen attacked a village.", "https://example.org/africa/raid", (None,)),
        (
            "ADDIS ABABA, March 2 (Reuters) - Rebels took the town.",
            "https://example.org/2021/x",
            ("2021-03-02", "day", "text"),
        ),
        (" date 2022-05 BAMAKO, May 14 — Gunmen attacked a village.", None, ("2022-05-14", "day", "text")),
        (" date 2022-06 BAMAKO, May 14 — Gunmen attacked a village.", None, ("2022-06", "month", "header")),
    ],
)
def test_docdate_dateline_needs_a_year(text: str, url: str | None, expected: tuple) -> None:
    assert found(text, url, lang=EN) == expected


@pytest.mark.parametrize(
    ("text", "url", "given", "expected"),
    [
        # A month header is refined by a day inside that month from a later source...
        (" date 2022-04 Betogers opgepakt 12 april 2022\n" + BODY, None, None, ("2022-04-12", "day", "text")),
        (" date 2022-04 " + BODY, "https://example.org/2022/04/12/x", None, ("2022-04-12", "day", "url")),
        (" date 2022-04 " + BODY, None, DocDate.parse("2022-04-12", "field"), ("2022-04-12", "day", "field")),
        (
            BODY,
            "https://example.org/2022/04/12/x",
            DocDate.parse("2022-04", "field"),
            ("2022-04-12", "day", "url"),
        ),
        # ...but not by a later day outside it: the most trusted source wins a conflict...
        (" date 2018-07 " + BODY, "https://example.org/2019/11/3/x", None, ("2018-07", "month", "header")),
        # ...unless the URL's day comes before the header's month: the header is then when the page was
        # saved (a crawl date), the URL when it was published.
        (" date 2018-07 " + BODY, "https://example.org/2010/11/3/x", None, ("2010-11-03", "day", "url")),
        (" date 2022-04 Gepubliceerd 12 mei 2022\n" + BODY, None, None, ("2022-04", "month", "header")),
        (
            " date 2022-04-02 " + BODY,
            "https://example.org/2022/04/12/x",
            None,
            ("2022-04-02", "day", "header"),
        ),
        (
            BODY,
            "https://example.org/2022/04/12/x",
            DocDate.parse("2021-01-05", "field"),
            ("2021-01-05", "day", "field"),
        ),
        # The URL beats a date line.
        (
            "Bijgewerkt 1 mei 2022\n" + BODY,
            "https://example.org/2022/04/12/x",
            None,
            ("2022-04-12", "day", "url"),
        ),
    ],
)
def test_docdate_order_of_trust_and_refinement(
    text: str, url: str | None, given: DocDate | None, expected: tuple
) -> None:
    assert found(text, url, given) == expected


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        # Junk dates: implausible years, dates that disagree with the URL's year, dates far down the text.
        ("Online sinds 01.01.1980\n" + BODY, None, (None,)),
        ("© 2019 Alle rechten voorbehouden\n" + BODY, None, (None,)),
        ("Online sinds 01.01.2000\n" + BODY, "https://example.org/2015/x/y", (None,)),
        (
            "Online sinds 01.01.2000, bijgewerkt 04.03.2015\n" + BODY,
            "https://example.org/2015/x",
            ("2015-03-04", "day", "text"),
        ),
        (BODY, None, (None,)),
    ],
)
def test_docdate_ignores_junk(text: str, url: str | None, expected: tuple) -> None:
    assert found(text, url) == expected


@pytest.mark.parametrize(
    ("text", "url", "expected"),
    [
        # Nothing near the top: the latest full date anywhere in the text is the reference day.
        (BODY * 6 + " Op 3 september 2021 werd het rustig.", None, ("2021-09-03", "day", "text")),
        (
            BODY * 6 + " Op 3 september 2021 begon het, op 5 september 2021 werd het rustig.",
            None,
            ("2021-09-05", "day", "text"),
        ),
        # ... of the URL's year when the URL names one; a bare year does not date the page.
        (BODY * 6 + " Op 3 september 2019 begon het.", "https://example.org/2021/x/y", (None,)),
        (BODY * 6 + " Het begon in 2019.", None, (None,)),
        # A date near the top still wins over a later one further down.
        ("Op 2 maart 2020\n" + BODY * 6 + " Op 3 september 2021.", None, ("2020-03-02", "day", "text")),
    ],
)
def test_docdate_latest_full_date_when_nothing_else_dates_the_page(
    text: str, url: str | None, expected: tuple
) -> None:
    assert found(text, url) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # A month header, and digits in the URL that start with its year, month and a day.
        ("https://example.org/news/201701301029857441-some-title/", ("2017-01-30", "day", "url")),
        # Digits that start with another month, or no valid day, leave the month as it is.
        ("https://example.org/news/201702101029857441-some-title/", ("2017-01", "month", "header")),
        ("https://example.org/news/201701451029857441-some-title/", ("2017-01", "month", "header")),
        ("https://example.org/news/9201701301029857441-some-title/", ("2017-01", "month", "header")),
    ],
)
def test_docdate_url_digits_give_the_day_of_a_month_header(url: str, expected: tuple) -> None:
    assert found(" date 2017-01 " + BODY, url) == expected


def test_docdate_given_date_without_other_sources() -> None:
    given = DocDate(dt.date(2020, 2, 3), "day", "field")
    assert find_doc_date(BODY, None, given, NL) == given


def test_docdate_english_month_names_in_a_dutch_url() -> None:
    assert found(BODY, "https://example.org/nieuws/2018/oct/02/rellen", lang=NL) == (
        "2018-10-02",
        "day",
        "url",
    )


FR = load("fr")
DE = load("de")


@pytest.mark.parametrize(
    ("text", "url", "lang", "expected"),
    [
        # A page's crawl date comes first; the label names the page's own date.
        (
            "Rebels raid a town\nToday in Delhi\nMar 3, 2021-Wednesday\n\nUpdated: Sep 14, 2011 10:05 IST\n\n"
            "Rebels raided a town on Tuesday.",
            None,
            EN,
            ("2011-09-14", "day", "text"),
        ),
        # An event's full date in the first line, the label's later on: the label wins.
        (
            "Deux soldats tués mardi 8 mars 2016 à Gao. Publié le mercredi 9 mars 2016 | Agence",
            None,
            FR,
            ("2016-03-09", "day", "text"),
        ),
        # Published and updated (or a placeholder first): the latest stamp.
        (
            "Krawalle in der Nacht. veröffentlicht: 1. Januar 2000 00:00 aktualisiert: 4. Mai 2019 07:10",
            None,
            DE,
            ("2019-05-04", "day", "text"),
        ),
        # The label of another language than the article's counts too (a page's chrome).
        ("Twee doden bij een aanval. Posted on 7 juni 2018.", None, NL, ("2018-06-07", "day", "text")),
        # A label's date of another year than the URL's is a link to another page.
        (
            "Twee doden bij een aanval op 3 mei 2018. Gepubliceerd op: 16 januari 2025",
            "https://example.org/2018/x",
            NL,
            ("2018-05-03", "day", "text"),
        ),
        # A URL date ranks above any label.
        (
            "Twee doden. Gepubliceerd op: 16 januari 2025",
            "https://example.org/2018/05/04/x",
            NL,
            ("2018-05-04", "day", "url"),
        ),
        # A label far from its date labels something else.
        (
            "Op 2 maart 2020 viel het leger aan. Bijgewerkt door de redactie van onze krant, zie 3 mei 2018.",
            None,
            NL,
            ("2020-03-02", "day", "text"),
        ),
    ],
)
def test_docdate_labelled_date(text: str, url: str | None, lang: LanguageData, expected: tuple) -> None:
    assert found(text, url, lang=lang) == expected


def test_docdate_labelled_date_span_points_at_the_date() -> None:
    text = "Koptekst 2 maart 2020. Gepubliceerd op: 16 januari 2021, 10:00"
    doc_date = find_doc_date(text, None, None, NL)
    assert doc_date is not None and doc_date.span is not None
    assert text[doc_date.span.start : doc_date.span.end] == "16 januari 2021"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A wire's dateline with its own year beats a headline's date above it.
        (
            "Les rebelles entrent samedi 15 mars 2003 dans Bangui\n\nLIBREVILLE, 16 mars 2003 (AFP) - Ils",
            ("2003-03-16", "day", "text"),
        ),
        # Without its own year (and none from the URL) a dateline dates nothing; the headline's date stays.
        (
            "Les rebelles entrent samedi 15 mars 2003 dans Bangui\n\nLIBREVILLE, 16 mars (AFP) - Ils",
            ("2003-03-15", "day", "text"),
        ),
    ],
)
def test_docdate_dateline_with_its_own_year(text: str, expected: tuple) -> None:
    assert found(text, lang=FR) == expected
