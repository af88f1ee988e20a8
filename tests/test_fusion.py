"""Fusion rules on hand-built reports: what merges, what stays apart, and how fields are reconciled."""

from __future__ import annotations

import random

import pytest
from storekit import event, place, report

from kroniek import fusion
from kroniek.fusion import Report, cluster_reports, decide, fuse, relate

ROTTERDAM = place("Rotterdam", "NL", 51.9225, 4.47917, admin1="South Holland", gid=2747891)
SCHIEDAM = place("Schiedam", "NL", 51.91917, 4.38889, admin1="South Holland", gid=2747720)  # 6 km
DELFT = place("Delft", "NL", 52.00667, 4.35556, admin1="South Holland", gid=2757345)  # 13 km
EINDHOVEN = place("Eindhoven", "NL", 51.44083, 5.47778, admin1="North Brabant", gid=2756253)
SOUTH_HOLLAND = place(None, "NL", admin1="South Holland", precision=3)
NORTH_BRABANT = place(None, "NL", admin1="North Brabant", precision=3)
NETHERLANDS = place(None, "NL", precision=3)
BAGHDAD = place("Baghdad", "IQ", 33.34058, 44.40088, admin1="Baghdad", gid=98182)
# 9 km apart, in two regions: the airport bombing and the metro bombing of 22 March 2016.
ZAVENTEM = place("Zaventem", "BE", 50.88365, 4.47298, admin1="Flanders", gid=2784821)
BRUSSELS = place("Brussels", "BE", 50.85045, 4.34878, admin1="Brussels Capital", gid=2800866)
NOWHERE = place(None, None, precision=None)

IED = "remote_explosive_landmine_ied"
RIOTERS, POLICE = ("Rioters (Netherlands)", "rioters"), ("Police Forces of the Netherlands", "state_forces")


def riot(when: str, where=ROTTERDAM, **kw) -> object:
    return event("riots", kw.pop("sub", "violent_demonstration"), when, where, kw.pop("a1", RIOTERS),
                 kw.pop("a2", POLICE), **kw)  # fmt: skip


def ids(clusters) -> list[set[str]]:
    return sorted(({m.report.event_id for m in members} for members in clusters), key=sorted)


@pytest.mark.parametrize(
    ("a", "b", "rule_part"),
    [
        (riot("2023-03-11"), riot("2023-03-11"), "same place; same day"),
        (riot("2023-03"), riot("2023-03-11"), "a day fixes a wider window"),
        (riot("2023-03-06/2023-03-12"), riot("2023-03"), "a window within a wider one"),
        (riot("2023-03-06/2023-03-12"), riot("2023-03-09/2023-03-15"), "overlapping windows"),
        (riot("2023-03-11", SCHIEDAM), riot("2023-03-11"), "nearby (6 km)"),
        (riot("2023-03-11", SOUTH_HOLLAND), riot("2023-03-11"), "region contains place"),
        (riot("2023-03-11", NETHERLANDS), riot("2023-03-11"), "country contains place"),
        (riot("2023-03-11", a2=None), riot("2023-03-11"), "actors agree"),
        (riot("2023-03-11", a1=POLICE, a2=RIOTERS), riot("2023-03-11"), "sides swapped"),
        (riot("2023-03-11", a1=("Relschoppers", "rioters")), riot("2023-03-11"), "actors agree"),
    ],
)
def test_fusion_relate_merges_compatible_reports(a, b, rule_part) -> None:
    relation = relate(report("e1", "a1", a), report("e2", "a2", b))
    assert relation is not None
    assert rule_part in relation.rule


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (riot("2023-03-11"), riot("2023-03-12")),  # consecutive days: two events
        (riot("2023-03-11"), riot("2023-03-11", EINDHOVEN)),  # same day, same country, other town
        (riot("2023-03-11"), riot("2023-03-11", DELFT)),  # 13 km: beyond NEARBY_KM
        (riot("2023-03-11"), riot("2023-03-11", NORTH_BRABANT)),  # region that does not contain it
        (riot("2023-03-11"), riot("2023-03-11", BAGHDAD)),  # other country
        (riot("2023-03-11", ZAVENTEM), riot("2023-03-11", BRUSSELS)),  # near, but in another region
        (riot("2023-03-11"), event("explosions_remote_violence", IED, "2023-03-11", ROTTERDAM)),  # other type
        (riot("2023-03-11", NOWHERE), riot("2023-03-11", NOWHERE)),  # no country: nothing to compare
        (
            riot("2023-03-11", a1=("Ajax supporters", "rioters"), a2=("Feyenoord supporters", "rioters")),
            riot("2023-03-11", a1=("Farmers", "protesters"), a2=POLICE),
        ),
        (riot("2023-01-01/2023-03-31"), riot("2023-03-11")),  # too vague to be one event
    ],
)
def test_fusion_relate_keeps_different_events_apart(a, b) -> None:
    assert relate(report("e1", "a1", a), report("e2", "a2", b)) is None


def test_fusion_never_merges_two_events_of_one_article() -> None:
    # One article coding two riots means two events, however similar they look.
    assert relate(report("e1", "a1", riot("2023-03")), report("e2", "a1", riot("2023-03-11"))) is None


def test_fusion_decide_picks_the_most_specific_incident() -> None:
    new = report("n", "an", riot("2023-03-11"))
    same_town = [report("r", "ar", riot("2023-03-11"))]
    nearby = [report("s", "as", riot("2023-03-11", SCHIEDAM))]
    decision = decide(new, [nearby, same_town])
    assert decision.target == 1
    assert decision.rule.startswith("same place")


def test_fusion_decide_bridging_report_joins_neither_incident() -> None:
    # Two riots in Rotterdam a week apart; a month-precise report fits both equally.
    first = [report("d1", "a1", riot("2023-03-04"))]
    second = [report("d2", "a2", riot("2023-03-11"))]
    decision = decide(report("m", "a3", riot("2023-03")), [first, second])
    assert decision.target is None
    assert "ambiguous" in decision.rule


def test_fusion_complete_linkage_stops_chaining() -> None:
    # A country-level report fits both towns, but the towns are different events: it may join one
    # side only if it is strictly better there; here it fits both equally and joins neither.
    reports = [
        report("r", "a1", riot("2023-03-11")),
        report("e", "a2", riot("2023-03-11", EINDHOVEN)),
        report("n", "a3", riot("2023-03-11", NETHERLANDS)),
    ]
    assert ids(cluster_reports(reports)) == [{"e"}, {"n"}, {"r"}]


def test_fusion_cluster_is_order_independent() -> None:
    reports = [
        report("a", "A", riot("2023-03-11"), "2023-03-12"),
        report("b", "B", riot("2023-03"), "2023-03-20"),
        report("c", "C", riot("2023-03-11", SCHIEDAM), "2023-03-12"),
        report("d", "D", riot("2023-03-11", EINDHOVEN), "2023-03-12"),
        report("e", "E", riot("2023-03-11", NORTH_BRABANT), "2023-03-13"),
        report("f", "F", riot("2023-03-12"), "2023-03-13"),
        report("g", "G", riot("2023-03-06/2023-03-12", NETHERLANDS), "2023-03-14"),
    ]
    expected = [fuse(c) for c in cluster_reports(reports)]
    for seed in range(20):
        shuffled = reports[:]
        random.Random(seed).shuffle(shuffled)
        assert [fuse(c) for c in cluster_reports(shuffled)] == expected


def test_fusion_incident_id_comes_from_earliest_report_and_survives_later_coverage() -> None:
    first = [
        report("x1", "A", riot("2023-03-11"), "2023-03-12"),
        report("x2", "B", riot("2023-03"), "2023-03-31"),
    ]
    before = fuse(cluster_reports(first)[0])
    later = [*first, report("x0", "C", riot("2023-03-11"), "2023-03-15")]
    after = fuse(cluster_reports(later)[0])
    assert before.id == after.id == fusion.incident_id("x1")
    assert len(after.members) == 3


@pytest.mark.parametrize(
    ("windows", "expected"),
    [
        (["2023-03", "2023-03-11"], ("2023-03-11", "2023-03-11", "day")),
        (["2023-03", "2023-03-06/2023-03-12", "2023-03-11"], ("2023-03-11", "2023-03-11", "day")),
    ],
)
def test_fusion_fuse_narrows_dates_to_the_intersection(windows, expected) -> None:
    reports = [report(f"e{i}", f"a{i}", riot(w)) for i, w in enumerate(windows)]
    (members,) = cluster_reports(reports)
    incident = fuse(members)
    got = (incident.window.start.isoformat(), incident.window.end.isoformat(), incident.window.precision)
    assert got == expected
    assert any(rule.startswith("date: narrowed") for rule in incident.rules)


def test_fusion_wide_windows_join_a_day_a_nesting_window_or_the_same_window_only() -> None:
    # Without a one-day report, a week report within a month report's window fuses with it (the week
    # refines the month, as a day does), and the same window still fuses. Windows that only overlap
    # stay apart: week after week of them would chain a busy place's reports (issue 11).
    month, week = report("m", "am", riot("2023-03")), report("w", "aw", riot("2023-03-06/2023-03-12"))
    month2 = report("m2", "am2", riot("2023-03"))
    assert ids(cluster_reports([month, week, month2])) == [{"m", "m2", "w"}]
    later = report("w2", "aw2", riot("2023-03-09/2023-03-15"))
    assert ids(cluster_reports([week, later])) == [{"w"}, {"w2"}]
    day = report("d", "ad", riot("2023-03-08"))
    assert ids(cluster_reports([month, week, month2, day])) == [{"d", "m", "m2", "w"}]


def test_fusion_wide_windows_nest_only_within_the_month_they_end_in() -> None:
    # A week ending on 31 March lies within a window from 25 March to 30 April, but they end in two
    # months: the store re-clusters a wide report with the reports ending in its month only, so that
    # windows nesting one in the next cannot tie the whole archive together.
    week = report("w", "aw", riot("2023-03-25/2023-03-31"))
    spanning = report("s", "as", riot("2023-03-25/2023-04-30"))
    assert ids(cluster_reports([week, spanning])) == [{"s"}, {"w"}]
    inside = report("i", "ai", riot("2023-04-01/2023-04-07"))
    assert ids(cluster_reports([week, spanning, inside])) == [{"i", "s"}, {"w"}]


def test_fusion_wide_reports_that_bridge_two_days_do_not_nest() -> None:
    # A week report and a month report that each fit two riots of the week equally may tell of either:
    # fusing them by nesting would be a guess, so they stay apart (the same window still fuses).
    days = [report("d1", "a1", riot("2023-03-07")), report("d2", "a2", riot("2023-03-09"))]
    week, month = report("w", "aw", riot("2023-03-06/2023-03-12")), report("m", "am", riot("2023-03"))
    assert ids(cluster_reports([*days, week, month])) == [{"d1"}, {"d2"}, {"m"}, {"w"}]
    assert ids(cluster_reports([week, month])) == [{"m", "w"}]
    twin = report("w2", "aw2", riot("2023-03-06/2023-03-12"))
    assert ids(cluster_reports([*days, week, twin])) == [{"d1"}, {"d2"}, {"w", "w2"}]


def test_fusion_wide_windows_nest_with_every_member() -> None:
    # Complete linkage: two weeks of one month are two incidents, and the month joins one of them only
    # when it relates to that one better; here it fits both equally and joins neither.
    first, second = (
        report("w1", "a1", riot("2023-03-06/2023-03-12")),
        report("w2", "a2", riot("2023-03-20/2023-03-26")),
    )
    month = report("m", "am", riot("2023-03"))
    found = ids(cluster_reports([first, second, month]))
    assert found == [{"m"}, {"w1"}, {"w2"}]


def test_fusion_wide_reports_decide_on_day_incidents_alone() -> None:
    # Two riots in one town on two days: a month report fits both and joins neither, and does not
    # become a bridge that a later week report could use to pick a side.
    reports = [
        report("d1", "a1", riot("2023-03-04")),
        report("d2", "a2", riot("2023-03-11")),
        report("m", "a3", riot("2023-03")),
        report("w", "a4", riot("2023-03-09/2023-03-15")),
    ]
    assert ids(cluster_reports(reports)) == [{"d1"}, {"d2", "w"}, {"m"}]


def test_fusion_fuse_keeps_lowest_fatalities_and_the_range() -> None:
    reports = [report(f"e{n}", f"a{n}", riot("2023-03-11", fatalities=n)) for n in (12, 18, 14)]
    reports.append(report("ex", "ax", riot("2023-03-11")))  # no figure: does not count as 0
    incident = fuse(cluster_reports(reports)[0])
    assert (incident.fatalities.value, incident.fatalities.low, incident.fatalities.high) == (12, 12, 18)
    assert incident.injuries.value is None


@pytest.mark.parametrize(
    ("event_type", "subs", "expected"),
    [
        ("protests", ["peaceful_protest"] * 2 + ["protest_with_intervention"], "protest_with_intervention"),
        ("explosions_remote_violence", [IED] * 3 + ["suicide_bomb"], IED),  # majority
        ("explosions_remote_violence", [IED, "suicide_bomb"], "suicide_bomb"),  # tie: the more specific
        ("riots", ["mob_violence", "violent_demonstration"], "violent_demonstration"),
    ],
)
def test_fusion_fuse_reconciles_sub_event_types(event_type, subs, expected) -> None:
    reports = [
        report(f"e{i}", f"a{i}", event(event_type, s, "2023-03-11", ROTTERDAM)) for i, s in enumerate(subs)
    ]
    (members,) = cluster_reports(reports)
    incident = fuse(members)
    assert incident.sub_event_type == expected
    assert any(rule.startswith("sub_event_type") for rule in incident.rules)


def test_fusion_fuse_takes_most_precise_place_and_turns_swapped_actors() -> None:
    reports = [
        report("e1", "a1", riot("2023-03-11", NETHERLANDS, a1=POLICE, a2=RIOTERS)),
        report("e2", "a2", riot("2023-03-11")),
        report("e3", "a3", riot("2023-03-11", SOUTH_HOLLAND)),
    ]
    (members,) = cluster_reports(reports)
    incident = fuse(members)
    assert incident.location == ROTTERDAM
    assert {incident.actor1.type, incident.actor2.type} == {"rioters", "state_forces"}
    assert incident.members[0].rule == fusion.FOUNDER
    assert incident.article_ids == ("a1", "a2", "a3")


def test_fusion_two_named_groups_stay_apart() -> None:
    bomb = "explosions_remote_violence", "remote_explosive_landmine_ied", "2024-05-18"
    mogadishu = place("Mogadishu", "SO", 2.03711, 45.34375, gid=53654)
    shabaab = report("s", "a1", event(*bomb, mogadishu, ("al-Shabaab", "rebel_groups")))
    islamic_state = report("i", "a2", event(*bomb, mogadishu, ("Islamic State (IS)", "rebel_groups")))
    hamas = report("h", "a3", event(*bomb, mogadishu, ("Hamas", "rebel_groups")))
    assert relate(shabaab, islamic_state) is not None  # same type: one witness may be wrong about who
    assert relate(shabaab, hamas) is not None
    assert (
        relate(shabaab, report("w", "a4", event(*bomb, mogadishu, ("Wagner Group", "external_forces"))))
        is None
    )


def test_fusion_a_kind_of_actor_may_be_the_named_group() -> None:
    bomb = "explosions_remote_violence", "remote_explosive_landmine_ied", "2024-05-18"
    mogadishu = place("Mogadishu", "SO", 2.03711, 45.34375, gid=53654)
    gunmen = report(
        "g", "a1", event(*bomb, mogadishu, ("Unidentified Armed Group (Somalia)", "political_militias"))
    )
    police = report("p", "a2", event(*bomb, mogadishu, ("Police Forces", "state_forces")))
    shabaab = report("s", "a3", event(*bomb, mogadishu, ("al-Shabaab", "rebel_groups")))
    assert relate(gunmen, shabaab) is not None
    assert relate(police, shabaab) is not None  # "police said" read as the doer by one report


def march(when: str, where=ROTTERDAM, **kw) -> object:
    return event(
        "protests", kw.pop("sub", "peaceful_protest"), when, where, ("Protesters", "protesters"), **kw
    )


def test_fusion_a_protest_and_a_riot_of_one_event_fuse_as_a_riot() -> None:
    reports = [report("p", "a1", march("2023-03-11")), report("r", "a2", riot("2023-03-11", a2=None))]
    (members,) = cluster_reports(reports)
    assert "protests/riots" in members[1].rule
    incident = fuse(members)
    assert (incident.event_type, incident.sub_event_type) == ("riots", "violent_demonstration")
    assert any(rule.startswith("event_type: riots (tie, the escalated") for rule in incident.rules)


def test_fusion_a_report_prefers_an_incident_of_its_own_type() -> None:
    # One article tells a peaceful march and a riot in one town on one day (two events); a second
    # article tells both too: each of its reports joins the incident of its own type.
    reports = [
        report("m1", "a1", march("2023-03-11")),
        report("r1", "a1", riot("2023-03-11", a2=None)),
        report("m2", "a2", march("2023-03-11")),
        report("r2", "a2", riot("2023-03-11", a2=None)),
    ]
    assert ids(cluster_reports(reports)) == [{"m1", "m2"}, {"r1", "r2"}]


def test_fusion_an_attack_and_the_clash_in_its_region_stay_apart() -> None:
    village = place("Tillia", "NE", 16.13, 4.79, admin1="Tahoua", gid=2439376)
    region = place(None, "NE", admin1="Tahoua", precision=3)
    attack = event(
        "violence_against_civilians", "attack", "2021-03-21", village, ("Gunmen", "political_militias")
    )
    clash = event(
        "battles", "armed_clash", "2021-03-21", region, ("Military Forces of Niger", "state_forces")
    )
    assert relate(report("v", "a1", attack), report("b", "a2", clash)) is None
    # The same two types in one town on one day relate, below any report of the attack's own type.
    in_village = event("battles", "armed_clash", "2021-03-21", village, ("Gunmen", "political_militias"))
    cross = relate(report("v", "a1", attack), report("b", "a2", in_village))
    same = relate(report("v", "a1", attack), report("w", "a3", attack))
    assert cross is not None and same is not None and same.score > cross.score


def test_fusion_the_same_toll_breaks_a_tie_between_two_incidents() -> None:
    # A country-level report fits riots in two towns on its day; it names the toll of one of them.
    reports = [
        report("r", "a1", riot("2023-03-11", fatalities=2)),
        report("e", "a2", riot("2023-03-11", EINDHOVEN, fatalities=5)),
        report("n", "a3", riot("2023-03-11", NETHERLANDS, fatalities=5)),
    ]
    clusters = cluster_reports(reports)
    assert ids(clusters) == [{"e", "n"}, {"r"}]
    assert "same toll" in next(m.rule for c in clusters for m in c if m.report.event_id == "n")


def test_fusion_a_report_told_apart_from_a_neighbouring_type_does_not_relate_to_it() -> None:
    # One town, one day: an attack and a battle relate (neighbouring types), unless the battle's own
    # article codes an attack there apart from it: then the other attack is that one's, not the battle's.
    gunmen = ("Gunmen", "political_militias")
    attack = event("violence_against_civilians", "attack", "2023-03-11", ROTTERDAM, gunmen)
    battle = event("battles", "armed_clash", "2023-03-11", ROTTERDAM, gunmen)
    assert relate(report("a", "a1", attack), report("b", "a2", battle)) is not None
    told_apart = Report("b", "a2", None, battle, frozenset({"violence_against_civilians"}))
    assert relate(report("a", "a1", attack), told_apart) is None
    assert relate(told_apart, report("a", "a1", attack)) is None


def test_fusion_settled_wide_reports_skip_the_day_incidents() -> None:
    # The store passes the wide reports whose day incidents did not change as `settled`, with the rule
    # the second step gave them: given their true rule, the result is that of clustering everything.
    reports = [
        report("d1", "a1", riot("2023-03-05", EINDHOVEN)),
        report("m1", "a2", riot("2023-03")),  # no Rotterdam day: left, founds an incident
        report("w1", "a3", riot("2023-03-06/2023-03-12")),  # nests in the month
        report("m2", "a4", riot("2023-03", EINDHOVEN)),  # joins the Eindhoven day
    ]
    expected = cluster_reports(reports)
    assert ids(expected) == [{"d1", "m2"}, {"m1", "w1"}]
    assert cluster_reports(reports, settled={"m1": fusion.FOUNDER}) == expected
    # A settled report is not weighed against the day incidents again: it stays left.
    assert ids(cluster_reports(reports, settled={"m2": fusion.FOUNDER})) == [{"d1"}, {"m1", "w1"}, {"m2"}]
