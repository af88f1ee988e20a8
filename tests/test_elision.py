"""Elision (French "l'attaque", "d'un", "qu'il"): one mechanism, switched on by `elisions` in language.toml,
used wherever text is matched against word lists."""

from __future__ import annotations

import pytest

from kroniek import elision
from kroniek.lang import load
from kroniek.lexicon import tokenize
from kroniek.stages.actors import find_actors
from kroniek.stages.casualties import find_counts
from kroniek.stages.places import find_places


@pytest.mark.parametrize(
    ("word", "length"),
    [
        ("l'attaque", 2),
        ("l’armée", 2),
        ("d'un", 2),
        ("qu'il", 3),
        ("jusqu'à", 6),
        ("lorsqu'une", 7),
        ("aujourd'hui", 0),
        ("presqu'île", 0),
        ("attaque", 0),
        ("l'", 0),
    ],
)
def test_elision_elided_length(word: str, length: int) -> None:
    assert elision.elided_length(word, load("fr")) == length


@pytest.mark.parametrize("code", ["nl", "en"])
def test_elision_off_without_data(code: str) -> None:
    lang = load(code)
    tokens = tokenize("l'attaque in Kaboel")
    assert elision.elision_regex(lang) is None
    assert elision.split_tokens(tokens, lang) is tokens
    assert elision.split_elisions("tirs d'obus", lang) == "tirs d'obus"


def test_elision_split_tokens_keeps_offsets() -> None:
    text = "Après l’explosion d'un engin, jusqu'à aujourd'hui."
    tokens = elision.split_tokens(tokenize(text), load("fr"))
    assert [t.text for t in tokens] == [
        "Après",
        "l'",
        "explosion",
        "d'",
        "un",
        "engin",
        "jusqu'",
        "à",
        "aujourd'hui",
    ]
    assert [text[t.start : t.end] for t in tokens][1] == "l’"
    assert all(text[t.start : t.end] == t.text for t in tokens if "'" not in t.text)


@pytest.mark.parametrize(
    ("pattern", "stripped"),
    [
        ("tirs d'obus", "tirs d' obus"),
        ("s’est fait exploser", "s' est fait exploser"),
        ("attaque*", "attaque*"),
    ],
)
def test_elision_split_elisions(pattern: str, stripped: str) -> None:
    assert elision.split_elisions(pattern, load("fr")) == stripped


def test_elision_token_regex_splits_off_the_elided_word() -> None:
    pattern = elision.token_regex(r"\w+(?:[-'’.]\w+)*|[^\w\s]", load("fr"))
    assert pattern.findall("personne n’a été blessé aujourd'hui") == [
        "personne",
        "n’",
        "a",
        "été",
        "blessé",
        "aujourd'hui",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Personne n’a été blessé.", [("injured", 0), ("killed", 0)]),
        ("Deux hommes armés ont tué l'imam du village.", [("killed", 1)]),  # the imam, not the two men
        ("L'explosion a fait un bilan d'au moins 12 morts.", [("killed", 12)]),
    ],
)
def test_elision_in_casualties(text: str, expected: list[tuple[str, int]]) -> None:
    assert [(c.kind, c.value) for c in find_counts(text, load("fr"))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("L'Irak et la Syrie.", ["Iraq", "Syria"]),
        ("Des heurts en Côte d'Ivoire.", ["Ivory Coast"]),
        ("Une explosion à N'Djamena.", ["N'Djamena"]),
        ("Des soldats d’Afghanistan.", ["Afghanistan"]),
    ],
)
def test_elision_in_places(text: str, expected: list[str]) -> None:
    assert [m.place.name for m in find_places(text, load("fr"))] == expected


@pytest.mark.parametrize(
    ("text", "span", "name"),
    [
        ("des combattants de l'État islamique", "combattants de l'État islamique", "Islamic State (IS)"),
        ("des membres d’Al-Qaïda", "membres d’Al-Qaïda", "al-Qaeda"),
        ("l’armée malienne", "armée malienne", "Malian Armed Forces (FAMa)"),
    ],
)
def test_elision_in_actors(text: str, span: str, name: str) -> None:
    found = find_actors(text, load("fr"))
    assert [(m.span.text, m.actor.name) for m in found] == [(span, name)]
