import pytest

from kroniek.lang import load
from kroniek.lexicon import tokenize
from kroniek.stages.sentences import split_sentences
from kroniek.stages.triggers import find_mentions


def _mentions(text: str, code: str, keep_cancelled: bool = False):
    lang = load(code)
    return find_mentions(
        text, tokenize(text), split_sentences(text, lang), lang, keep_cancelled=keep_cancelled
    )


@pytest.mark.parametrize(
    ("code", "text", "trigger"),
    [
        ("nl", "Bij een luchtaanval op het dorp kwamen zes mensen om.", "air_drone_strike"),
        ("nl", "Een raketaanval trof de kazerne.", "shelling"),
        ("nl", "Een zelfmoordterrorist blies zich op bij de markt.", "suicide_bomb"),
        ("nl", "Een bermbom trof het konvooi.", "explosive"),
        ("nl", "Relschoppers gooiden stenen naar de politie.", "riot"),
        ("nl", "Duizenden betogers trokken door de binnenstad.", "protest"),
        ("nl", "Gewapende mannen hebben tien scholieren ontvoerd.", "abduction"),
        ("en", "A drone strike killed three militants.", "air_drone_strike"),
        ("en", "A roadside bomb hit a police patrol.", "explosive"),
        ("en", "Rioters set fire to two shops.", "riot"),
        ("en", "The two sides signed a ceasefire on Sunday.", "agreement"),
    ],
)
def test_triggers_find_the_class(code, text, trigger):
    assert trigger in [m.trigger.name for m in _mentions(text, code).mentions]


@pytest.mark.parametrize(
    ("code", "text", "reason"),
    [
        ("nl", "De rebellen dreigen met een aanval op de hoofdstad.", "modal"),
        ("nl", "Het leger ontkent dat er geen aanval heeft plaatsgevonden.", "negation"),
        ("nl", "De rechter veroordeelde de man voor de aanslag op het station.", "sentence:trial"),
        ("nl", "In de film zien we een bloedige aanval op een dorp.", "sentence:fiction"),
        ("en", "The group threatened an attack on the capital.", "modal"),
        ("en", "The court sentenced him for the bombing of the station.", "sentence:trial"),
        ("en", "The storm killed four people when trees fell on cars.", "sentence:weather"),
    ],
)
def test_triggers_cancel_non_events(code, text, reason):
    mentions = _mentions(text, code, keep_cancelled=True).mentions
    assert mentions, "the trigger word itself should be found"
    assert all(m.cancelled for m in mentions)
    assert any(m.cancelled.startswith(reason) for m in mentions)


def test_triggers_article_about_sport_cancels_weak_triggers():
    text = (
        "De spits scoorde twee keer in de wedstrijd. Het elftal zette de aanval in na rust. "
        "De trainer was tevreden over het doelpunt en de competitie."
    )
    mentions = _mentions(text, "nl", keep_cancelled=True).mentions
    assert mentions and all(m.cancelled for m in mentions)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("en", "Riot police guarded the parliament."),
        ("en", "The bomb squad cordoned off the street."),
        ("nl", "Hij kreeg een hartaanval tijdens de vergadering."),
    ],
)
def test_triggers_masked_phrases_are_not_events(code, text):
    assert _mentions(text, code).mentions == []


def test_triggers_collect_cues_near_the_trigger():
    text = "Bij de aanval op de legerbasis werden raketten en mortieren gebruikt."
    (mention,) = [m for m in _mentions(text, "nl").mentions if m.trigger.name == "attack"]
    assert {"shelling", "armed_target"} <= mention.cues


def test_triggers_mark_background_sentences():
    text = "Het land wordt al maanden geteisterd door protesten."
    (mention,) = _mentions(text, "nl").mentions
    assert mention.background
