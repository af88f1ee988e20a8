"""Casualty figures: which numbers count people killed or injured, their values and their exact spans."""

from __future__ import annotations

import pytest

from kroniek.lang import load
from kroniek.stages.casualties import find_counts


def figures(text: str, lang: str) -> list[tuple[str, int]]:
    return [(c.kind, c.value) for c in find_counts(text, load(lang))]


DUTCH = [
    ("Bij een zelfmoordaanslag in Mogadishu zijn zondag zeker 25 doden gevallen.", [("killed", 25)]),
    (
        "Bij de beschietingen kwamen minstens twaalf burgers om het leven en raakten er 40 gewond.",
        [("killed", 12), ("injured", 40)],
    ),
    (
        "Minstens 63 mensen zijn zaterdagavond bij een aanslag in de Afghaanse hoofdstad Kaboel om het leven "
        "gekomen.",
        [("killed", 63)],
    ),
    ("Volgens de politie raakten vijftien agenten lichtgewond.", [("injured", 15)]),
    ("Er vielen minstens dertig doden en 35 gewonden.", [("killed", 30), ("injured", 35)]),
    ("63 doden bij aanslag op trouwfeest", [("killed", 63)]),
    ("De 25 doden worden dinsdag begraven.", [("killed", 25)]),
    ("De aanslag kostte 27 mensen het leven.", [("killed", 27)]),
    # The victims as the object of "aan", in a perfect tense and in a subordinate clause.
    ("Een bomaanslag op een markt heeft zaterdag aan 31 mensen het leven gekost.", [("killed", 31)]),
    ("Het zijn de gevechten die dinsdag aan zeven burgers het leven kostten.", [("killed", 7)]),
    ("Het was de aanslag die vorige week 12 agenten het leven kostte.", [("killed", 12)]),
    ("Vier passagiers overleefden de aanval niet.", [("killed", 4)]),
    ("Israëlische militairen schoten twee Palestijnen dood.", [("killed", 2)]),
    ("Bij de aanval doodden de rebellen zeven soldaten.", [("killed", 7)]),
    ("Er vielen drieënvijftig doden.", [("killed", 53)]),
    ("Vijfentwintig mensen kwamen om het leven.", [("killed", 25)]),
    ("Ruim 1.500 mensen raakten gewond.", [("injured", 1500)]),
    ("Zo’n 220 Palestijnen werden gedood door Israëlische troepen.", [("killed", 220)]),
    ("Bijna veertig burgers werden gedood.", [("killed", 40)]),
    ("Sinds het begin van de week zijn in de provincie drie soldaten gesneuveld.", [("killed", 3)]),
    ("Het aantal doden is opgelopen tot 210.", [("killed", 210)]),
    ("Daar vielen tachtig burgerdoden.", [("killed", 80)]),
    ("Bij de explosie vielen vijf zwaargewonden.", [("injured", 5)]),
    ("Drie agenten en zeven betogers raakten gewond.", [("injured", 3), ("injured", 7)]),
    ("Op 13 juni werden twee soldaten gedood.", [("killed", 2)]),
    ("Vier agenten werden, samen met een commandant, gedood.", [("killed", 4), ("killed", 1)]),
    ("De schutter doodde drie mensen en verwondde er vijf.", [("killed", 3), ("injured", 5)]),
    ("Er waren 300 agenten op de been, van wie er twee gewond raakten.", [("injured", 2)]),
    ("Bij de aanslag kwamen drie mensen om, onder wie een agent die later overleed.", [("killed", 3)]),
    ("Drie agenten raakten gewond en zijn vrouw kwam om.", [("injured", 3), ("killed", 1)]),
    ("Het leger zegt 80 jihadisten te hebben gedood.", [("killed", 80)]),
]

ENGLISH = [
    ("A suicide bomber killed at least 18 people in Kabul on Saturday.", [("killed", 18)]),
    ("At least 12 people were killed and 30 wounded in the blast.", [("killed", 12), ("injured", 30)]),
    ("The attack killed four soldiers and wounded 19.", [("killed", 4), ("injured", 19)]),
    ("Bomb kills 4, wounds 19", [("killed", 4), ("injured", 19)]),
    ("Police said two officers were injured.", [("injured", 2)]),
    ("Twenty-five people were killed.", [("killed", 25)]),
    ("One hundred and twenty people were injured.", [("injured", 120)]),
    ("More than twenty people were killed.", [("killed", 20)]),
    ("Gunmen killed 18 villagers overnight.", [("killed", 18)]),
    ("It was an attack that left 20 dead.", [("killed", 20)]),
    ("Three policemen and two civilians were killed.", [("killed", 3), ("killed", 2)]),
    ("Two people, including a child, were killed.", [("killed", 2)]),
    ("Some 1,500 people were injured.", [("injured", 1500)]),
    ("Rights groups condemned the killing of over 20 people.", [("killed", 20)]),
    ("The blast claimed 30 lives.", [("killed", 30)]),
    ("Five more people were later found dead in the basement.", [("killed", 5)]),
    ("Four soldiers killed in roadside blast", [("killed", 4)]),
    ("The fighting left 1 500 people wounded.", [("injured", 1500)]),
    ("A bomb killed the police chief and three other officers.", [("killed", 1), ("killed", 3)]),
    ("Three people were killed, among them two children who died in hospital.", [("killed", 3)]),
    ("The soldier was killed when his patrol was ambushed.", [("killed", 1)]),
    ("Police said seven people were killed and 12 others injured.", [("killed", 7), ("injured", 12)]),
    ("One person was killed and two were wounded.", [("killed", 1), ("injured", 2)]),
]

ONE_PERSON = [
    ("Een Amerikaanse burger werd gedood.", "nl", "killed"),
    ("Zijn vrouw kwam om bij de explosie.", "nl", "killed"),
    ("De zelfmoordterrorist kwam om.", "nl", "killed"),
    ("Een 49-jarige man werd gisteren doodgeschoten.", "nl", "killed"),
    ("Een politieagent raakte zwaargewond.", "nl", "injured"),
    ("Er viel een dode.", "nl", "killed"),
    ("Sinds de moord op president Moïse is het onrustig.", "nl", "killed"),
    ("A policeman was killed.", "en", "killed"),
    ("Un membre des forces de sécurité a été tué.", "fr", "killed"),
    ("Ein Mitglied der Bürgerwehr wurde getötet.", "de", "killed"),
    ("His wife died in the explosion.", "en", "killed"),
    ("A 49-year-old man was shot dead.", "en", "killed"),
    ("Two gunmen killed a policeman.", "en", "killed"),
    ("A bomb killed the police chief.", "en", "killed"),
]

VAGUE = [
    ("Er vielen tientallen gewonden.", "nl", ("injured", 10)),
    ("Honderden mensen raakten gewond bij de rellen.", "nl", ("injured", 100)),
    ("Een tiental soldaten werd gedood.", "nl", ("killed", 10)),
    ("Een twintigtal betogers raakte gewond.", "nl", ("injured", 20)),
    ("Enkele agenten raakten gewond.", "nl", ("injured", 3)),
    ("Bij de brand kwamen enkele tientallen mensen om.", "nl", ("killed", 10)),
    ("Duizenden mensen raakten gewond.", "nl", ("injured", 1000)),
    ("Dozens of people were injured in the clashes.", "en", ("injured", 12)),
    ("A dozen protesters were hurt.", "en", ("injured", 12)),
    ("Hundreds were wounded.", "en", ("injured", 100)),
    ("Several civilians were killed.", "en", ("killed", 3)),
    ("Tens of thousands of people were injured.", "en", ("injured", 10000)),
    ("Several hundred people died.", "en", ("killed", 100)),
]

QUALIFIED = [
    ("Zeker 25 mensen kwamen om.", "nl", 25),
    ("Ten minste 25 mensen kwamen om het leven.", "nl", 25),
    ("Meer dan twintig mensen kwamen om het leven.", "nl", 20),
    ("Ongeveer tien mensen kwamen om het leven.", "nl", 10),
    ("Tussen 13 en 20 mensen kwamen om het leven.", "nl", 13),
    ("Bij de aanval vielen 13 tot 20 doden.", "nl", 13),
    ("Bij de aanval vielen 13 à 20 doden.", "nl", 13),
    ("Bij de aanval vielen twee of drie doden.", "nl", 2),
    ("Over 20 people were killed.", "en", 20),
    ("Nearly 40 people died.", "en", 40),
    ("Between 13 and 20 people died.", "en", 13),
    ("Police said 13 to 20 people were killed.", "en", 13),
    ("About 30 people were killed.", "en", 30),
]

ZEROS = [
    ("Niemand raakte gewond.", "nl", [("injured", 0), ("killed", 0)]),
    ("Er vielen geen doden.", "nl", [("killed", 0)]),
    ("Er vielen geen slachtoffers.", "nl", [("injured", 0), ("killed", 0)]),
    ("Bij de brand vielen geen doden of gewonden.", "nl", [("injured", 0), ("killed", 0)]),
    ("No one was injured.", "en", [("injured", 0), ("killed", 0)]),
    ("There were no casualties.", "en", [("injured", 0), ("killed", 0)]),
    ("There were no reported casualties.", "en", [("injured", 0), ("killed", 0)]),
    ("There were no reports of casualties.", "en", [("injured", 0), ("killed", 0)]),
    ("L'explosion n'a pas fait de blessés.", "fr", [("injured", 0), ("killed", 0)]),
    ("Nobody was killed in the attack.", "en", [("killed", 0)]),
    ("There were no deaths.", "en", [("killed", 0)]),
]

NOT_CASUALTIES = [
    ("Een 49-jarige man is aangehouden.", "nl"),
    ("Hij kreeg 10 jaar cel voor de aanslag.", "nl"),
    ("De rellen duurden twee weken.", "nl"),
    ("In 2019 werden 500 mensen opgepakt.", "nl"),
    ("Om 13u09 ging het alarm af.", "nl"),
    ("Het festival trok 1,5 miljoen bezoekers.", "nl"),
    ("De drie verdachten werden gearresteerd.", "nl"),
    ("Het kabinet trekt 25 miljoen euro uit voor slachtofferhulp.", "nl"),
    ("Zie pagina 3 voor het verslag van de aanslag.", "nl"),
    ("De prijzen stegen met 5 procent.", "nl"),
    ("Bij drie aanslagen kwamen mensen om het leven.", "nl"),
    ("Honderd betogers kwamen om te protesteren.", "nl"),
    ("Er vielen 30 doden en gewonden.", "nl"),
    ("De verdachte heeft dood en verderf gezaaid.", "nl"),
    ("Een bom van 25 kilo ontplofte om 08:34 uur.", "nl"),
    ("A 49-year-old man was arrested.", "en"),
    ("He was sentenced to 10 years in prison.", "en"),
    ("The protests lasted two weeks.", "en"),
    ("The 3 suspects were arrested on Monday.", "en"),
    ("In 2019, 500 people marched through the city.", "en"),
    ("The alarm sounded at 08:34.", "en"),
    ("Prices rose by 5 percent.", "en"),
    ("Some 1.5 million visitors came to the festival.", "en"),
    ("See page 3.", "en"),
    ("There were no immediate reports of casualties.", "en"),
    ("Thirty people were killed or injured.", "en"),
    ("Tens of thousands of people marched through the capital.", "en"),
    ("The attackers fled in 2 cars after the shooting.", "en"),
    ("Bij de botsing met 300 betogers raakten agenten gewond.", "nl"),
    ("Twee van de gewonden zijn in kritieke toestand.", "nl"),
    ("Two of the injured are in critical condition.", "en"),
    ("More than 300 rockets were fired.", "en"),
]


@pytest.mark.parametrize(("text", "expected"), DUTCH)
def test_casualties_dutch_figures(text: str, expected: list[tuple[str, int]]) -> None:
    assert sorted(figures(text, "nl")) == sorted(expected)


@pytest.mark.parametrize(("text", "expected"), ENGLISH)
def test_casualties_english_figures(text: str, expected: list[tuple[str, int]]) -> None:
    assert sorted(figures(text, "en")) == sorted(expected)


@pytest.mark.parametrize(("text", "lang", "kind"), ONE_PERSON)
def test_casualties_article_or_singular_person_counts_one(text: str, lang: str, kind: str) -> None:
    assert figures(text, lang) == [(kind, 1)]


@pytest.mark.parametrize(("text", "lang", "expected"), VAGUE)
def test_casualties_vague_amounts_follow_acled(text: str, lang: str, expected: tuple[str, int]) -> None:
    assert figures(text, lang) == [expected]


@pytest.mark.parametrize(("text", "lang", "value"), QUALIFIED)
def test_casualties_qualifiers_and_ranges_keep_the_conservative_number(
    text: str, lang: str, value: int
) -> None:
    assert [v for _, v in figures(text, lang)] == [value]


@pytest.mark.parametrize(("text", "lang", "expected"), ZEROS)
def test_casualties_negations_report_zero(text: str, lang: str, expected: list[tuple[str, int]]) -> None:
    assert sorted(figures(text, lang)) == expected


@pytest.mark.parametrize(("text", "lang"), NOT_CASUALTIES)
def test_casualties_ignores_numbers_that_count_no_casualties(text: str, lang: str) -> None:
    assert figures(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang", "span", "number"),
    [
        (
            "Bij die aanvallen kwamen zeker 25 militieleden om het leven en raakten er 55 gewond.",
            "nl",
            ["zeker 25 militieleden om het leven", "55 gewond"],
            ["25", "55"],
        ),
        ("Het dodental is gestegen tot 63.", "nl", ["dodental is gestegen tot 63"], ["63"]),
        ("Zijn vrouw kwam om.", "nl", ["vrouw kwam om"], ["vrouw"]),
        (
            "A suicide bomber detonated his vest, killing at least four people and wounding 19 others.",
            "en",
            ["killing at least four", "wounding 19"],
            ["four", "19"],
        ),
        ("The death toll rose to 63 on Monday.", "en", ["death toll rose to 63"], ["63"]),
        ("A policeman was killed.", "en", ["A policeman was killed"], ["A"]),
        ("Between 13 and 20 people died.", "en", ["Between 13 and 20 people died"], ["Between 13 and 20"]),
    ],
)
def test_casualties_span_covers_number_and_casualty_words(
    text: str, lang: str, span: list[str], number: list[str]
) -> None:
    found = find_counts(text, load(lang))
    assert [c.span.text for c in found] == span
    assert [c.number_span.text for c in found if c.number_span] == number


@pytest.mark.parametrize(
    ("text", "lang"),
    [(t, "nl") for t, _ in DUTCH]
    + [(t, "en") for t, _ in ENGLISH]
    + [(t, lang) for t, lang, _ in ONE_PERSON + VAGUE + ZEROS],
)
def test_casualties_offsets_are_exact_and_sorted(text: str, lang: str) -> None:
    found = find_counts(text, load(lang))
    for count in found:
        assert text[count.span.start : count.span.end] == count.span.text
        assert count.number_span is not None
        assert text[count.number_span.start : count.number_span.end] == count.number_span.text
        assert count.span.start <= count.number_span.start < count.number_span.end <= count.span.end
    assert [c.span.start for c in found] == sorted(c.span.start for c in found)


@pytest.mark.parametrize(
    ("text", "lang", "spans"),
    [
        (
            "In Gao vielen drie doden, in Mopti vijf doden en twaalf gewonden.",
            "nl",
            ["drie doden", "vijf doden", "twaalf gewonden"],
        ),
        (
            "Two people died in Mosul on Monday, while in Kirkuk four were killed.",
            "en",
            ["Two people died", "four were killed"],
        ),
    ],
)
def test_casualties_two_events_in_one_sentence_keep_their_own_spans(
    text: str, lang: str, spans: list[str]
) -> None:
    assert [c.span.text for c in find_counts(text, load(lang))] == spans


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_casualties_empty_and_numberless_texts_give_nothing(lang: str) -> None:
    assert find_counts("", load(lang)) == []
    assert find_counts("Geen cijfers hier. No figures here.", load(lang)) == []


WORD_TABLES = ("words", "approximate", "several", "scales", "fractions")


@pytest.mark.parametrize("stem", ["numbers", "casualties"])
def test_casualties_data_files_have_the_same_keys_in_every_language(stem: str) -> None:
    def keys(table: object, prefix: str = "") -> set[str]:
        if not isinstance(table, dict):
            return set()
        out = set()
        for key, value in table.items():
            # Word tables are keyed by the language's own words; only their presence must match.
            if prefix.rstrip(".").rsplit(".", 1)[-1] in WORD_TABLES and isinstance(value, int | float):
                continue
            out.add(prefix + key)
            out |= keys(value, prefix + key + ".")
        return out

    nl, en = load("nl")[stem], load("en")[stem]
    assert keys(nl) == keys(en)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Two candidates hoping to become mayor of the small town were killed last year.", "en"),
        ("Twee kandidaten die burgemeester van het dorp wilden worden, werden vorig jaar vermoord.", "nl"),
    ],
)
def test_casualties_person_inside_a_counted_group_is_not_one_more(text: str, lang: str) -> None:
    assert ("killed", 1) not in figures(text, lang)


FRENCH = [
    (
        "Un attentat-suicide a fait au moins 25 morts et près de 200 blessés.",
        [("killed", 25), ("injured", 200)],
    ),
    ("Quatre soldats maliens ont été tués lors d'un affrontement.", [("killed", 4)]),
    ("Un militaire malien a été tué dans une attaque.", [("killed", 1)]),
    ("Deux hommes armés ont tué un policier.", [("killed", 1)]),
    ("Une femme de 57 ans a été tuée par la chute d'un arbre.", [("killed", 1)]),
    ("Des dizaines de manifestants ont été blessés.", [("injured", 10)]),
    ("Une centaine de personnes ont été blessées.", [("injured", 100)]),
    ("Un bilan de 200 blessés.", [("injured", 200)]),  # a participle read as a noun after a preposition
    ("Au moins 25 personnes ont été tuées et une centaine blessées.", [("killed", 25), ("injured", 100)]),
    ("Le nombre de morts s'élève désormais à 31.", [("killed", 31)]),
    ("Deux des blessés sont dans un état critique.", []),
    ("L'explosion n'a fait aucune victime.", [("injured", 0), ("killed", 0)]),
    ("Trois policiers et deux civils ont été tués.", [("killed", 3), ("killed", 2)]),
    ("Il a été condamné à 10 ans de prison.", []),
    ("L'attaque a coûté la vie à sept soldats.", [("killed", 7)]),
    ("Trois policiers ont trouvé la mort dans l'embuscade.", [("killed", 3)]),
    ("Le kamikaze a tué onze personnes et en a blessé vingt.", [("killed", 11), ("injured", 20)]),
    ("Au moins 12 civils sont morts et 30 autres ont été blessés.", [("killed", 12), ("injured", 30)]),
    ("L'explosion a blessé 14 personnes, dont trois grièvement.", [("injured", 14)]),
    ("Selon un bilan officiel, 150 personnes ont été arrêtées.", []),
]


@pytest.mark.parametrize(("text", "expected"), FRENCH)
def test_casualties_french(text: str, expected: list[tuple[str, int]]) -> None:
    assert figures(text, "fr") == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("The blast killed 3 people and 30 were injured.", "en", [("killed", 3), ("injured", 30)]),
        ("The attack killed three soldiers and two civilians.", "en", [("killed", 3), ("killed", 2)]),
        (
            "De aanslag doodde drie agenten en twee burgers raakten gewond.",
            "nl",
            [("killed", 3), ("injured", 2)],
        ),
        ("Dabei starben 3 Menschen und 30 wurden verletzt.", "de", [("killed", 3), ("injured", 30)]),
    ],
)
def test_casualties_a_count_with_its_own_verb_is_not_the_verb_before(
    text: str, lang: str, expected: list[tuple[str, int]]
) -> None:
    assert [(c.kind, c.value) for c in find_counts(text, load(lang))] == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Het conflict heeft een half miljoen mensen het leven gekost.", "nl", [("killed", 500_000)]),
        ("Anderhalf miljoen mensen raakten gewond.", "nl", [("injured", 1_500_000)]),
        ("Half a million people were killed in the war.", "en", [("killed", 500_000)]),
        ("Eine halbe Million Menschen wurden getötet.", "de", [("killed", 500_000)]),
        ("Un demi-million de personnes ont été tuées.", "fr", [("killed", 500_000)]),
        # A fraction is a number only before a scale word.
        ("Een half uur later werden drie mensen gedood.", "nl", [("killed", 3)]),
        ("Une demi-douzaine de morts.", "fr", [("killed", 6)]),
        # A hyphen still makes a range of two numbers.
        ("Il y a eu 13-20 morts.", "fr", [("killed", 13)]),
    ],
)
def test_casualties_a_fraction_before_a_scale_word_is_that_part_of_it(
    text: str, lang: str, expected: list[tuple[str, int]]
) -> None:
    # Before, the fraction was skipped: "een half miljoen" counted a million.
    assert figures(text, lang) == expected
