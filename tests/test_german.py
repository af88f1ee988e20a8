"""German through every stage: the language data (kroniek/lang/de) and the general mechanisms it switches on.

German writes ordinals with a full stop ("am 13. Oktober"), capitalises every noun, glues compounds
("Selbstmordattentäter", "Luftangriffe") and puts place names in the genitive ("im Osten Afghanistans").
Each test names the stage it checks; the sentences are our own.
"""

from __future__ import annotations

import pytest

from kroniek.lang import load
from kroniek.lexicon import tokenize
from kroniek.model import DocDate
from kroniek.pipeline import extract
from kroniek.stages.actors import find_actors
from kroniek.stages.casualties import find_counts
from kroniek.stages.dates import find_dates
from kroniek.stages.places import find_places
from kroniek.stages.sentences import split_sentences
from kroniek.stages.triggers import find_mentions

DE = load("de")
FRIDAY = DocDate.parse("2019-10-18", "field")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Am 13. Oktober fielen Schüsse. Die Polizei kam.",
            ["Am 13. Oktober fielen Schüsse.", "Die Polizei kam."],
        ),
        ("Es war der 2. Weltkrieg. Dann kam Frieden.", ["Es war der 2. Weltkrieg.", "Dann kam Frieden."]),
        (
            "Die Zahl stieg auf 15. Die Polizei ermittelt.",
            ["Die Zahl stieg auf 15.", "Die Polizei ermittelt."],
        ),
        ("Dr. Müller u.a. waren da. Sie gingen.", ["Dr. Müller u.a. waren da.", "Sie gingen."]),
    ],
)
def test_sentences_german_ordinals_and_abbreviations(text: str, expected: list[str]) -> None:
    assert [text[s.start : s.end] for s in split_sentences(text, DE)] == expected


def test_sentences_ordinal_dot_is_off_for_dutch() -> None:
    text = "Het waren er 13. Oktober kwam later."
    assert len(split_sentences(text, load("nl"))) == 2


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("am vergangenen Freitag", "2019-10-11", "2019-10-11"),
        ("vorgestern", "2019-10-16", "2019-10-16"),
        ("in der Nacht zum Samstag", "2019-10-11", "2019-10-11"),
        ("vor zwei Wochen", "2019-09-30", "2019-10-06"),
        ("Anfang März", "2019-03-01", "2019-03-31"),
        ("am Montagabend", "2019-10-14", "2019-10-14"),
        ("gestern Abend", "2019-10-17", "2019-10-17"),
        ("am 13. Oktober", "2019-10-13", "2019-10-13"),
        ("am Dienstag, 15. Oktober", "2019-10-15", "2019-10-15"),
        ("vergangene Woche", "2019-10-07", "2019-10-13"),
        ("im März vergangenen Jahres", "2018-03-01", "2018-03-31"),
    ],
)
def test_dates_german_phrases(text: str, start: str, end: str) -> None:
    found = find_dates(f"Es geschah {text}.", DE, FRIDAY)
    assert len(found) == 1
    assert (found[0].window.start.isoformat(), found[0].window.end.isoformat()) == (start, end)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Bei dem Anschlag kamen mindestens 15 Menschen ums Leben, 65 weitere wurden verletzt.",
            [("killed", 15), ("injured", 65)],
        ),
        ("Dabei starben drei Menschen, 30 wurden verletzt.", [("killed", 3), ("injured", 30)]),
        ("Mindestens fünfundzwanzig Tote und Dutzende Verletzte.", [("killed", 25), ("injured", 12)]),
        ("Es gab keine Toten, niemand wurde verletzt.", [("killed", 0), ("injured", 0)]),
        ("Ein Polizist wurde getötet.", [("killed", 1)]),
        ("Der Anschlag kostete 27 Menschen das Leben.", [("killed", 27)]),
        ("Die Zahl der Todesopfer stieg auf 63.", [("killed", 63)]),
        ("Sieben Palästinenser, darunter ein Kommandeur, wurden getötet.", [("killed", 7)]),
        ("Am 13. Oktober wurden Menschen verletzt.", []),
        ("Zwei der Verletzten schweben in Lebensgefahr.", []),
    ],
)
def test_casualties_german_figures(text: str, expected: list[tuple[str, int]]) -> None:
    assert [(c.kind, c.value) for c in find_counts(text, DE)] == expected


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Bei einem US-Luftangriff starben zehn Menschen.", "air_drone_strike"),
        ("Ein Selbstmordattentäter sprengte sich in die Luft.", "suicide_bomb"),
        ("Eine Autobombe explodierte vor dem Ministerium.", "explosive"),
        ("Raketenbeschuss auf die Stadt.", "shelling"),
        ("Ein Messerangriff auf Passanten.", "civilian_attack"),
        ("Ein Brandanschlag auf eine Unterkunft.", "looting"),
        ("Bei Krawallen wurden Autos angezündet.", "riot"),
        ("Tausende Menschen demonstrierten gegen die Regierung.", "protest"),
        ("Die Regierung und die Rebellen vereinbarten eine Waffenruhe.", "agreement"),
    ],
)
def test_triggers_german_compounds(text: str, trigger: str) -> None:
    mentions = find_mentions(text, tokenize(text), split_sentences(text, DE), DE).mentions
    assert trigger in [m.trigger.name for m in mentions]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Die Rebellen drohen mit einem Angriff auf die Hauptstadt.", "modal"),
        ("Ein Anschlag war geplant.", "modal_after"),
        ("Es gab keinen Angriff.", "negation"),
        ("Er erlitt einen Herzinfarkt.", ""),
        (
            "Das Gericht verurteilte den Attentäter wegen des Anschlags zu lebenslanger Haft.",
            "sentence:trial",
        ),
    ],
)
def test_triggers_german_contexts_cancel(text: str, reason: str) -> None:
    scan = find_mentions(text, tokenize(text), split_sentences(text, DE), DE, keep_cancelled=True)
    assert all(m.cancelled.startswith(reason) and m.cancelled for m in scan.mentions)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Irakische Sicherheitskräfte und IS-Kämpfer.",
            [("Iraqi security forces", "state_forces"), ("Islamic State (IS)", "rebel_groups")],
        ),
        (
            "Anhänger der Hisbollah stürmten die US-Botschaft.",
            [("Hezbollah supporters", "protesters"), ("US embassy", "state_forces")],
        ),
        (
            "Die Bereitschaftspolizei und Demonstranten.",
            [("Police Forces", "state_forces"), ("Protesters", "protesters")],
        ),
        ("Eine klare Botschaft an die Regierung.", [("Government", "state_forces")]),
    ],
)
def test_actors_german_nouns(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.actor.name, m.actor.type) for m in find_actors(text, DE)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # genitive: the name ends before the "s"
        ("Im Osten Afghanistans wurde gekämpft.", [("Afghanistan", "AF")]),
        # a common noun that is also a town counts only after a location word
        ("Das Essen war kalt. Die Polizei in Essen ermittelt.", [("Essen", "DE")]),
        # a small country named like a noun, and words that start sentences, are no places
        ("Ein Mann wurde verletzt. Die Polizei kam. Auch Kinder.", []),
        # the first part of a compound noun is no place
        ("Proteste gegen die Corona-Maßnahmen in Berlin.", [("Berlin", "DE")]),
        # a place noun before a name does not make it a person's name
        ("Kämpfe in der Provinz Kunar in Afghanistan.", [("Kunar", "AF"), ("Afghanistan", "AF")]),
        # a location word between a noun and a name ends the noun phrase
        ("Ein Anschlag im Irak auf die Wache in Hillah.", [("Iraq", "IQ"), ("Al Hillah", "IQ")]),
        # a capitalised country adjective at the start of a sentence
        ("Israelische Kampfjets griffen Ziele in Gaza an.", [("Israel", "IL"), ("Gaza", "PS")]),
        # an organisation named after a country adjective
        ("Das sagte er der Deutschen Presse-Agentur.", []),
    ],
)
def test_places_german_capitalised_nouns(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.place.name, m.place.country) for m in find_places(text, DE)] == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [("Angriff in der Region Tahoua im Niger.", "admin1"), ("Angriff in der Stadt Tahoua im Niger.", "city")],
)
def test_places_german_region_noun_picks_the_region(text: str, kind: str) -> None:
    # Tahoua is a town and the region around it: "Region" says which, as "région" and "region" do.
    assert next((m.place.name, m.place.kind) for m in find_places(text, DE)) == ("Tahoua", kind)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Bagdad (dpa) - Ein Anschlag.", ["Baghdad"]),
        ("BERLIN (Reuters) - Ein Anschlag.", ["Berlin"]),
        ("Gaza/Tel Aviv (dpa) - Raketen.", ["Gaza", "Tel Aviv"]),
    ],
)
def test_places_german_datelines(line: str, names: list[str]) -> None:
    found = [m for m in find_places(line, DE) if m.kind == "dateline"]
    assert [m.place.name for m in found] == names


def test_pipeline_german_article_end_to_end() -> None:
    text = (
        "Kundus (dpa) - Bei einem Luftangriff auf ein Dorf in der Provinz Kundus sind am Montagabend "
        "mindestens neun Zivilisten getötet worden. Elf weitere Menschen wurden verletzt."
    )
    result = extract(text, doc_date="2019-09-17")
    assert result.lang == "de"
    assert [
        (e.sub_event_type, e.window.start.isoformat(), e.location.country, e.fatalities, e.injuries)
        for e in result.events
    ] == [("air_drone_strike", "2019-09-16", "AF", 9, 11)]
