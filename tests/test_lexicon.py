import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kroniek.lexicon import Lexicon, tokenize


def _found(lexicon: Lexicon, text: str) -> list[tuple[str, str]]:
    return [(text[h.start : h.end], h.tag) for h in lexicon.find(tokenize(text))]


def test_lexicon_tokenize_keeps_hyphens_apostrophes_and_offsets():
    text = "De ME-agenten en Kata’ib Hezbollah, 25 doden."
    tokens = tokenize(text)
    assert [t.text for t in tokens] == ["De", "ME-agenten", "en", "Kata’ib", "Hezbollah", "25", "doden"]
    assert all(text[t.start : t.end] == t.text for t in tokens)


@pytest.mark.parametrize(
    ("pattern", "word", "matches"),
    [
        ("aanval", "aanval", True),
        ("aanval", "Aanval", True),
        ("aanval", "aanvallen", False),
        ("aanval*", "aanvallen", True),
        ("*aanval", "luchtaanval", True),
        ("*aanval", "luchtaanvallen", False),
        ("*aanval*", "raketaanvallen", True),
        ("ME", "ME", True),
        ("ME", "me", False),
        ("ME-*", "ME-agenten", True),
    ],
)
def test_lexicon_pattern_forms(pattern, word, matches):
    assert (Lexicon([(pattern, "tag")]).tags_of(word) == ("tag",)) is matches


@pytest.mark.parametrize(
    "text",
    ["An air strike hit the town.", "An air-strike hit the town.", "An airstrike hit the town."],
)
def test_lexicon_sequence_matches_open_hyphenated_and_closed(text):
    found = _found(Lexicon([("air strike*", "air")]), text)
    assert [tag for _, tag in found] == ["air"]
    assert found[0][0].lower().replace("-", " ").replace("airs", "air s") == "air strike"


def test_lexicon_sequence_needs_every_word():
    assert _found(Lexicon([("air strike*", "air")]), "The air was still; a strike began.") == []


def test_lexicon_drops_matches_inside_longer_ones():
    lexicon = Lexicon([("riot", "riot"), ("riot police", "police"), ("police", "force")])
    assert _found(lexicon, "Riot police fired tear gas.") == [("Riot police", "police")]


def test_lexicon_keeps_several_tags_on_one_word():
    lexicon = Lexicon([("*aanval*", "attack"), ("lucht*", "air")])
    assert sorted(tag for _, tag in _found(lexicon, "De luchtaanval.")) == ["air", "attack"]


def test_lexicon_cache_gives_the_same_answer_twice():
    lexicon = Lexicon([("bom*", "bomb")])
    first = lexicon.tags_of("bommen")
    assert lexicon.tags_of("bommen") == first == ("bomb",)
    assert lexicon.tags_of("boom") == ()


# The automaton only proposes patterns; each is then matched as the regex the pattern syntax stands for. These
# words differ from a pattern only in case, in characters `re.IGNORECASE` takes as one ("ı"/"i", "ſ"/"s",
# "İ", final sigma), or where a star allows: the tags must be exactly those of the regexes.
PATTERNS = [
    ("aanval", "exact"), ("*aanval", "head"), ("lucht*", "tail"), ("*slag*", "inner"), ("ME", "caps"),
    ("istanbul", "city"), ("strasse*", "street"), ("σας", "greek"), ("bomb squad", "squad"), ("*", "any"),
]  # fmt: skip
WORDS = [
    "aanval", "AANVAL", "luchtaanval", "aanvallen", "Luchtmacht", "aanslagen", "slag", "ME", "Me", "me",
    "İstanbul", "ıstanbul", "ſtrasse", "STRASSE-west", "ΣΑΣ", "σασ", "bomb-squad", "bombsquad", "x", "",
]  # fmt: skip


def _regex_tags(word: str) -> set[str]:
    import re

    from kroniek.lexicon import _part_regex

    found = set()
    for pattern, tag in PATTERNS:
        forms = [pattern] if " " not in pattern else ["-".join(pattern.split()), "".join(pattern.split())]
        if any(re.fullmatch(_part_regex(form), word, re.IGNORECASE) for form in forms):
            found.add(tag)
    return found


@pytest.mark.parametrize("word", WORDS)
def test_lexicon_automaton_agrees_with_the_regexes(word):
    tags = {tag for tag in Lexicon(PATTERNS).tags_of(word) if not tag.startswith("\x00")}
    assert tags == _regex_tags(word)


_LETTERS = "abkisABKIS09-'’_ıſKé. "


@settings(max_examples=400, deadline=None)
@given(
    cores=st.lists(st.text(alphabet=_LETTERS, min_size=1, max_size=3), min_size=1, max_size=4),
    stars=st.lists(st.sampled_from(["", "*"]), min_size=8, max_size=8),
    word=st.text(alphabet=_LETTERS, max_size=6),
)
def test_lexicon_plain_comparison_agrees_with_the_regexes(
    cores: list[str], stars: list[str], word: str
) -> None:
    # ASCII words are compared with ASCII cores as strings, without the regex: the tags must be the regexes'.
    import re

    from kroniek.lexicon import _part_regex

    patterns = []
    for k, core in enumerate(cores):
        core = core.strip("*").replace(" ", "") or "a"
        patterns.append((stars[2 * k] + core + stars[2 * k + 1], f"t{k}"))
    patterns += [(core.upper(), f"u{k}") for k, core in enumerate(cores) if core.strip(" .")]
    patterns = [(p, tag) for p, tag in patterns if p.split() == [p]]
    expected = [tag for p, tag in patterns if re.fullmatch(_part_regex(p), word, re.IGNORECASE)]
    assert list(Lexicon(patterns).tags_of(word)) == list(dict.fromkeys(expected))
