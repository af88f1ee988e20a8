"""ACLED's battle needs two armed sides: the detector's "armed clash" is a riot when a crowd fought the police
alone, and an attack on civilians when an armed group hit civilians alone."""

from kroniek.model import Actor, ActorMention, CountMention, Span
from kroniek.stages.frames import Cluster, Frame
from kroniek.stages.triggers import Mention, TriggerClass
from kroniek.stages.typing import decide_actors, decide_type


def _clash(*actors: tuple[str, str]) -> Cluster:
    trigger = TriggerClass("learned:armed_clash", "violence", "armed_clash", 1.0, learned=True, score=0.6)
    mention = Mention(Span(0, 5, "clash"), trigger, 0)
    found = [
        ActorMention(Span(10 + 10 * i, 15 + 10 * i, name), Actor(name, kind, "XX"))
        for i, (name, kind) in enumerate(actors)
    ]
    return Cluster([Frame(mention, "violence", None, None, found)])


def _typed(cluster: Cluster) -> tuple[str, str]:
    kind = decide_type(cluster)
    return kind.event_type, kind.sub_event_type


def test_a_crowd_against_the_police_is_a_riot():
    assert _typed(_clash(("protesters", "protesters"), ("police", "state_forces"))) == (
        "riots",
        "violent_demonstration",
    )


def test_an_armed_group_against_civilians_is_an_attack():
    assert _typed(_clash(("militia", "political_militias"), ("villagers", "civilians"))) == (
        "violence_against_civilians",
        "attack",
    )


def test_two_armed_sides_stay_a_battle():
    assert _typed(_clash(("rebels", "rebel_groups"), ("army", "state_forces"))) == ("battles", "armed_clash")
    # A crowd beside two armed groups does not make their fight a riot.
    assert _typed(
        _clash(("rebels", "rebel_groups"), ("army", "state_forces"), ("protesters", "protesters"))
    ) == ("battles", "armed_clash")


def _bomb(cues: set[str], killed: int) -> Cluster:
    sub = "remote_explosive_landmine_ied"
    trigger = TriggerClass(f"learned:{sub}", "violence", sub, 1.0, learned=True, score=0.7)
    frame = Frame(Mention(Span(0, 4, "bomb"), trigger, 0, set(), set(cues)), "violence", None, None, [])
    if killed:
        frame.counts.append(CountMention(Span(20, 30, f"{killed} killed"), "killed", killed))
    return Cluster([frame])


def test_a_bomb_defused_or_found_unharmed_is_disrupted_weapons_use():
    assert _typed(_bomb({"defused", "explosive"}, 0)) == ("strategic_developments", "disrupted_weapons_use")
    # one that went off and killed is an explosion, whatever else was found
    assert _typed(_bomb({"defused", "explosive"}, 3)) == (
        "explosions_remote_violence",
        "remote_explosive_landmine_ied",
    )
    assert _typed(_bomb({"explosive"}, 0))[0] == "explosions_remote_violence"


def test_a_defused_bomb_told_later_counts_when_the_cluster_is_typed_again():
    # A cluster is typed each time another frame joins it, and its tally reads only the new frames (issue 13):
    # a defusing told in a later sentence must still count, and a toll attached after typing still undoes it.
    cluster = _bomb({"explosive"}, 0)
    assert _typed(cluster)[0] == "explosions_remote_violence"
    cluster.add(_bomb({"defused"}, 0).frames[0], None)
    assert _typed(cluster) == ("strategic_developments", "disrupted_weapons_use")
    cluster.frames[0].counts.append(CountMention(Span(20, 30, "3 killed"), "killed", 3))
    assert _typed(cluster)[0] == "explosions_remote_violence"


def _strike(near: set[str], sentence: set[str] = frozenset()) -> Cluster:
    sub = "air_drone_strike"
    trigger = TriggerClass(f"learned:{sub}", "violence", sub, 1.0, learned=True, score=0.7)
    mention = Mention(Span(0, 7, "strikes"), trigger, 0, set(near), set(near) | set(sentence))
    return Cluster([Frame(mention, "violence", None, None, [])])


def test_the_weapon_named_beside_an_explosion_decides_its_sub_type():
    # "missile strikes": the model's words say air strike, the weapon beside them says missiles
    shelling = ("explosions_remote_violence", "shelling_artillery_missile_attack")
    assert _typed(_strike({"shelling"})) == shelling
    # the most telling weapon first: a suicide attack is a suicide bombing whatever else is named
    assert _typed(_strike({"air", "suicide"})) == ("explosions_remote_violence", "suicide_bomb")
    # no weapon named beside it, or one only elsewhere in the sentence: the model's sub-type
    assert _typed(_strike(set())) == ("explosions_remote_violence", "air_drone_strike")
    assert _typed(_strike(set(), {"shelling"})) == ("explosions_remote_violence", "air_drone_strike")


def test_gunfire_without_a_weapon_of_remote_violence_is_a_shooting():
    # "the gunman ... firing at young people": the model's words said shelling, nothing beside them does
    assert _typed(_strike({"gun"})) == ("violence_against_civilians", "attack")
    # at a post or base: a battle
    assert _typed(_strike({"gun", "armed_target"})) == ("battles", "armed_clash")
    # gunfire beside a weapon of remote violence stays an explosion ("helicopters fired rockets")
    shelling = ("explosions_remote_violence", "shelling_artillery_missile_attack")
    assert _typed(_strike({"gun", "shelling"})) == shelling


def _air_strike(*actors: tuple[str, str]) -> Cluster:
    cluster = _strike({"air"})
    cluster.frames[0].actors.extend(
        ActorMention(Span(10 + 10 * i, 15 + 10 * i, name), Actor(name, kind, "SO"))
        for i, (name, kind) in enumerate(actors)
    )
    return cluster


def test_an_air_strike_is_the_army_s_and_the_armed_group_named_is_its_target():
    cluster = _air_strike(("al-Shabaab", "rebel_groups"), ("army", "state_forces"))
    actor1, actor2, _ = decide_actors(cluster, "explosions_remote_violence", "air_drone_strike", "SO")
    assert (actor1 and actor1.type, actor2 and actor2.type) == ("state_forces", "rebel_groups")
    # with no army named, the group named stays: who flew, the text does not say
    cluster = _air_strike(("al-Shabaab", "rebel_groups"))
    actor1, _, _ = decide_actors(cluster, "explosions_remote_violence", "air_drone_strike", "SO")
    assert actor1 is not None and actor1.type == "rebel_groups"
