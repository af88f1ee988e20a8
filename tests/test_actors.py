import itertools

import pytest

from kroniek.lang import available, load
from kroniek.model import ACTOR_TYPES, Actor
from kroniek.stages import actor_kinds, actors
from kroniek.stages.actors import find_actors, resolve_actor

IS = Actor("Islamic State (IS)", "rebel_groups", None)
KH = Actor("Kata'ib Hezbollah", "political_militias", "IQ")
POLICE = Actor("Police Forces", "state_forces", None)
MILITARY = Actor("Military Forces", "state_forces", None)


def found(text: str, code: str) -> list[tuple[str, Actor]]:
    return [(m.span.text, m.actor) for m in find_actors(text, load(code))]


@pytest.mark.parametrize(
    ("code", "text", "span", "actor"),
    [
        ("nl", "De Kata’ib Hezbollah-strijdgroep eiste de aanval op.", "Kata’ib Hezbollah-strijdgroep", KH),
        ("nl", "Een woordvoerder van Kataib Hezbollah ontkende dat.", "Kataib Hezbollah", KH),
        ("nl", "Terreurgroep IS heeft de aanslag opgeëist.", "Terreurgroep IS", IS),
        ("nl", "De Palestijnse beweging Hamas vuurde raketten af.", "beweging Hamas",
         Actor("Hamas", "rebel_groups", "PS")),
        ("nl", "Daarbij kwamen ook vier IS-strijders om.", "IS-strijders", IS),
        ("nl", "Strijders van de Taliban vielen een controlepost aan.", "Strijders van de Taliban",
         Actor("Taliban", "rebel_groups", "AF")),
        ("nl", "Houthirebellen vuurden een raket af op Riyad.", "Houthirebellen",
         Actor("Houthis (Ansar Allah)", "rebel_groups", "YE")),
        ("nl", "Het Nationale Bevrijdingsleger blies een pijpleiding op.", "Nationale Bevrijdingsleger",
         Actor("National Liberation Army (ELN)", "rebel_groups", "CO")),
        ("en", "Fighters of the Islamic State overran the village.", "Fighters of the Islamic State", IS),
        ("en", "Al-Shabaab militants stormed a hotel in Mogadishu.", "Al-Shabaab militants",
         Actor("al-Shabaab", "rebel_groups", "SO")),
        ("en", "The militant group Boko Haram kidnapped 20 girls.", "militant group Boko Haram",
         Actor("Boko Haram", "rebel_groups", "NG")),
        ("en", "Hashd al-Shaabi units moved into the town.", "Hashd al-Shaabi units",
         Actor("Popular Mobilization Forces (PMF)", "state_forces", "IQ")),
        ("en", "Wagner mercenaries were seen near the airport.", "Wagner mercenaries",
         Actor("Wagner Group", "external_forces", "RU")),
        ("en", "Gunmen of the Jalisco New Generation Cartel ambushed a convoy.",
         "Gunmen of the Jalisco New Generation Cartel",
         Actor("Jalisco New Generation Cartel (CJNG)", "political_militias", "MX")),
        ("en", "Fulani herdsmen attacked the farming village at dawn.", "Fulani herdsmen",
         Actor("Fulani ethnic militia", "identity_militias", None)),
        ("en", "ISIS-K claimed the bombing at the airport.", "ISIS-K",
         Actor("Islamic State Khorasan Province (IS-K)", "rebel_groups", "AF")),
    ],
)  # fmt: skip
def test_actors_named_group(code: str, text: str, span: str, actor: Actor) -> None:
    assert (span, actor) in found(text, code)


@pytest.mark.parametrize(
    ("code", "text", "span", "actor"),
    [
        ("nl", "Amerikaanse bommenwerpers troffen twee bases.", "Amerikaanse bommenwerpers",
         Actor("US military", "state_forces", "US")),
        ("nl", "Iraakse veiligheidstroepen openden het vuur.", "Iraakse veiligheidstroepen",
         Actor("Iraqi security forces", "state_forces", "IQ")),
        ("nl", "Zeven Afghaanse politieagenten werden gedood.", "Afghaanse politieagenten",
         Actor("Afghan police", "state_forces", "AF")),
        ("nl", "Het Amerikaanse leger bevestigde de aanval.", "Amerikaanse leger",
         Actor("US military", "state_forces", "US")),
        ("nl", "Betogers bestormden de Amerikaanse ambassade in Bagdad.", "Amerikaanse ambassade",
         Actor("US embassy", "state_forces", "US")),
        ("nl", "De Afghaanse regering sprak van een aanslag.", "Afghaanse regering",
         Actor("Government of Afghanistan", "state_forces", "AF")),
        ("en", "American troops withdrew from the base.", "American troops",
         Actor("US military", "state_forces", "US")),
        ("en", "Iraqi police arrested three suspects.", "Iraqi police",
         Actor("Iraqi police", "state_forces", "IQ")),
        ("en", "Afghan forces retook the district.", "Afghan forces",
         Actor("Afghan military", "state_forces", "AF")),
        ("en", "US troops left the base at dawn.", "US troops", Actor("US military", "state_forces", "US")),
        ("en", "South African troops arrived in the province.", "South African troops",
         Actor("South African military", "state_forces", "ZA")),
        ("nl", "VS-troepen verlieten de basis.", "VS-troepen", Actor("US military", "state_forces", "US")),
        ("en", "A U.S.-backed Afghan militia was ambushed.", "Afghan militia",
         Actor("Afghan militia", "political_militias", "AF")),
    ],
)  # fmt: skip
def test_actors_demonym_gives_country(code: str, text: str, span: str, actor: Actor) -> None:
    assert (span, actor) in found(text, code)


@pytest.mark.parametrize(
    ("code", "text", "span", "actor"),
    [
        ("nl", "De politie greep in.", "politie", POLICE),
        ("nl", "ME-agenten voerden charges uit.", "ME-agenten", POLICE),
        ("nl", "De ME trad hard op.", "ME", POLICE),
        ("nl", "De oproerpolitie zette traangas in.", "oproerpolitie", POLICE),
        ("nl", "Regeringstroepen heroverden de stad.", "Regeringstroepen", MILITARY),
        ("nl", "Militieleden openden het vuur.", "Militieleden",
         Actor("Unidentified Militia", "political_militias", None)),
        ("nl", "Gewapende mannen overvielen een bus.", "Gewapende mannen",
         Actor("Unidentified Armed Group", "political_militias", None)),
        ("nl", "Een gewapende bende ontvoerde de reizigers.", "bende",
         Actor("Unidentified Armed Group", "political_militias", None)),
        ("nl", "Relschoppers gooiden stenen.", "Relschoppers", Actor("Rioters", "rioters", None)),
        ("nl", "Plunderaars drongen winkels binnen.", "Plunderaars", Actor("Rioters", "rioters", None)),
        ("nl", "Duizenden demonstranten trokken door de stad.", "demonstranten",
         Actor("Protesters", "protesters", None)),
        ("nl", "Klimaatactievoerders blokkeerden de snelweg.", "Klimaatactievoerders",
         Actor("Protesters", "protesters", None)),
        ("nl", "Dorpelingen sloegen op de vlucht.", "Dorpelingen", Actor("Civilians", "civilians", None)),
        ("nl", "Bij de aanslag kwamen veel bruiloftsgasten om.", "bruiloftsgasten",
         Actor("Civilians", "civilians", None)),
        ("nl", "Jihadisten vielen een legerpost aan.", "Jihadisten",
         Actor("Jihadist militants", "rebel_groups", None)),
        ("nl", "Opstandelingen namen het dorp in.", "Opstandelingen", Actor("Rebels", "rebel_groups", None)),
        ("en", "Riot police fired tear gas.", "Riot police", POLICE),
        ("en", "Unknown gunmen killed eleven villagers.", "Unknown gunmen",
         Actor("Unidentified Armed Group", "political_militias", None)),
        ("en", "A mob set fire to the police station.", "A mob", Actor("Rioters", "rioters", None)),
        ("en", "Looters ransacked the shops.", "Looters", Actor("Rioters", "rioters", None)),
        ("en", "Worshippers were leaving the mosque.", "Worshippers", Actor("Civilians", "civilians", None)),
        ("en", "Insurgents attacked a checkpoint.", "Insurgents", Actor("Rebels", "rebel_groups", None)),
        ("en", "Security forces opened fire.", "Security forces",
         Actor("Security Forces", "state_forces", None)),
        ("en", "Thousands of demonstrators marched on parliament.", "demonstrators",
         Actor("Protesters", "protesters", None)),
    ],
)  # fmt: skip
def test_actors_noun_without_country(code: str, text: str, span: str, actor: Actor) -> None:
    assert (span, actor) in found(text, code)


@pytest.mark.parametrize(
    ("code", "text", "span", "actor"),
    [
        ("nl", "Aanhangers van Kata’ib Hezbollah bestormden het terrein.", "Aanhangers van Kata’ib Hezbollah",
         Actor("Kata'ib Hezbollah supporters", "protesters", "IQ")),
        ("en", "Hezbollah supporters blocked the road.", "Hezbollah supporters",
         Actor("Hezbollah supporters", "protesters", "LB")),
    ],
)  # fmt: skip
def test_actors_crowd_of_a_group(code: str, text: str, span: str, actor: Actor) -> None:
    assert (span, actor) in found(text, code)


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        # "pro-"/"anti-" make the word an adjective; a demonym after a hyphen says nothing about the actor.
        ("en", "Pro-government militias clashed with rebels.",
         [("militias", Actor("Unidentified Militia", "political_militias", None)),
          ("rebels", Actor("Rebels", "rebel_groups", None))]),
        ("en", "Anti-government protesters gathered.",
         [("protesters", Actor("Protesters", "protesters", None))]),
        ("en", "Anti-Taliban fighters held the valley.",
         [("fighters", Actor("Militants", "rebel_groups", None))]),
        ("nl", "Pro-Russische separatisten beschoten de stad.",
         [("separatisten", Actor("Rebels", "rebel_groups", None))]),
        # Capitals-only aliases need capitals, and not in a shouted headline.
        ("nl", "Dat is een feit.", []),
        ("en", "THE WAR IS OVER", []),
        ("en", "Drones were heard overnight.", []),
        ("en", "They told us soldiers were coming.", [("soldiers", MILITARY)]),
        ("nl", "De reisagenten waren gesloten.", []),
    ],
)  # fmt: skip
def test_actors_not_an_actor(code: str, text: str, expected: list[tuple[str, Actor]]) -> None:
    assert found(text, code) == expected


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("nl", "Amerikaanse en Iraakse troepen rukten op.",
         [("Amerikaanse", Actor("US military", "state_forces", "US")),
          ("Iraakse troepen", Actor("Iraqi military", "state_forces", "IQ"))]),
        ("en", "American and Iraqi troops advanced.",
         [("American", Actor("US military", "state_forces", "US")),
          ("Iraqi troops", Actor("Iraqi military", "state_forces", "IQ"))]),
    ],
)  # fmt: skip
def test_actors_coordinated_demonyms(code: str, text: str, expected: list[tuple[str, Actor]]) -> None:
    assert found(text, code) == expected


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (
            "nl",
            "“De politie en de ME-agenten,” zei hij, “werden bekogeld door relschoppers.”\nIS eiste het op.",
        ),
        ("en", "Israeli troops and Hamas’s Qassam Brigades clashed; 3 civilians\u00a0died, police said."),
    ],
)
def test_actors_spans_are_exact_and_ordered(code: str, text: str) -> None:
    mentions = find_actors(text, load(code))
    assert mentions
    assert all(text[m.span.start : m.span.end] == m.span.text for m in mentions)
    assert all(a.span.end <= b.span.start for a, b in itertools.pairwise(mentions))
    assert all(m.actor.type in ACTOR_TYPES and m.span.rule.startswith("actor:") for m in mentions)


@pytest.mark.parametrize(
    ("actor", "event_country", "expected"),
    [
        (Actor("US military", "state_forces", "US"), "IQ", Actor("US military", "external_forces", "US")),
        (Actor("US military", "state_forces", "US"), "US", Actor("US military", "state_forces", "US")),
        (Actor("US embassy", "state_forces", "US"), "IQ", Actor("US embassy", "external_forces", "US")),
        (POLICE, "NL", Actor("Dutch police", "state_forces", "NL")),
        (
            Actor("Protesters", "protesters", None),
            "NL",
            Actor("Protesters (Netherlands)", "protesters", "NL"),
        ),
        (IS, "AF", Actor("Islamic State (IS)", "rebel_groups", "AF")),
        (
            Actor("Wagner Group", "external_forces", "RU"),
            "ML",
            Actor("Wagner Group", "external_forces", "RU"),
        ),
        (POLICE, None, POLICE),
    ],
)
def test_actors_resolve_for_event_country(actor: Actor, event_country: str | None, expected: Actor) -> None:
    assert resolve_actor(actor, event_country) == expected


def test_actors_data_same_keys_in_every_language() -> None:
    tables = [load(code)["actors"] for code in available() if load(code).get("actors") is not None]
    assert len(tables) >= 2
    keys = {frozenset(table) for table in tables}
    assert len(keys) == 1
    kinds = set(actor_kinds.kinds())
    for table in tables:
        for section in ("nouns", "modified_nouns", "compound_heads"):
            assert set(table[section]) <= kinds


def test_actors_groups_table_is_valid() -> None:
    countries = actor_kinds.countries()
    rows = actor_kinds.group_table()
    assert len(rows) >= 200
    owner: dict[str, str] = {}
    for group, aliases in rows:
        assert group.type in ACTOR_TYPES
        assert group.country is None or group.country in countries
        for alias in aliases:
            key = alias if actors._exact_case(alias) else alias.lower()
            assert owner.setdefault(key, group.name) == group.name, alias


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Des soldats maliens ont été tués.", [("soldats maliens", "Malian military", "state_forces", "ML")]),
        (
            "La police française a dispersé la foule.",
            [("police française", "French police", "state_forces", "FR")],
        ),
        (
            "des soldats français et américains",
            [
                ("soldats français", "French military", "state_forces", "FR"),
                ("américains", "US military", "state_forces", "US"),
            ],
        ),
        ("les forces afghanes", [("forces afghanes", "Afghan military", "state_forces", "AF")]),
        ("les forces ont riposté", []),  # "forces" alone says nothing of whose
        ("des manifestants", [("manifestants", "Protesters", "protesters", None)]),
        ("des militants écologistes", [("militants", "Protesters", "protesters", None)]),  # activists
    ],
)
def test_actors_demonym_after_the_noun(text: str, expected: list[tuple[str, str, str, str | None]]) -> None:
    found = actors.find_actors(text, load("fr"))
    assert [(m.span.text, m.actor.name, m.actor.type, m.actor.country) for m in found] == expected


def test_actors_demonym_after_is_off_for_dutch() -> None:
    found = actors.find_actors("de soldaten Iraakse", load("nl"))
    assert [(m.span.text, m.actor.country) for m in found] == [("soldaten", None)]


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("en", "A gunman in police uniform opened fire. The police arrived.", ["gunman", "police"]),
        ("en", "Gunmen dressed as Afghan police officers stormed the hotel.", ["Gunmen"]),
        ("fr", "Des hommes déguisés en policiers ont tiré. Les gendarmes sont arrivés.", ["gendarmes"]),
        ("nl", "Mannen verkleed als agenten schoten op de menigte. De politie greep in.", ["politie"]),
        ("de", "Männer in Uniformen der Polizei schossen. Die Polizei griff ein.", ["Polizei"]),
    ],
)
def test_actors_a_disguise_or_uniform_names_no_actor(code: str, text: str, expected: list[str]) -> None:
    """What someone wore or posed as is not who acted: only the other mentions are actors."""
    found = actors.find_actors(text, load(code))
    assert [m.span.text for m in found] == expected
