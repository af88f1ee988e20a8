import pytest

from kroniek.lang import load
from kroniek.model import Article, Doc
from kroniek.stages.langid import detect_language
from kroniek.stages.sentences import sentence_of, split_sentences


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("nl", "Hij kwam. Zij ging.", ["Hij kwam.", "Zij ging."]),
        (
            "nl",
            "Dhr. Jansen en o.a. de politie waren er. Daarna niet.",
            ["Dhr. Jansen en o.a. de politie waren er.", "Daarna niet."],
        ),
        (
            "en",
            "Gen. Smith arrived on Dec. 2 in the U.S. capital. He left.",
            ["Gen. Smith arrived on Dec. 2 in the U.S. capital.", "He left."],
        ),
        (
            "en",
            "Headline without a stop\nThe body begins here.",
            ["Headline without a stop", "The body begins here."],
        ),
        ("en", "Twelve died. 40 were hurt.", ["Twelve died.", "40 were hurt."]),
        (
            "nl",
            "“Wij gaan door”, zei hij. De politie greep in.",
            ["“Wij gaan door”, zei hij.", "De politie greep in."],
        ),
    ],
)
def test_sentences_split(code, text, expected):
    sentences = split_sentences(text, load(code))
    assert [text[s.start : s.end] for s in sentences] == expected


def test_sentences_index_finds_the_sentence_of_an_offset():
    text = "Een. Twee. Drie."
    starts = [s.start for s in split_sentences(text, load("nl"))]
    assert [sentence_of(starts, text.index(w)) for w in ("Een", "Twee", "Drie")] == [0, 1, 2]


@pytest.mark.parametrize("text", ["", "  Een. Twee.  Drie. ", "Een zin zonder punt", "A.\nB.\n\nC."])
def test_sentences_of_agrees_with_doc_sentence_at(text):
    doc = Doc(Article("a", text))
    doc.sentences = split_sentences(text, load("nl"))
    for offset in range(-1, len(text) + 2):
        assert sentence_of(doc.sentence_starts(), offset) == doc.sentence_at(offset)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Bij een aanslag in de hoofdstad zijn gisteren tien mensen om het leven gekomen.", "nl"),
        ("At least ten people were killed in a bombing in the capital on Tuesday, officials said.", "en"),
        ("Bei einem Anschlag in der Hauptstadt sind am Dienstag zehn Menschen getötet worden.", "de"),
        ("Au moins dix personnes ont été tuées mardi dans un attentat dans la capitale.", "fr"),
    ],
)
def test_langid_detects_the_language(text, code):
    assert detect_language(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # Markup around the words does not outvote them.
        ('<p class="lead">De politie hield <b>zaterdag</b> twintig betogers aan bij het stadhuis.</p>', "nl"),
        # Lone surrogates (from a JSON dump) and control characters do not break detection.
        ("Bij een aanslag \ud800 in de hoofdstad zijn gisteren\x00 tien mensen om het leven gekomen.", "nl"),
        # A language without data comes back as itself, so that the article is said to be skipped.
        ("Las fuerzas de seguridad mataron a diez personas en la capital el martes por la noche.", "es"),
        ("Президент заявил, что войска отступили от границы после переговоров.", "ru"),
        # Nothing to read.
        ("12 34 56 -- 7.8", "und"),
        ("date 2020-01 ", "und"),
    ],
)
def test_langid_edge_cases(text, code):
    assert detect_language(text) == code


def test_langid_reads_on_when_an_english_caption_opens_the_article():
    # An agency photo caption in English above a French report: read from its first 200 characters alone,
    # this was English.
    caption = (
        "Caption: Protesters run from tear gas during clashes with security forces in the capital on "
        "Thursday, as thousands gathered to oppose the rise in prices.\n\n"
    )
    report = (
        "Des milliers de manifestants se sont rassemblés jeudi dans la capitale pour protester contre la "
        "hausse des prix. La police a fait usage de gaz lacrymogène pour disperser la foule devant le "
        "ministère. Selon les organisateurs, plusieurs personnes ont été blessées et une vingtaine "
        "interpellées. Le gouvernement a appelé au calme et promis un dialogue avec les syndicats. "
    )
    assert detect_language(caption + report * 2) == "fr"
