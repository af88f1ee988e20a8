"""Tests for kroniek.stages.places: finding and resolving place names."""

from __future__ import annotations

import pytest

from kroniek import extract
from kroniek.lang import load
from kroniek.model import PlaceMention
from kroniek.stages.place_unlisted import AFTER_WORD
from kroniek.stages.places import country_of_demonym, find_places, location_of


def mentions(text: str, lang: str) -> list[PlaceMention]:
    found = find_places(text, load(lang))
    for m in found:  # offsets are exact, always
        assert text[m.span.start : m.span.end] == m.span.text
    assert [m.span.start for m in found] == sorted(m.span.start for m in found)
    return found


def resolved(text: str, lang: str) -> dict[str, tuple[str, str, str]]:
    """surface text -> (place name, country, place kind)."""
    return {m.span.text: (m.place.name, m.place.country, m.place.kind) for m in mentions(text, lang)}


@pytest.mark.parametrize(
    ("text", "lang", "surface", "name", "country"),
    [
        ("Bij een aanslag in Bagdad zijn zondag twaalf doden gevallen.", "nl", "Bagdad", "Baghdad", "IQ"),
        ("In Kaboel ontplofte een autobom bij een controlepost.", "nl", "Kaboel", "Kabul", "AF"),
        ("De politie in Den Bosch greep in bij de rellen.", "nl", "Den Bosch", "'s-Hertogenbosch", "NL"),
        ("Duizenden mensen betoogden zaterdag in Keulen.", "nl", "Keulen", "Cologne", "DE"),
        ("Het Kremlin in Moskou reageerde niet.", "nl", "Moskou", "Moscow", "RU"),
        ("In Jeruzalem werd een agent neergestoken.", "nl", "Jeruzalem", "Jerusalem", "IL"),
        (
            "A car bomb exploded near a checkpoint in Mogadishu on Saturday.",
            "en",
            "Mogadishu",
            "Mogadishu",
            "SO",
        ),
        ("Protesters gathered in The Hague outside parliament.", "en", "The Hague", "The Hague", "NL"),
    ],
)
def test_places_exonyms(text: str, lang: str, surface: str, name: str, country: str) -> None:
    assert resolved(text, lang)[surface][:2] == (name, country)


@pytest.mark.parametrize(
    ("text", "lang", "surface", "country"),
    [
        # the Democratic Republic of the Congo, not the Republic of the Congo (CG) inside its name
        ("Kämpfe in der Demokratischen Republik Kongo.", "de", "Demokratischen Republik Kongo", "CD"),
        ("Gevechten in de Democratische Republiek Congo.", "nl", "Democratische Republiek Congo", "CD"),
        # German country names inflected after a preposition
        ("Proteste in den Vereinigten Staaten.", "de", "Vereinigten Staaten", "US"),
        ("Unruhen in den Niederlanden.", "de", "Niederlanden", "NL"),
        ("Festnahmen in den Vereinigten Arabischen Emiraten.", "de", "Vereinigten Arabischen Emiraten", "AE"),
    ],
)
def test_places_country_names(text: str, lang: str, surface: str, country: str) -> None:
    assert resolved(text, lang)[surface][1] == country


@pytest.mark.parametrize(
    ("text", "lang", "surface", "country", "admin1"),
    [
        (
            "Tripoli in Lebanon saw heavy clashes between rival militias on Friday.",
            "en",
            "Tripoli",
            "LB",
            None,
        ),
        ("Militias clashed in Tripoli, the Libyan capital, on Friday.", "en", "Tripoli", "LY", None),
        ("A tornado hit Paris, Texas, late on Monday.", "en", "Paris", "US", "Texas"),
        ("Police fired tear gas at protesters in Paris on Saturday.", "en", "Paris", "FR", None),
        ("Thousands marched in Santiago as protests spread across Chile.", "en", "Santiago", "CL", None),
        (
            "Een Israëlische toerist kwam om bij een aanslag in Burgas, aan de Bulgaarse kust.",
            "nl",
            "Burgas",
            "BG",
            None,
        ),
        ("In Hamburg gingen duizenden mensen de straat op.", "nl", "Hamburg", "DE", None),
        (
            "The governor of Georgia declared an emergency after flooding in Atlanta.",
            "en",
            "Georgia",
            "US",
            None,
        ),
        ("Russian troops entered Georgia in 2008, approaching Tbilisi.", "en", "Georgia", "GE", None),
    ],
)
def test_places_ambiguous_names_follow_the_article(
    text: str, lang: str, surface: str, country: str, admin1: str | None
) -> None:
    found = {m.span.text: m.place for m in mentions(text, lang)}
    assert found[surface].country == country
    if admin1:
        assert found[surface].admin1 == admin1


@pytest.mark.parametrize(
    ("text", "lang", "surface", "name", "country"),
    [
        ("KABUL: A suicide bomber struck a wedding hall on Saturday.", "en", "KABUL", "Kabul", "AF"),
        (
            "QUETTA, Pakistan (AP) — A bomb killed four people near a bus terminal.",
            "en",
            "QUETTA",
            "Quetta",
            "PK",
        ),
        ("GUSAU, Nigeria - Gunmen killed 18 villagers late on Tuesday.", "en", "GUSAU", "Gusau", "NG"),
        (
            "ADDIS ABABA - Ethiopia's government declared a state of emergency.",
            "en",
            "ADDIS ABABA",
            "Addis Ababa",
            "ET",
        ),
        ("Bagdad (dpa) - Bij een aanslag op een markt zijn doden gevallen.", "nl", "Bagdad", "Baghdad", "IQ"),
        # an agency in brackets and no dash after it
        (
            "Bamako (AFP) Bei einem Angriff auf ein Lager starben zwei Soldaten.",
            "de",
            "Bamako",
            "Bamako",
            "ML",
        ),
    ],
)
def test_places_datelines(text: str, lang: str, surface: str, name: str, country: str) -> None:
    first = mentions(text, lang)[0]
    assert (first.span.text, first.kind, first.place.name, first.place.country) == (
        surface,
        "dateline",
        name,
        country,
    )


@pytest.mark.parametrize(
    ("text", "lang", "surface", "name"),
    [
        ("In de Afghaanse hoofdstad ontplofte een bom.", "nl", "Afghaanse hoofdstad", "Kabul"),
        ("Rockets hit the Iraqi capital overnight.", "en", "Iraqi capital", "Baghdad"),
        ("Gunmen attacked a hotel in Iraq's capital.", "en", "Iraq's capital", "Baghdad"),
        ("Het geweld in de hoofdstad van Irak houdt aan.", "nl", "hoofdstad van Irak", "Baghdad"),
    ],
)
def test_places_capital_phrases(text: str, lang: str, surface: str, name: str) -> None:
    found = resolved(text, lang)
    assert found[surface][0] == name
    assert found[surface][2] == "city"


@pytest.mark.parametrize(
    ("text", "lang", "surface", "country", "kind"),
    [
        ("Het leger van Irak heroverde de stad.", "nl", "Irak", "IQ", "country"),
        ("Afghanistan kondigde een staakt-het-vuren af.", "nl", "Afghanistan", "AF", "country"),
        ("De Verenigde Staten sturen extra troepen.", "nl", "Verenigde Staten", "US", "country"),
        ("Officials said the US would send more troops.", "en", "US", "US", "country"),
        ("De rellen in Noord-Brabant duurden drie nachten.", "nl", "Noord-Brabant", "NL", "admin1"),
        ("Airstrikes hit villages in Idlib province on Sunday.", "en", "Idlib", "SY", "admin1"),
        ("Soldiers clashed with Abu Sayyaf gunmen in Sulu on Friday.", "en", "Sulu", "PH", "district"),
    ],
)
def test_places_countries_and_regions(text: str, lang: str, surface: str, country: str, kind: str) -> None:
    found = {m.span.text: m for m in mentions(text, lang)}
    assert (found[surface].place.country, found[surface].place.kind, found[surface].kind) == (
        country,
        kind,
        "name",
    )


@pytest.mark.parametrize(
    ("text", "lang", "surface", "country"),
    [
        ("Iraakse milities bestormden de ambassade.", "nl", "Iraakse", "IQ"),
        ("Amerikaanse bommenwerpers vlogen over het gebied.", "nl", "Amerikaanse", "US"),
        ("Afghan forces retook the district.", "en", "Afghan", "AF"),
    ],
)
def test_places_demonyms_point_at_the_country(text: str, lang: str, surface: str, country: str) -> None:
    found = {m.span.text: m for m in mentions(text, lang)}
    assert (found[surface].kind, found[surface].place.country, found[surface].place.kind) == (
        "demonym",
        country,
        "country",
    )


@pytest.mark.parametrize(
    ("text", "lang", "surface", "name", "kind"),
    [
        ("Raketten sloegen in in de Groene Zone van Bagdad.", "nl", "Groene Zone", "Baghdad", "district"),
        (
            "Two rockets landed in the Green Zone near the US embassy.",
            "en",
            "Green Zone",
            "Baghdad",
            "district",
        ),
        ("Clashes broke out in Sadr City late on Thursday.", "en", "Sadr City", "Baghdad", "district"),
        (
            "Militants stormed a checkpoint in Pusht Rod district of Farah province.",
            "en",
            "Pusht Rod",
            "Pusht Rod",
            "district",
        ),
    ],
)
def test_places_districts(text: str, lang: str, surface: str, name: str, kind: str) -> None:
    found = resolved(text, lang)
    assert (found[surface][0], found[surface][2]) == (name, kind)
    assert location_of(next(m.place for m in mentions(text, lang) if m.span.text == surface)).precision == 2


@pytest.mark.parametrize(
    ("text", "lang", "not_a_place"),
    [
        ("Daar werden drie mensen opgepakt.", "nl", "Daar"),
        ("Beeld: een brandende auto in de straat.", "nl", "Beeld"),
        ("Door de aanval vielen twee doden.", "nl", "Door"),
        ("Police said two people were arrested.", "en", "Police"),
        ("Reading the report, the minister said nothing.", "en", "Reading"),
        ("President Trump condemned the attack.", "en", "Trump"),
        ("Bondscoach Gerd Müller wilde niet reageren.", "nl", "Gerd"),
        ("(Reuters) - Two people were killed, Reuters reported.", "en", "Reuters"),
        ("Qais al-Khazali, the militia leader, said Khazali would not leave.", "en", "Khazali"),
        ("Mike Cody, a spokesman, said the soldiers were hit. Cody did not say more.", "en", "Cody"),
        ("De film met Will Smith en Martin Lawrence draait in de bioscoop.", "nl", "Smith"),
        ("Hayat Tahrir al-Sham controls the area.", "en", "Sham"),
    ],
)
def test_places_ordinary_words_and_names_are_not_places(text: str, lang: str, not_a_place: str) -> None:
    assert not any(not_a_place in m.span.text for m in mentions(text, lang))


@pytest.mark.parametrize(
    ("text", "lang", "surface", "country"),
    [
        ("Een schutter opende het vuur in een Utrechtse tram.", "nl", "Utrechtse", "NL"),
    ],
)
def test_places_town_adjectives(text: str, lang: str, surface: str, country: str) -> None:
    found = {m.span.text: m for m in mentions(text, lang)}
    assert (found[surface].kind, found[surface].place.country, found[surface].place.kind) == (
        "demonym",
        country,
        "city",
    )


def test_places_town_with_region_apposition() -> None:
    text = "Troops clashed with militants in Patikul, Sulu, on Friday."
    found = resolved(text, "en")
    assert found["Patikul"][:2] == ("Patikul", "PH")


def test_places_same_name_same_place() -> None:
    text = "Rellen in Groningen. De burgemeester van Groningen riep de noodtoestand uit."
    places = {m.place for m in mentions(text, "nl") if m.span.text == "Groningen"}
    assert len(places) == 1 and next(iter(places)).kind == "city"


def test_places_empty_text() -> None:
    assert find_places("", load("nl")) == []


@pytest.mark.parametrize(
    ("word", "lang", "country"),
    [
        ("Amerikaanse", "nl", "US"),
        ("amerikaanse", "nl", "US"),
        ("Irakezen", "nl", "IQ"),
        ("Congolese", "nl", "CD"),
        ("Iraqi", "en", "IQ"),
        ("Americans", "en", "US"),
        ("Dutch", "en", "NL"),
        ("Kamerlid", "nl", None),
    ],
)
def test_places_country_of_demonym(word: str, lang: str, country: str | None) -> None:
    assert country_of_demonym(word, load(lang)) == country


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_places_demonym_tables_cover_the_world(lang: str) -> None:
    countries = {row[1] for row in load(lang)["demonyms"]}
    assert len(countries) >= 195


def test_places_location_of_country_and_region() -> None:
    found = {m.span.text: m.place for m in mentions("Onrust in Noord-Brabant en in Irak.", "nl")}
    region, country = location_of(found["Noord-Brabant"]), location_of(found["Irak"])
    assert (region.name, region.admin1, region.precision) == (None, "North Brabant", 3)
    assert (country.name, country.country, country.precision) == (None, "IQ", 3)


@pytest.mark.parametrize(
    ("text", "words", "name"),
    [
        ("Une attaque dans la capitale malienne.", "capitale malienne", "Bamako"),
        ("Une attaque dans la capitale du Mali.", "capitale du Mali", "Bamako"),
        ("Une attaque dans la capitale de la Syrie.", "capitale de la Syrie", "Damascus"),
        ("A bomb in the Iraqi capital.", "Iraqi capital", "Baghdad"),
    ],
)
def test_places_capital_noun_and_demonym(text: str, words: str, name: str) -> None:
    lang = load("fr") if "Une" in text else load("en")
    found = [(m.span.text, m.place.name) for m in find_places(text, lang) if m.span.rule == "capital"]
    assert found == [(words, name)]


@pytest.mark.parametrize(
    ("text", "lang", "towns"),
    [
        (
            "Gewapende mannen vielen de dorpen Tamarou, Besselka en Wandaga binnen.",
            "nl",
            ["Tamarou", "Besselka", "Wandaga"],
        ),
        (
            "Fighters overran Kolmira, Dessebu and Hanto villages on Monday.",
            "en",
            ["Kolmira", "Dessebu", "Hanto"],
        ),
        ("Die Dörfer Ulmaro und Kessebu wurden angegriffen.", "de", ["Ulmaro", "Kessebu"]),
        (
            "Les villages de Marbouko, Tinsaré et Goulmi ont été attaqués.",
            "fr",
            ["Marbouko", "Tinsaré", "Goulmi"],
        ),
    ],
)
def test_places_unlisted_towns_listed_after_a_plural_noun(text: str, lang: str, towns: list[str]) -> None:
    found = resolved(text, lang)
    assert [name for name in found if found[name][2] == "city"] == towns


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # German capitalises nouns: after "Stadt" a figure of people is no town's name.
        ("Am Abend nahmen in der Stadt Zehntausende Menschen an einem Marsch teil.", "de"),
        ("In der Stadt Hunderte Demonstranten.", "de"),
    ],
)
def test_places_a_number_word_after_a_town_noun_names_no_town(text: str, lang: str) -> None:
    assert not [name for name, place in resolved(text, lang).items() if place[2] == "city"]


@pytest.mark.parametrize(
    ("text", "lang", "street", "town"),
    [
        ("Les manifestants sont partis de la rue Victor Hugo à Alger.", "fr", "Hugo", "Alger"),
        ("Le cortège a rejoint la rue Didouche Mourad, au centre d'Alger.", "fr", "Didouche Mourad", "Alger"),
        ("Protesters gathered on London Road in Leeds on Saturday.", "en", "London", "Leeds"),
        ("Tausende versammelten sich in der Dresdner Straße in Leipzig.", "de", "Dresdner", "Leipzig"),
    ],
)
def test_places_a_name_of_a_street_is_not_a_town(text: str, lang: str, street: str, town: str) -> None:
    found = resolved(text, lang)
    assert town in found
    assert not [surface for surface in found if street in surface]


@pytest.mark.parametrize(
    ("text", "lang", "word"),
    [
        ("An Iran-backed militia attacked the base near Tikrit.", "en", "Iran"),
        ("Kabul-based officials said the attack near Kandahar killed six.", "en", "Kabul"),
        ("Police arrested 260 people at anti-Bush protests in New York.", "en", "Bush"),
        ("Daarop riep Van den Oever zijn achterban op in Den Haag.", "nl", "Van"),
        ("His deputy Hamilton Orata was beaten by police in Kisumu.", "en", "Hamilton"),
        ("President George W. Bush spoke to troops in Baghdad.", "en", "Bush"),
    ],
)
def test_places_words_made_with_a_name_and_person_names_are_not_places(
    text: str, lang: str, word: str
) -> None:
    assert word not in resolved(text, lang)


def test_places_a_name_after_a_hyphen_is_kept_when_the_word_before_is_capitalised() -> None:
    found = resolved("In Noord-Irak en in Van vielen doden.", "nl")
    assert found["Irak"][1] == "IQ"
    assert found["Van"][1] == "TR"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        # the noun ends one sentence, the capitalised word starts the next
        ('The bomb went off 20 kilometers west of Kandahar city.\n"The blast killed three," he said.', "en"),
        # "Stadt" as the last part of a compound is not a town noun
        ("Mexiko-Stadt – Beim Überfall auf einen Konvoi starben sechs Polizisten.", "de"),
    ],
)
def test_places_no_unlisted_town_across_punctuation_or_inside_a_compound(text: str, lang: str) -> None:
    assert not [m for m in mentions(text, lang) if m.span.rule == "unlisted"]


@pytest.mark.parametrize(
    ("text", "lang", "district", "town"),
    [
        (
            "Zwei Demonstranten starben im Schweriner Stadtteil Neu Zippendorf.",
            "de",
            "Neu Zippendorf",
            "Schwerin",
        ),
        (
            "Zwei Demonstranten starben im Bezirk Tharketa in der Metropole Yangon.",
            "de",
            "Tharketa",
            "Yangon",
        ),
    ],
)
def test_places_an_unlisted_district_lies_in_the_town_named_beside_it(
    text: str, lang: str, district: str, town: str
) -> None:
    # The codebook's location is the most precise place GeoNames names: a part of that town (precision 2),
    # the district's own words its provenance.
    found = {m.span.text: m.place for m in mentions(text, lang)}
    town_place = next(p for surface, p in found.items() if surface != district and p.name == town)
    assert found[district].kind == "district"
    assert (found[district].lat, found[district].lon) == (town_place.lat, town_place.lon)
    assert (found[district].name, found[district].geonames_id) == (town, town_place.geonames_id)


def test_an_event_in_an_unlisted_district_is_coded_at_its_town_as_a_part_of_it() -> None:
    text = "In Utrecht raakten zaterdag in de wijk Zandhoven bij rellen vijf agenten gewond."
    (event,) = extract(text, lang="nl", doc_date="2020-03-05").events
    assert (event.location.name, event.location.precision) == ("Utrecht", 2)
    assert dict(event.provenance)["location"].text == "Zandhoven"  # the district's words


def test_places_an_unlisted_town_spelled_like_another_of_the_article_is_that_town() -> None:
    text = "Rebels ambushed soldiers in Gumhang, Tinoc town. They had left a ceremony in Tinok town."
    towns = [(m.span.text, m.place.name) for m in mentions(text, "en") if m.span.rule == "unlisted"]
    assert towns == [("Tinoc", "Tinoc"), ("Tinok", "Tinoc")]


@pytest.mark.parametrize(
    ("text", "lang", "word"),
    [
        (
            "President Omar Hassan al-Bashir's government arrested opposition leaders in Khartoum.",
            "en",
            "Hassan",
        ),
        ("Die Proteste gegen den Irak-Krieg erreichten Düsseldorf.", "de", "Irak"),
    ],
)
def test_places_a_name_before_a_particle_and_a_german_compound_are_not_places(
    text: str, lang: str, word: str
) -> None:
    assert word not in resolved(text, lang)


def test_places_an_unlisted_district_read_back_stops_at_a_possessive_and_a_first_small_word() -> None:
    found = resolved("In Yala's Yaha district, rangers were hit. In Dihrawud district, gunmen struck.", "en")
    assert found["Yaha"][2] == "district"
    assert found["Dihrawud"][2] == "district"
    assert not [surface for surface in found if surface.startswith("In ")]


def test_places_small_towns_near_each_other_outweigh_one_demonym_elsewhere() -> None:
    # Yala and Narathiwat, 100 km apart in southern Thailand, are too small to be sure of themselves: each
    # vouches for the other against "Saudi", a man's name here.
    text = (
        "Insurgents in Yala and Narathiwat attacked security officials yesterday. "
        "Police said Saudi Satapor, a suspected commander, was behind the attack in Narathiwat."
    )
    found = resolved(text, "en")
    assert found["Yala"][1] == "TH"
    assert found["Narathiwat"][1] == "TH"


@pytest.mark.parametrize(
    ("text", "lang", "town"),
    [
        ("Gunmen killed five villagers in Qarmabad, in Zamfara State, on Monday.", "en", "Qarmabad"),
        ("Soldiers clashed with militants near Dolo Bantu overnight.", "en", "Dolo Bantu"),
        ("Trois civils ont été enlevés à Kessoumbé dans la nuit.", "fr", "Kessoumbé"),
        ("Bij gevechten bij Tamarou vielen zes doden.", "nl", "Tamarou"),
    ],
)
def test_places_an_unknown_name_after_a_location_word_is_a_town(text: str, lang: str, town: str) -> None:
    found = {m.span.text: m for m in mentions(text, lang)}
    assert found[town].place.kind == "city"
    assert found[town].span.rule == AFTER_WORD


def test_places_a_town_after_a_location_word_takes_the_region_named_beside_it() -> None:
    found = {m.span.text: m.place for m in mentions("Gunmen struck in Qarmabad, Zamfara State.", "en")}
    zamfara = found["Zamfara State"]
    assert (found["Qarmabad"].country, found["Qarmabad"].admin1) == (zamfara.country, zamfara.admin1)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The militia struck in April and again in June.", "en"),  # months
        ("Speaking at Monday's rally, the minister condemned the killings.", "en"),  # a weekday's
        ("The bill failed in Parliament. Members of parliament walked out.", "en"),  # an ordinary word
        ("Police officers at NYC headquarters were questioned.", "en"),  # an acronym
        ("Crowds gathered at Sherman Blvd after the shooting.", "en"),  # a street
        ("Il a rendu hommage à Laurent Kembo. Kembo est mort en prison.", "fr"),  # a person
        ("Das Auto ging in Flammen auf, bei Protesten wurden zwei verletzt.", "de"),  # German nouns
    ],
)
def test_places_no_town_after_a_location_word_where_the_name_is_something_else(text: str, lang: str) -> None:
    assert not [m.span.text for m in mentions(text, lang) if m.span.rule == AFTER_WORD]


def test_places_older_spellings_of_ukrainian_cities_are_known() -> None:
    assert resolved("Missiles hit Kiev and Nikolaev overnight.", "en")["Kiev"][:2] == ("Kyiv", "UA")
    assert resolved("Raketten troffen Kiev en Nikolaev.", "nl")["Nikolaev"][1] == "UA"


def test_places_a_town_after_a_location_word_named_with_its_known_town_lies_there() -> None:
    found = {m.span.text: m.place for m in mentions("Gunmen attacked traders in Kessoumbé, Maiduguri.", "en")}
    village, town = found["Kessoumbé"], found["Maiduguri"]
    assert (village.country, village.admin1, village.lat, village.lon) == (
        town.country,
        town.admin1,
        town.lat,
        town.lon,
    )
    assert village.name == "Kessoumbé"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Protests spread across Africa and Asia.", "en"),
        ("Het geweld in Europa en het Midden-Oosten nam toe.", "nl"),
        ("La violence a gagné le Moyen-Orient et l'Afrique.", "fr"),
    ],
)
def test_places_continents_are_no_event_places(text: str, lang: str) -> None:
    assert not mentions(text, lang)


@pytest.mark.parametrize(
    ("text", "lang", "places"),
    [
        ("Soldaten kwamen om in Noord-Mali, bij Burkina Faso.", "nl", {"ML", "BF"}),
        ("In Oost-Congo vielen doden, aan de grens met Oeganda.", "nl", {"CD", "UG"}),
        ("Im Nord-Mali starben Soldaten, nahe Burkina Faso.", "de", {"ML", "BF"}),
        ("Des combats ont éclaté dans le Nord-Mali, près du Burkina Faso.", "fr", {"ML", "BF"}),
    ],
)
def test_places_a_compass_word_joined_to_a_place_is_no_place_of_its_own(
    text: str, lang: str, places: set[str]
) -> None:
    # The gazetteer knows regions called "Nord" or "Eastern" (Haiti, Burkina Faso, Uganda): before, the
    # compass word of "Noord-Mali" was one of them whenever the article named its country.
    found = mentions(text, lang)
    assert {m.place.country for m in found} == places
    assert all(m.place.kind == "country" for m in found)


@pytest.mark.parametrize(
    ("text", "lang", "name"),
    [
        ("Rebellen vielen een dorp aan in Nord-Kivu.", "nl", "Nord Kivu"),
        ("Betogers trokken door Zuid-Afrika.", "nl", "South Africa"),
        ("Bei Anschlägen in Nordrhein-Westfalen und in Süd-Sudan.", "de", "North Rhine-Westphalia"),
    ],
)
def test_places_a_name_the_gazetteer_knows_with_its_compass_word_stays_whole(
    text: str, lang: str, name: str
) -> None:
    assert name in {m.place.name for m in mentions(text, lang)}


@pytest.mark.parametrize(
    ("text", "lang", "places"),
    [
        # A big town's name among two more names is a person's: Aden in Yemen, Durán in Ecuador.
        ("The strike killed the Shabab leader Aden Hashi Ayro in Dhusamareb.", "en", {"Dhusamareb"}),
        ("The cartel's leader, Jaime Gonzalez Duran, was arrested in Reynosa.", "en", {"Reynosa"}),
        ("De leider Aden Hashi Ayro kwam om bij een aanval in Mogadishu.", "nl", {"Mogadishu"}),
        # Common words after a town make a facility, not a name; a town's own name of several words stays.
        ("Flights at Baghdad International Airport were halted.", "en", {"Baghdad"}),
        (
            "Clashes in Mexico City and in Santa Cruz de la Sierra.",
            "en",
            {"Mexico City", "Santa Cruz de la Sierra"},
        ),
    ],
)
def test_places_a_town_among_two_more_names_is_a_persons_name(text: str, lang: str, places: set[str]) -> None:
    assert {m.place.name for m in mentions(text, lang)} == places
