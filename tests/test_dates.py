"""Event date expressions: what they match and the windows they resolve to.

Most cases are read in an article from Thursday 16 March 2023 (Mon 13, Tue 14, Wed 15; the week before runs
from Mon 6 to Sun 12 March).
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kroniek.lang import LanguageData, available, load
from kroniek.lexicon import fold
from kroniek.model import DateWindow, DocDate, precision_of
from kroniek.stages.calendar import PERIOD_KINDS, WEEKDAY_KINDS, calendar_of, compile_calendar
from kroniek.stages.dates import _PERIODS, _WEEKDAY_RULES, find_dates, undated_window

NL = load("nl")
EN = load("en")
THURSDAY = DocDate.parse("2023-03-16", "field")


def mentions(text: str, lang: LanguageData, doc_date: DocDate | None) -> list[tuple[str, str, str, str]]:
    return [
        (m.span.text, m.window.start.isoformat(), m.window.end.isoformat(), m.window.precision)
        for m in find_dates(text, lang, doc_date)
    ]


def one(text: str, lang: LanguageData, doc_date: DocDate | None) -> tuple[str, str, str, str]:
    found = mentions(text, lang, doc_date)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "words", "start", "end", "precision"),
    [
        (
            "Bij een aanslag op een markt zijn dinsdag zeker twaalf doden gevallen.",
            "dinsdag",
            "2023-03-14",
            "2023-03-14",
            "day",
        ),
        (
            "Zaterdagavond werd een politiebureau bestormd.",
            "Zaterdagavond",
            "2023-03-11",
            "2023-03-11",
            "day",
        ),
        ("De betoging van zondagochtend verliep rustig.", "zondagochtend", "2023-03-12", "2023-03-12", "day"),
        (
            "Rebellen vielen maandag nacht een kazerne aan.",
            "maandag nacht",
            "2023-03-13",
            "2023-03-13",
            "day",
        ),
        (
            "Het leger meldde donderdag dat de stad is heroverd.",
            "donderdag",
            "2023-03-16",
            "2023-03-16",
            "day",
        ),
        (
            "Afgelopen donderdag werd een bus beschoten.",
            "Afgelopen donderdag",
            "2023-03-09",
            "2023-03-09",
            "day",
        ),
        ("Afgelopen dinsdag werd een bus beschoten.", "Afgelopen dinsdag", "2023-03-14", "2023-03-14", "day"),
        (
            "Vorige week dinsdag kwamen duizenden mensen bijeen.",
            "Vorige week dinsdag",
            "2023-03-07",
            "2023-03-07",
            "day",
        ),
        (
            "De rellen van dinsdag vorige week kostten twee levens.",
            "dinsdag vorige week",
            "2023-03-07",
            "2023-03-07",
            "day",
        ),
        ("Gisteren werden vijf mensen ontvoerd.", "Gisteren", "2023-03-15", "2023-03-15", "day"),
        ("Gisteravond ontplofte een autobom.", "Gisteravond", "2023-03-15", "2023-03-15", "day"),
        ("Gisterenavond ontplofte een autobom.", "Gisterenavond", "2023-03-15", "2023-03-15", "day"),
        ("Eergisteren vielen er drie doden.", "Eergisteren", "2023-03-14", "2023-03-14", "day"),
        ("De politie greep vandaag in.", "vandaag", "2023-03-16", "2023-03-16", "day"),
        (
            "Vanochtend vroeg werd een checkpoint aangevallen.",
            "Vanochtend",
            "2023-03-16",
            "2023-03-16",
            "day",
        ),
        (
            "Vannacht zijn bij beschietingen twee burgers gedood.",
            "Vannacht",
            "2023-03-16",
            "2023-03-16",
            "day",
        ),
        (
            "Eerder deze week werden tien betogers opgepakt.",
            "Eerder deze week",
            "2023-03-13",
            "2023-03-16",
            "week",
        ),
        (
            "Vorige week gingen honderden boeren de straat op.",
            "Vorige week",
            "2023-03-06",
            "2023-03-12",
            "week",
        ),
        ("Vorige maand werd de burgemeester ontvoerd.", "Vorige maand", "2023-02-01", "2023-02-28", "month"),
        (
            "Soldaten werden in de nacht van dinsdag op woensdag overvallen.",
            "in de nacht van dinsdag op woensdag",
            "2023-03-14",
            "2023-03-14",
            "day",
        ),
        ("Het offensief begon op 17 oktober.", "17 oktober", "2022-10-17", "2022-10-17", "day"),
        ("Het offensief begon op 17 oktober 2019.", "17 oktober 2019", "2019-10-17", "2019-10-17", "day"),
        ("Op 3 mrt. werd de grens gesloten.", "3 mrt.", "2023-03-03", "2023-03-03", "day"),
        (
            "Twee weken geleden werd een dorp platgebrand.",
            "Twee weken geleden",
            "2023-02-27",
            "2023-03-05",
            "week",
        ),
        (
            "Drie dagen geleden werd een dorp platgebrand.",
            "Drie dagen geleden",
            "2023-03-13",
            "2023-03-13",
            "day",
        ),
        (
            "Een maand geleden werd een dorp platgebrand.",
            "Een maand geleden",
            "2023-02-01",
            "2023-02-28",
            "month",
        ),
        (
            "Op nieuwjaarsdag werden honderden mensen opgepakt.",
            "nieuwjaarsdag",
            "2023-01-01",
            "2023-01-01",
            "day",
        ),
        (
            "Op eerste kerstdag werd een kerk aangevallen.",
            "eerste kerstdag",
            "2022-12-25",
            "2022-12-25",
            "day",
        ),
        (
            "De schietpartij vond plaats op 18 maart vorig jaar.",
            "18 maart vorig jaar",
            "2022-03-18",
            "2022-03-18",
            "day",
        ),
        ("Sinds juni zijn er veertig doden gevallen.", "Sinds juni", "2022-06-01", "2022-06-30", "month"),
        ("In maart 2019 braken de protesten uit.", "In maart 2019", "2019-03-01", "2019-03-31", "month"),
        (
            "Begin maart werden de eerste betogers opgepakt.",
            "Begin maart",
            "2023-03-01",
            "2023-03-31",
            "month",
        ),
        ("De aanslag van 15.02.2023 is opgeëist.", "15.02.2023", "2023-02-15", "2023-02-15", "day"),
        ("Komende zaterdag wordt opnieuw betoogd.", "Komende zaterdag", "2023-03-18", "2023-03-18", "day"),
        ("Het afgelopen weekend waren er rellen.", "afgelopen weekend", "2023-03-11", "2023-03-12", "week"),
    ],
)
def test_dates_dutch_phrases(text: str, words: str, start: str, end: str, precision: str) -> None:
    assert one(text, NL, THURSDAY) == (words, start, end, precision)


@pytest.mark.parametrize(
    ("text", "words", "start", "end", "precision"),
    [
        (
            "Gunmen killed six villagers on Tuesday, police said.",
            "Tuesday",
            "2023-03-14",
            "2023-03-14",
            "day",
        ),
        (
            "The blast happened on Friday night near the market.",
            "Friday night",
            "2023-03-10",
            "2023-03-10",
            "day",
        ),
        ("Militants attacked the base late Tuesday.", "Tuesday", "2023-03-14", "2023-03-14", "day"),
        ("Looters struck early on Sunday.", "Sunday", "2023-03-12", "2023-03-12", "day"),
        ("Saturday's clashes left four dead.", "Saturday", "2023-03-11", "2023-03-11", "day"),
        ("Troops withdrew on Thursday.", "Thursday", "2023-03-16", "2023-03-16", "day"),
        ("The convoy was ambushed last Thursday.", "last Thursday", "2023-03-09", "2023-03-09", "day"),
        ("The convoy was ambushed last Friday.", "last Friday", "2023-03-10", "2023-03-10", "day"),
        (
            "The convoy was ambushed on Wednesday last week.",
            "Wednesday last week",
            "2023-03-08",
            "2023-03-08",
            "day",
        ),
        ("Two soldiers were abducted yesterday.", "yesterday", "2023-03-15", "2023-03-15", "day"),
        ("A curfew was imposed yesterday evening.", "yesterday evening", "2023-03-15", "2023-03-15", "day"),
        ("Rockets hit the city last night.", "last night", "2023-03-15", "2023-03-15", "day"),
        (
            "Rockets hit the city the day before yesterday.",
            "the day before yesterday",
            "2023-03-14",
            "2023-03-14",
            "day",
        ),
        ("Police fired tear gas this morning.", "this morning", "2023-03-16", "2023-03-16", "day"),
        ("Protesters will gather again tonight.", "tonight", "2023-03-16", "2023-03-16", "day"),
        (
            "Police arrested 40 people earlier this week.",
            "earlier this week",
            "2023-03-13",
            "2023-03-16",
            "week",
        ),
        ("Farmers blocked roads last week.", "last week", "2023-03-06", "2023-03-12", "week"),
        ("The governor was kidnapped last month.", "last month", "2023-02-01", "2023-02-28", "month"),
        (
            "Shelling continued overnight Tuesday to Wednesday.",
            "overnight Tuesday to Wednesday",
            "2023-03-14",
            "2023-03-14",
            "day",
        ),
        (
            "Shelling continued Friday night into Saturday.",
            "Friday night into Saturday",
            "2023-03-10",
            "2023-03-10",
            "day",
        ),
        ("The rally took place on Dec. 2 in the capital.", "Dec. 2", "2022-12-02", "2022-12-02", "day"),
        ("The rally took place on December 2.", "December 2", "2022-12-02", "2022-12-02", "day"),
        ("The rally took place on 2 December.", "2 December", "2022-12-02", "2022-12-02", "day"),
        (
            "The rally took place on the 2nd of December.",
            "2nd of December",
            "2022-12-02",
            "2022-12-02",
            "day",
        ),
        ("The rally took place on March 3.", "March 3", "2023-03-03", "2023-03-03", "day"),
        ("The rally took place on March 3, 2021.", "March 3, 2021", "2021-03-03", "2021-03-03", "day"),
        ("The strike began on May 1.", "May 1", "2022-05-01", "2022-05-01", "day"),
        ("A bomb exploded in the market two weeks ago.", "two weeks ago", "2023-02-27", "2023-03-05", "week"),
        (
            "A bomb exploded in the market a fortnight ago.",
            "a fortnight ago",
            "2023-02-27",
            "2023-03-05",
            "week",
        ),
        ("A bomb exploded in the market five days ago.", "five days ago", "2023-03-11", "2023-03-11", "day"),
        ("Hundreds were arrested on New Year's Day.", "New Year's Day", "2023-01-01", "2023-01-01", "day"),
        ("Hundreds were arrested on New Year’s Day.", "New Year’s Day", "2023-01-01", "2023-01-01", "day"),
        ("A church was attacked on Christmas Day.", "Christmas Day", "2022-12-25", "2022-12-25", "day"),
        ("Fighting broke out in March 2019.", "in March 2019", "2019-03-01", "2019-03-31", "month"),
        ("Fighting broke out in June.", "in June", "2022-06-01", "2022-06-30", "month"),
        ("Fighting broke out in mid-February.", "in mid-February", "2023-02-01", "2023-02-28", "month"),
        ("The court ruled on 15/02/2023.", "15/02/2023", "2023-02-15", "2023-02-15", "day"),
        ("The court ruled on 2023-02-15.", "2023-02-15", "2023-02-15", "2023-02-15", "day"),
        ("The bodies were found over the weekend.", "over the weekend", "2023-03-11", "2023-03-12", "week"),
    ],
)
def test_dates_english_phrases(text: str, words: str, start: str, end: str, precision: str) -> None:
    assert one(text, EN, THURSDAY) == (words, start, end, precision)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (NL, "De Tweede Kamer debatteerde over de aanslag."),
        (NL, "Mei Ling zei dat de betogers vreedzaam waren."),
        (NL, "De zondagsschool bleef dicht."),
        (NL, "De processie op Goede Vrijdag verliep rustig."),
        (NL, "Volgens Jan Peeters was het rustig."),
        (NL, "De score was 12/3 na de rust."),
        (NL, "Mars en de maan stonden laag."),
        (EN, "Thousands march through the capital."),
        (EN, "Officials may meet again to discuss the ceasefire."),
        (EN, "Theresa May said the attack was appalling."),
        (EN, "In May's government the policy changed."),
        (EN, "The Sunday Times reported the raid."),
        (EN, "The paper was quoted by the Mail on Sunday."),
        (EN, "Black Friday sales drew large crowds."),
        (EN, "the protest on saturday"),
        (EN, "They won 12/3 on aggregate."),
    ],
)
def test_dates_ignore_words_that_are_no_dates(lang: LanguageData, text: str) -> None:
    assert mentions(text, lang, THURSDAY) == []


@pytest.mark.parametrize(
    ("lang", "text", "words", "date"),
    [
        (NL, "Op zaterdag 11 maart liep de betoging uit de hand.", "zaterdag 11 maart", "2023-03-11"),
        (EN, "The attack came on Tuesday, March 14, police said.", "Tuesday, March 14", "2023-03-14"),
        (EN, "It happened on Monday, 13 March 2023.", "Monday, 13 March 2023", "2023-03-13"),
    ],
)
def test_dates_weekday_joins_the_explicit_date_it_introduces(
    lang: LanguageData, text: str, words: str, date: str
) -> None:
    assert one(text, lang, THURSDAY) == (words, date, date, "day")


@pytest.mark.parametrize(
    ("lang", "text", "doc", "start", "end", "precision"),
    [
        # A month-only publication date: every day of January 2020 is possible, no day is invented (a
        # "date 2020-01" header may be the day a page was saved, after the days it tells of).
        (NL, "Betogers blokkeerden dinsdag de snelweg.", "2020-01", "2019-12-31", "2020-01-28", "month"),
        (NL, "Betogers blokkeerden gisteren de snelweg.", "2020-01", "2019-12-31", "2020-01-30", "month"),
        (NL, "Betogers blokkeerden vorige week de snelweg.", "2020-01", "2019-12-23", "2020-01-26", "month"),
        (NL, "Het offensief begon op 17 oktober.", "2020-01", "2019-10-17", "2019-10-17", "day"),
        (NL, "Het ultimatum liep af op 20 januari.", "2020-01", "2020-01-20", "2020-01-20", "day"),
        (NL, "Op nieuwjaarsdag werden betogers opgepakt.", "2020-01", "2020-01-01", "2020-01-01", "day"),
        (
            NL,
            "In de nacht van vrijdag op zaterdag vielen schoten.",
            "2020-01",
            "2019-12-27",
            "2020-01-24",
            "month",
        ),
        (EN, "Protesters blocked the road on Tuesday.", "2020-01", "2019-12-31", "2020-01-28", "month"),
        (EN, "Protesters blocked the road on January 20.", "2020-01", "2020-01-20", "2020-01-20", "day"),
        (EN, "Protesters blocked the road in December.", "2020-01", "2019-12-01", "2019-12-31", "month"),
        # Year boundaries with a day-precise publication date.
        (NL, "Zondag werd een betoger doodgeschoten.", "2024-01-02", "2023-12-31", "2023-12-31", "day"),
        (NL, "Maandag werd een betoger doodgeschoten.", "2024-01-02", "2024-01-01", "2024-01-01", "day"),
        (
            NL,
            "Op 30 december werd een betoger doodgeschoten.",
            "2024-01-02",
            "2023-12-30",
            "2023-12-30",
            "day",
        ),
        (EN, "Last month the army withdrew.", "2024-01-10", "2023-12-01", "2023-12-31", "month"),
        (EN, "Last week the army withdrew.", "2024-01-03", "2023-12-25", "2023-12-31", "week"),
        (EN, "Hundreds were arrested on New Year's Eve.", "2024-01-02", "2023-12-31", "2023-12-31", "day"),
        # Leap years.
        (NL, "Op 29 februari werd de stad ingenomen.", "2024-03-05", "2024-02-29", "2024-02-29", "day"),
        (NL, "Op 29 februari werd de stad ingenomen.", "2023-03-05", "2020-02-29", "2020-02-29", "day"),
        (EN, "The city fell last month.", "2024-03-10", "2024-02-01", "2024-02-29", "month"),
        (EN, "The city fell yesterday.", "2024-03-01", "2024-02-29", "2024-02-29", "day"),
    ],
)
def test_dates_resolve_against_the_publication_date(
    lang: LanguageData, text: str, doc: str, start: str, end: str, precision: str
) -> None:
    _, found_start, found_end, found_precision = one(text, lang, DocDate.parse(doc, "header"))
    assert (found_start, found_end, found_precision) == (start, end, precision)


@pytest.mark.parametrize(
    ("lang", "text", "doc", "expected"),
    [
        # "last Friday" / "afgelopen vrijdag" said on a Friday is the Friday before; "Friday" is that day.
        (EN, "The attack happened last Friday.", "2023-03-17", "2023-03-10"),
        (EN, "The attack happened on Friday.", "2023-03-17", "2023-03-17"),
        (NL, "De aanslag was afgelopen vrijdag.", "2023-03-17", "2023-03-10"),
        (NL, "De aanslag was vrijdag.", "2023-03-17", "2023-03-17"),
        (NL, "De aanslag was zaterdag.", "2023-03-18", "2023-03-18"),
    ],
)
def test_dates_weekday_of_the_publication_day(lang: LanguageData, text: str, doc: str, expected: str) -> None:
    assert one(text, lang, DocDate.parse(doc, "field"))[1] == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        (NL, "Zaterdag werd een bus beschoten.", []),
        (NL, "Gisteren werd een bus beschoten.", []),
        (NL, "Op 17 oktober werd een bus beschoten.", []),
        (
            NL,
            "Op 17 oktober 2019 werd een bus beschoten.",
            [("17 oktober 2019", "2019-10-17", "2019-10-17", "day")],
        ),
        (EN, "Last week a bus was shot at.", []),
        (EN, "On March 3, 2021 a bus was shot at.", [("March 3, 2021", "2021-03-03", "2021-03-03", "day")]),
        (EN, "In March 2021 a bus was shot at.", [("In March 2021", "2021-03-01", "2021-03-31", "month")]),
    ],
)
def test_dates_without_publication_date_only_dates_with_a_year(
    lang: LanguageData, text: str, expected: list[tuple[str, str, str, str]]
) -> None:
    assert mentions(text, lang, None) == expected


def test_dates_are_sorted_with_offsets_into_the_text() -> None:
    text = (
        "Gisteren vielen doden. Op zaterdag 11 maart en vorige maand ook. In de nacht van maandag op dinsdag."
    )
    found = find_dates(text, NL, THURSDAY)
    assert [m.span.start for m in found] == sorted(m.span.start for m in found)
    assert all(text[m.span.start : m.span.end] == m.span.text for m in found)
    assert [m.span.rule for m in found] == ["relative_days", "date_phrases", "periods", "night_phrases"]


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (
            DocDate(dt.date(2023, 3, 16), "day", "field"),
            DateWindow(dt.date(2023, 3, 15), dt.date(2023, 3, 16), "week"),
        ),
        (
            DocDate(dt.date(2020, 1, 1), "month", "header"),
            DateWindow(dt.date(2019, 12, 25), dt.date(2020, 1, 31), "month"),
        ),
        (None, None),
    ],
)
def test_dates_undated_window(doc: DocDate | None, expected: DateWindow | None) -> None:
    assert undated_window(doc) == expected


# Calendar data: every language has the same keys, each documented, and valid values.


def _calendar_text(code: str) -> str:
    from importlib import resources

    return (resources.files("kroniek.lang") / code / "calendar.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize("code", available())
def test_dates_calendar_has_the_same_documented_keys(code: str) -> None:
    reference = load("nl")["calendar"]
    data = load(code)["calendar"]
    assert set(data) == set(reference)
    text = _calendar_text(code)
    for key in data:
        # The line above each key (or its table header) is a comment saying what it is.
        pattern = rf"(?m)^#[^\n]*\n(?:#[^\n]*\n)*(?:\[{key}\]|{key} =)"
        assert re.search(pattern, text), f"{code}/calendar.toml: {key} has no comment"


@pytest.mark.parametrize("code", available())
def test_dates_calendar_values_are_valid(code: str) -> None:
    data = load(code)["calendar"]
    assert len(data["months"]) == 12
    assert len(data["weekdays"]) == 7
    assert set(data["weekday_phrases"]) <= set(WEEKDAY_KINDS)
    assert set(data["periods"].values()) <= set(PERIOD_KINDS)
    assert all(re.fullmatch(r"\d\d-\d\d", value) for value in data["holidays"].values())
    assert set(data["numeric_date_orders"]) <= {"dmy", "mdy", "ymd"}
    assert calendar_of(load(code)) is not None


def test_dates_every_kind_has_a_resolver() -> None:
    assert set(_WEEKDAY_RULES) == set(WEEKDAY_KINDS)
    assert set(_PERIODS) == set(PERIOD_KINDS)


def test_dates_calendar_rejects_unknown_meanings() -> None:
    data = tomllib.loads(_calendar_text("nl"))
    data["weekday_phrases"]["sometime"] = ["ooit {weekday}"]
    with pytest.raises(ValueError, match="sometime"):
        compile_calendar("nl", data)


# German and French need only their own calendar.toml: these small ones are enough for their phrasings.

GERMAN = """
months = [["Januar", "Jan"], ["Februar", "Feb"], ["März", "Mrz"], ["April", "Apr"], ["Mai"], ["Juni", "Jun"],
  ["Juli", "Jul"], ["August", "Aug"], ["September", "Sep"], ["Oktober", "Okt"], ["November", "Nov"],
  ["Dezember", "Dez"]]
weekdays = [["Montag"], ["Dienstag"], ["Mittwoch"], ["Donnerstag"], ["Freitag"], ["Samstag", "Sonnabend"],
  ["Sonntag"]]
day_parts = ["morgen", "vormittag", "mittag", "nachmittag", "abend", "nacht"]
names_capitalized = false
ambiguous_months = []
day_suffixes = ["."]
date_phrases = ["{day} {month}[ {year}]"]
month_phrases = ["im {month}[ {year}]", "{month} {year}"]
numeric_date_orders = ["dmy"]
weekday_name_before = []
weekday_name_after = []
night_phrases = ["in der Nacht von {from} auf {to}", "in der Nacht zum {to}"]
ago_phrases = ["vor {count} {unit}"]
[year_words]
"vergangenen Jahres" = -1
[weekday_phrases]
on_or_before = ["{weekday}"]
before = ["vergangenen {weekday}", "letzten {weekday}"]
previous_week = ["{weekday} vergangener Woche"]
[relative_days]
heute = 0
gestern = -1
vorgestern = -2
[periods]
"vergangene Woche" = "last_week"
[count_words]
zwei = 2
[units]
Tagen = 1
Wochen = 7
[holidays]
Silvester = "12-31"
"""

FRENCH = """
months = [["janvier"], ["février"], ["mars"], ["avril"], ["mai"], ["juin"], ["juillet"], ["août"],
  ["septembre"], ["octobre"], ["novembre"], ["décembre"]]
weekdays = [["lundi"], ["mardi"], ["mercredi"], ["jeudi"], ["vendredi"], ["samedi"], ["dimanche"]]
day_parts = ["matin", "après-midi", "soir", "nuit"]
names_capitalized = false
ambiguous_months = []
day_suffixes = ["er"]
date_phrases = ["{day} {month}[ {year}]"]
month_phrases = ["en {month}[ {year}]"]
numeric_date_orders = ["dmy"]
weekday_name_before = []
weekday_name_after = []
night_phrases = ["dans la nuit de {from} à {to}"]
ago_phrases = ["il y a {count} {unit}"]
[year_words]
"l'an dernier" = -1
[weekday_phrases]
on_or_before = ["{weekday}"]
before = ["{weekday} dernier"]
[relative_days]
"aujourd'hui" = 0
hier = -1
"avant-hier" = -2
[periods]
"la semaine dernière" = "last_week"
[count_words]
deux = 2
[units]
semaines = 7
[holidays]
"jour de l'an" = "01-01"
"""


@pytest.mark.parametrize(
    ("data", "text", "doc", "expected"),
    [
        (GERMAN, "Am 3. Mai wurde demonstriert.", "2023-05-10", ("3. Mai", "2023-05-03", "day")),
        (GERMAN, "Vorgestern wurde demonstriert.", "2023-05-10", ("Vorgestern", "2023-05-08", "day")),
        (
            GERMAN,
            "Am vergangenen Freitag wurde demonstriert.",
            "2023-05-12",
            ("vergangenen Freitag", "2023-05-05", "day"),
        ),
        (GERMAN, "Am Freitagabend wurde demonstriert.", "2023-05-12", ("Freitagabend", "2023-05-12", "day")),
        (GERMAN, "Am Sonnabend wurde demonstriert.", "2023-05-12", ("Sonnabend", "2023-05-06", "day")),
        (
            GERMAN,
            "In der Nacht zum Mittwoch fielen Schüsse.",
            "2023-05-12",
            ("In der Nacht zum Mittwoch", "2023-05-09", "day"),
        ),
        (GERMAN, "Vor zwei Wochen fielen Schüsse.", "2023-05-12", ("Vor zwei Wochen", "2023-04-24", "week")),
        (FRENCH, "Mardi soir, la police a chargé.", "2023-05-12", ("Mardi soir", "2023-05-09", "day")),
        (
            FRENCH,
            "La semaine dernière, la police a chargé.",
            "2023-05-12",
            ("La semaine dernière", "2023-05-01", "week"),
        ),
        (FRENCH, "Le 3 mai, la police a chargé.", "2023-05-12", ("3 mai", "2023-05-03", "day")),
        (FRENCH, "Le 1er mai, la police a chargé.", "2023-05-12", ("1er mai", "2023-05-01", "day")),
        (
            FRENCH,
            "Vendredi dernier, la police a chargé.",
            "2023-05-12",
            ("Vendredi dernier", "2023-05-05", "day"),
        ),
        (FRENCH, "Avant-hier, la police a chargé.", "2023-05-12", ("Avant-hier", "2023-05-10", "day")),
        (
            FRENCH,
            "Il y a deux semaines, la police a chargé.",
            "2023-05-12",
            ("Il y a deux semaines", "2023-04-24", "week"),
        ),
    ],
)
def test_dates_other_languages_need_only_data(
    data: str, text: str, doc: str, expected: tuple[str, str, str]
) -> None:
    lang = LanguageData(f"test-{len(data)}", {"calendar": tomllib.loads(data)})
    found = find_dates(text, lang, DocDate.parse(doc, "field"))
    assert [(m.span.text, m.window.start.isoformat(), m.window.precision) for m in found] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" date 2023-03-16 Police fired tear gas on Tuesday.", ["Tuesday"]),
        ("date 2023-03 Police fired tear gas on 2023-03-14.", ["2023-03-14"]),
    ],
)
def test_dates_skip_the_publication_date_header(text: str, expected: list[str]) -> None:
    assert [m.span.text for m in find_dates(text, EN, THURSDAY)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "İ" lower-cases to two characters: the scan falls back to matching the text itself.
        ("In İzmir werd zaterdag betoogd.", [("zaterdag", "2023-03-11")]),
        ("", []),
        ("   \n  ", []),
    ],
)
def test_dates_odd_texts(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.span.text, m.window.start.isoformat()) for m in find_dates(text, NL, THURSDAY)] == expected


FR = load("fr")


@pytest.mark.parametrize(
    ("text", "words", "start", "end", "precision"),
    [
        (
            "L'attaque a eu lieu mercredi 05 décembre 2018.",
            "mercredi 05 décembre 2018",
            "2018-12-05",
            "2018-12-05",
            "day",
        ),
        (
            "Le 20 novembre dernier, quatre soldats ont été tués.",
            "20 novembre dernier",
            "2022-11-20",
            "2022-11-20",
            "day",
        ),
        (
            "Un attentat a frappé ce vendredi 10 mars.",
            "ce vendredi 10 mars",
            "2023-03-10",
            "2023-03-10",
            "day",
        ),
        ("Des heurts ont éclaté mardi soir.", "mardi soir", "2023-03-14", "2023-03-14", "day"),
        (
            "Des heurts ont éclaté la semaine dernière.",
            "la semaine dernière",
            "2023-03-06",
            "2023-03-12",
            "week",
        ),
        ("Le défilé du 1er mai a dégénéré.", "1er mai", "2022-05-01", "2022-05-01", "day"),
        ("Publié le 28/11/2020 à 16h16", "28/11/2020", "2020-11-28", "2020-11-28", "day"),
        ("Une bombe a explosé hier après-midi.", "hier après-midi", "2023-03-15", "2023-03-15", "day"),
        ("Rien ne s'est passé aujourd’hui.", "aujourd’hui", "2023-03-16", "2023-03-16", "day"),
        ("Des tirs ont visé le camp avant-hier.", "avant-hier", "2023-03-14", "2023-03-14", "day"),
        ("Il a été enlevé il y a deux semaines.", "il y a deux semaines", "2023-02-27", "2023-03-05", "week"),
        (
            "Les combats ont repris en février dernier.",
            "en février dernier",
            "2023-02-01",
            "2023-02-28",
            "month",
        ),
        (
            "Des roquettes dans la nuit de samedi à dimanche.",
            "dans la nuit de samedi à dimanche",
            "2023-03-11",
            "2023-03-11",
            "day",
        ),
        ("Il doit revenir lundi prochain.", "lundi prochain", "2023-03-20", "2023-03-20", "day"),
    ],
)
def test_dates_french_phrases(text: str, words: str, start: str, end: str, precision: str) -> None:
    assert one(text, FR, THURSDAY) == (words, start, end, precision)


@pytest.mark.parametrize(
    ("lang", "text", "words"),
    [
        ("fr", "Le 20 novembre, un soldat a été tué. Le même jour, une mine a explosé.", "Le même jour"),
        ("en", "On March 2, a soldier was killed. The same day, a mine exploded.", "The same day"),
        ("nl", "Op 2 maart werd een soldaat gedood. Dezelfde dag ontplofte een mijn.", "Dezelfde dag"),
    ],
)
def test_dates_same_day_is_the_day_named_before(lang: str, text: str, words: str) -> None:
    found = mentions(text, load(lang), THURSDAY)
    assert found[1][0] == words
    assert found[1][1:] == found[0][1:]


def test_dates_same_day_without_an_earlier_date_is_nothing() -> None:
    assert mentions("Le même jour, une mine a explosé.", FR, THURSDAY) == []


@pytest.mark.parametrize(
    ("lang", "text", "words"),
    [
        ("fr", "BAMAKO, 12 mars (AFP) - Au moins 17 soldats ont été tués mercredi.", ["mercredi"]),
        ("en", "KABUL, March 12 (Reuters) - A blast on Sunday killed four.", ["Sunday"]),
        (
            "en",
            "A blast on March 12 (local time) - the third one.",
            ["March 12"],
        ),  # no place before it
    ],
)
def test_dates_dateline_date_is_no_event_date(lang: str, text: str, words: list[str]) -> None:
    assert [m[0] for m in mentions(text, load(lang), THURSDAY)] == words


@pytest.mark.parametrize(
    ("code", "text", "words", "start", "end"),
    [
        ("nl", "In 2006 kostte een eerdere aanslag veertig levens.", "In 2006", "2006-01-01", "2006-12-31"),
        ("en", "In 2014 the group seized the town.", "In 2014", "2014-01-01", "2014-12-31"),
        ("de", "Im Jahr 2004 gab es dort Anschläge.", "Im Jahr 2004", "2004-01-01", "2004-12-31"),
        ("fr", "En 2015, une attaque avait fait dix morts.", "En 2015", "2015-01-01", "2015-12-31"),
        # A month with its year stays a month.
        ("en", "In March 2014 the group seized the town.", "In March 2014", "2014-03-01", "2014-03-31"),
    ],
)
def test_dates_year_alone_is_the_whole_year(code: str, text: str, words: str, start: str, end: str) -> None:
    assert one(text, load(code), THURSDAY) == (words, start, end, "month")


def test_dates_bare_number_is_no_year() -> None:
    assert mentions("Er waren 2014 betogers op straat.", NL, THURSDAY) == []


def _calendar_words(code: str) -> list[str]:
    """Every word of a calendar.toml (keys, values, template pieces), lower case."""
    words: list[str] = []

    def walk(item: object) -> None:
        if isinstance(item, str):
            words.extend(w.lower() for w in re.split(r"[\s{}\[\]]+", item) if w)
        elif isinstance(item, dict):
            for key, value in item.items():
                walk(key)
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(load(code)["calendar"])
    return sorted(set(words))


@pytest.mark.parametrize("code", available())
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_dates_phrase_spans_are_the_single_patterns(code: str, data: st.DataObject) -> None:
    # The phrases are found by walking a trie and compiling each word's rest on its own (start-up); they
    # must be what the one regex of all phrases finds, on texts made of the calendar's own words.
    calendar = calendar_of(load(code))
    assert calendar is not None
    pieces = st.sampled_from([*_calendar_words(code), "12", "2019", "3.4.2019", "2021-03-04", "x"])
    gaps = st.sampled_from([" ", "  ", "", "\n", "-", ".", ", ", "'", "’", "\t"])
    parts = data.draw(st.lists(st.tuples(pieces, gaps), min_size=1, max_size=8))
    low = "".join(word + gap for word, gap in parts)
    assert list(calendar.scanner.walk(low)) == [m.span() for m in re.finditer(calendar.pattern_source, low)]


@pytest.mark.parametrize(
    ("code", "text", "first"),
    [
        ("nl", "zaterdagavond 12 maart 2022 en vorige week dinsdag-avond", "zaterdagavond"),
        ("nl", "sinds   maandag  van vorige week, 3 dagen geleden, op 4.5.2021", "maandag  van vorige week"),
        ("en", "last Tuesday's attack on 12 Dec. 2019, two days ago", "last tuesday"),
        ("fr", "mardi dernier, l’avant-veille, le 3 mars", "mardi dernier"),
    ],
)
def test_dates_phrase_spans_on_phrases(code: str, text: str, first: str) -> None:
    calendar = calendar_of(load(code))
    assert calendar is not None
    low = text.lower()
    found = list(calendar.scanner.walk(low))
    assert found == [m.span() for m in re.finditer(calendar.pattern_source, low)]
    assert low[slice(*found[0])] == first


@pytest.mark.parametrize("code", available())
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_dates_phrase_lead_never_hides_a_match(code: str, data: st.DataObject) -> None:
    # A phrase is tried as a regex only where the span starts with its first letters (folded as the regex
    # compares them, ignoring case): every span a phrase's regex reads must pass that check.
    calendar = calendar_of(load(code))
    assert calendar is not None
    words = [*_calendar_words(code), "12", "2019"]
    styled = st.tuples(st.sampled_from(words), st.sampled_from([str.lower, str.upper, str.title]))
    parts = data.draw(st.lists(styled, min_size=1, max_size=6))
    text = " ".join(style(word) for word, style in parts).replace(
        "i", data.draw(st.sampled_from(["i", "ı", "İ"]))
    )
    phrases = {phrase for found in calendar.by_first_char.values() for phrase in found if phrase.lead}
    lowered = text.lower()
    if len(lowered) != len(text):
        return
    for start, end in calendar.spans(lowered):
        for phrase in phrases:
            if phrase.read(text, start, end) is not None:
                assert fold(text[start : start + len(phrase.lead)]) == phrase.lead


def test_dates_phrase_scanner_switches_to_the_single_regex() -> None:
    # After SINGLE_AFTER texts a calendar scans with its single regex: the spans stay the same.
    from kroniek.stages.phrase_trie import SINGLE_AFTER

    calendar = compile_calendar("nl", tomllib.loads(_calendar_text("nl")))
    low = "zaterdagavond 12 maart 2022, in de nacht van dinsdag op woensdag, drie dagen geleden"
    expected = [m.span() for m in re.finditer(calendar.pattern_source, low)]
    assert len(expected) >= 3
    for _ in range(SINGLE_AFTER + 2):
        assert list(calendar.spans(low)) == expected == list(calendar.scanner.walk(low))
    assert calendar.scanner._single is not None


@pytest.mark.parametrize(
    ("start", "end", "date"),
    [
        ("2024-06-24", "2024-07-31", "2024-07-01"),  # a month and the week before it: the month
        ("2019-10-14", "2019-11-17", "2019-11-01"),  # five weeks ending in November: November
        ("2019-08-13", "2019-08-19", "2019-08-13"),  # a week: its first day
        ("2014-01-01", "2015-12-31", "2014-01-01"),  # years: their first day
    ],
)
def test_a_window_dates_by_its_first_day_and_a_month_window_by_its_month(
    start: str, end: str, date: str
) -> None:
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    assert DateWindow(first, last, precision_of(first, last)).date.isoformat() == date


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("nl", "Afgelopen nacht werd een politiebureau in Venlo met stenen bekogeld."),
        ("de", "Vergangene Nacht wurde eine Polizeiwache in Kassel mit Steinen beworfen."),
        ("en", "Last night a police station in Leeds was pelted with stones."),
    ],
)
def test_dates_last_night_is_the_evening_before_publication(lang: str, text: str) -> None:
    # A night is dated to the evening it began (codebook rule 2), in every language alike.
    found = find_dates(text, load(lang), DocDate.parse("2024-03-12", "field"))
    assert [(m.window.start, m.window.end) for m in found] == [(dt.date(2024, 3, 11), dt.date(2024, 3, 11))]


@pytest.mark.parametrize(
    ("code", "text", "published", "day"),
    [
        ("de", "In der Nacht zum 1. Mai brannten in Berlin Autos.", "2009-05-02", "2009-04-30"),
        ("fr", "Dans la nuit du 2 au 3 avril, la base a été attaquée.", "2018-04-05", "2018-04-02"),
        ("fr", "Arrêtés dans la nuit du samedi 23 au dimanche 24 juin.", "2018-06-25", "2018-06-23"),
        ("nl", "In de nacht van 12 op 13 maart werd een granaat gegooid.", "2020-03-14", "2020-03-12"),
        ("en", "In the night of 12 to 13 March a bomb went off.", "2020-03-14", "2020-03-12"),
    ],
)
def test_dates_a_night_named_by_dates_is_the_evening_it_began(code, text, published, day):
    (found,) = find_dates(text, load(code), DocDate.parse(published, "field"))
    assert (found.window.start.isoformat(), found.window.end.isoformat()) == (day, day)


@pytest.mark.parametrize(
    ("text", "lang", "words", "month"),
    [
        ("Seven years after the clash, the police honoured the dead.", "en", "Seven years after", "2016-03"),
        ("Six ans après l'attentat, le procès s'ouvre.", "fr", "Six ans après", "2017-03"),
        ("Zes jaar na de aanslag begint het proces.", "nl", "Zes jaar na", "2017-03"),
        ("Sechs Jahre nach dem Anschlag beginnt der Prozess.", "de", "Sechs Jahre nach", "2017-03"),
    ],
)
def test_dates_years_after_an_event_date_it_that_many_years_back(
    text: str, lang: str, words: str, month: str
) -> None:
    found, start, end, precision = one(text, load(lang), THURSDAY)
    assert (found, start[:7], end[:7], precision) == (words, month, month, "month")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # Days or weeks after an event, the sentence tells what happened since: not a date of its own.
        ("Two days after the attack, the army arrested ten suspects.", "en"),
        ("Drei Wochen nach dem Anschlag nahm die Polizei zwei Männer fest.", "de"),
    ],
)
def test_dates_days_after_an_event_are_no_date(text: str, lang: str) -> None:
    assert mentions(text, load(lang), THURSDAY) == []
