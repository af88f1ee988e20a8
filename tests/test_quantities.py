"""Reading count expressions: digits, number words, vague amounts, qualifiers and ranges."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kroniek.lang import load
from kroniek.stages.quantities import alternation, quantity_grammar


@pytest.mark.parametrize(
    ("lang", "text", "low", "high"),
    [
        ("nl", "25", 25, 25),
        ("nl", "1.500", 1500, 1500),
        ("nl", "1 500", 1500, 1500),
        ("nl", "vijfentwintig", 25, 25),
        ("nl", "drieënvijftig", 53, 53),
        ("nl", "tweeduizend vijfhonderd", 2500, 2500),
        ("nl", "zeker 25", 25, 25),
        ("nl", "meer dan twintig", 20, 20),
        ("nl", "13 tot 20", 13, 20),
        ("nl", "tussen 13 en 20", 13, 20),
        ("nl", "tientallen", 10, 10),
        ("nl", "een tiental", 10, 10),
        ("nl", "enkele tientallen", 10, 10),
        ("nl", "1,5 miljoen", 1500000, 1500000),
        ("en", "1,500", 1500, 1500),
        ("en", "twenty-five", 25, 25),
        ("en", "one hundred and twenty", 120, 120),
        ("en", "at least 25", 25, 25),
        ("en", "a dozen", 12, 12),
        ("en", "dozens", 12, 12),
        ("en", "tens of thousands", 10000, 10000),
        ("en", "several hundred", 100, 100),
        ("en", "two or three", 2, 3),
        ("en", "2 million", 2000000, 2000000),
    ],
)
def test_quantities_read_values(lang: str, text: str, low: int, high: int) -> None:
    grammar = quantity_grammar(load(lang))
    assert re.fullmatch(grammar.pattern, text), "the combined pattern must match what `read` reads"
    count = grammar.read(text)
    assert count is not None
    assert (count.low, count.high) == (low, high)


@pytest.mark.parametrize(
    ("lang", "text", "number"),
    [
        ("nl", "zeker 25", "25"),
        ("nl", "ten minste vier", "vier"),
        ("en", "more than 20", "20"),
        ("en", "12", "12"),
    ],
)
def test_quantities_number_starts_after_the_qualifiers(lang: str, text: str, number: str) -> None:
    count = quantity_grammar(load(lang)).read(text)
    assert count is not None
    assert text[count.number_start :] == number


@pytest.mark.parametrize(("lang", "text"), [("en", "1.5"), ("nl", "2,25"), ("en", "one two")])
def test_quantities_no_whole_number_reads_none(lang: str, text: str) -> None:
    assert quantity_grammar(load(lang)).read(text) is None


@pytest.mark.parametrize(
    ("text", "year_like"), [("2019", True), ("1914", True), ("1500", False), ("250", False), ("2500", False)]
)
def test_quantities_four_digit_years_are_flagged(text: str, year_like: bool) -> None:
    count = quantity_grammar(load("en")).read(text)
    assert count is not None
    assert count.year_like is year_like


@pytest.mark.parametrize(
    "pattern_text",
    ["13u09", "08:34", "49-jarige", "COVID-19", "25%", "€25", "25e"],
)
def test_quantities_digits_inside_other_tokens_are_not_counts(pattern_text: str) -> None:
    grammar = quantity_grammar(load("nl"))
    assert not re.search(grammar.pattern, pattern_text.lower())


@pytest.mark.parametrize(
    ("phrases", "matches", "misses"),
    [
        (["at least", "at", "about"], ["at least", "at", "about"], ["a", "abou"]),
        (["een", "één"], ["één"], ["ee"]),
    ],
)
def test_quantities_alternation_is_a_trie_of_the_phrases(
    phrases: list[str], matches: list[str], misses: list[str]
) -> None:
    regex = re.compile(f"(?:{alternation(phrases)})")
    assert all(regex.fullmatch(m) for m in matches)
    assert not any(regex.fullmatch(m) for m in misses)


@pytest.mark.parametrize("code", ["nl", "en", "fr", "de"])
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_quantities_ranges_compiled_only_where_one_can_be(code: str, data: st.DataObject) -> None:
    # The range regexes are compiled when an expression could be a range: every expression either regex
    # matches must pass that check, or a range would be read as no count.
    grammar = quantity_grammar(load(code))
    numbers = load(code)["numbers"]
    joiners = numbers["grammar"]["range_joiners"]
    firsts = [pair[0] for pair in numbers["grammar"]["range_between"]]
    seconds = [pair[1] for pair in numbers["grammar"]["range_between"]]
    piece = st.sampled_from(["13", "20", "1.500", *list(numbers["words"])[:20], *joiners, *firsts, *seconds])
    gap = st.sampled_from([" ", "", "  ", "\t"])
    text = "".join(w + g for w, g in data.draw(st.lists(st.tuples(piece, gap), min_size=1, max_size=5)))
    text = text.strip()
    if re.fullmatch(grammar._range_source, text):
        assert grammar._may_be_range(text)
    if re.fullmatch(grammar._between_source_text, text):
        assert text.startswith(grammar._between_starts)
