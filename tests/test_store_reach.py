"""What the store re-clusters around a wide report: only the day incidents it may join (store/fusing.py).

A month report of Rotterdam is weighed against the day incidents of Rotterdam that month; those of
Eindhoven, another town of the same country and kind of event, cannot take it, so they stay out of the
component the batch re-clusters. The incidents must still equal clustering everything, also when the
article of a wide report that joined one of them is replaced.
"""

from __future__ import annotations

import pytest
from storekit import event, place

from kroniek.model import Article, ArticleResult, DocDate
from kroniek.store import fusing, open_store
from kroniek.store.check import check_store

ROTTERDAM = place("Rotterdam", "NL", 51.9225, 4.47917, admin1="South Holland", gid=2747891)
EINDHOVEN = place("Eindhoven", "NL", 51.44083, 5.47778, admin1="North Brabant", gid=2756253)


def _pair(article_id: str, *events, date: str = "2023-03-20") -> tuple[Article, ArticleResult]:
    article = Article(article_id, f"Rellen {article_id}", date=DocDate.parse(date, "field"))
    return article, ArticleResult(article_id, "nl", article.date, tuple(events))


def _riot(when: str, where=ROTTERDAM, **kw):
    return event("riots", "violent_demonstration", when, where, ("Rioters", "rioters"), **kw)


def _days() -> list[tuple[Article, ArticleResult]]:
    return [
        _pair(f"{town.name[0].lower()}{day}", _riot(f"2023-03-{day:02d}", town), date=f"2023-03-{day:02d}")
        for day in range(1, 11)
        for town in (ROTTERDAM, EINDHOVEN)
    ]


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, tuple[str, str]]]:
    seen: list[dict[str, tuple[str, str]]] = []
    scope = fusing._scope

    def spying(*args, **kwargs):
        found, known, links, settled = scope(*args, **kwargs)
        seen.append(known)
        return found, known, links, settled

    monkeypatch.setattr(fusing, "_scope", spying)
    return seen


def test_store_reach_other_towns_stay_out_of_the_component(tmp_path, monkeypatch) -> None:
    with open_store(str(tmp_path / "reach.db")) as store:
        store.save_batch(_days())
        seen = _spy(monkeypatch)
        store.save_batch([_pair("month", _riot("2023-03", ROTTERDAM))])
        (known,) = seen
        towns = {
            eid: town
            for eid, town in store.backend.query(
                "SELECT e.id, p.name FROM events e JOIN places p ON p.id = e.place_id"
            )
        }
        assert {towns[eid] for eid in known} == {"Rotterdam"}
        assert len(known) == 10  # the ten Rotterdam days, none of Eindhoven's
        assert check_store(store).ok, check_store(store).problems


def test_store_reach_a_replaced_wide_report_leaves_its_old_incident_whole(tmp_path) -> None:
    # The week report joins Eindhoven's incident of the 5th (the same toll breaks the tie with the other
    # days); its article is then replaced by a Rotterdam report: the Eindhoven incident loses it and must
    # keep its day report, though no report decided again can join it any more.
    with open_store(str(tmp_path / "replace.db")) as store:
        store.save_batch(
            [*_days(), _pair("e5", _riot("2023-03-05", EINDHOVEN, fatalities=3), date="2023-03-05")]
        )
        store.save_batch([_pair("week", _riot("2023-03-01/2023-03-07", EINDHOVEN, fatalities=3))])
        joined = store.backend.query(
            "SELECT COUNT(*) FROM incident_events ie JOIN incident_events day "
            "ON day.incident_id = ie.incident_id JOIN events e ON e.id = day.event_id "
            "WHERE e.article_id = 'e5' AND ie.event_id IN "
            "(SELECT id FROM events WHERE article_id = 'week')"
        )
        assert joined == [(1,)]
        store.save_batch([_pair("week", _riot("2023-03-02/2023-03-08", ROTTERDAM))])
        assert check_store(store).ok, check_store(store).problems
        store.save_batch([_pair("week", _riot("2023-03", ROTTERDAM))])
        assert check_store(store).ok, check_store(store).problems
        assert store.counts()["incidents"] >= 20


def test_store_reach_wide_reports_of_other_towns_in_the_month_stay_out(tmp_path, monkeypatch) -> None:
    # Wide reports that no day incident takes fuse with those of the same or a nesting window ending in
    # the same month; of those, only the ones linked to a changed report (here: of its town) are decided
    # again. Eindhoven's weeks cannot fuse with a Rotterdam month, so they stay out of the component.
    weeks = [
        _pair(f"w{town.name[0]}{day}", _riot(f"2023-03-{day:02d}/2023-03-{day + 6:02d}", town))
        for day in (1, 8, 15)
        for town in (ROTTERDAM, EINDHOVEN)
    ]
    with open_store(str(tmp_path / "weeks.db")) as store:
        store.save_batch(weeks)
        seen: list[set[str]] = []
        scope = fusing._scope

        def spying(*args, **kwargs):
            found, known, links, settled = scope(*args, **kwargs)
            seen.append(found)
            return found, known, links, settled

        monkeypatch.setattr(fusing, "_scope", spying)
        store.save_batch([_pair("month", _riot("2023-03", ROTTERDAM), date="2023-03")])
        (found,) = seen
        articles = dict(store.backend.query("SELECT id, article_id FROM events"))
        assert sorted(articles[eid] for eid in found) == ["month", "wR1", "wR15", "wR8"]
        assert check_store(store).ok, check_store(store).problems


def test_store_reach_a_changed_day_redecides_only_what_its_new_reports_relate_to(
    tmp_path, monkeypatch
) -> None:
    # Rotterdam and Eindhoven riot every day, and a Rotterdam month report fits all of Rotterdam's days
    # equally. A new Eindhoven report on the 5th relates to nothing of Rotterdam: the Rotterdam report of
    # that day and the month report keep their incidents, so they are not decided again.
    with open_store(str(tmp_path / "day.db")) as store:
        store.save_batch([*_days(), _pair("month", _riot("2023-03", ROTTERDAM), date="2023-03")])
        seen: list[set[str]] = []
        scope = fusing._scope

        def spying(*args, **kwargs):
            found, known, links, settled = scope(*args, **kwargs)
            seen.append(found)
            return found, known, links, settled

        monkeypatch.setattr(fusing, "_scope", spying)
        store.save_batch([_pair("e5bis", _riot("2023-03-05", EINDHOVEN), date="2023-03-05")])
        articles = dict(store.backend.query("SELECT id, article_id FROM events"))
        assert sorted(articles[eid] for eid in seen[-1]) == ["e5", "e5bis"]
        assert check_store(store).ok, check_store(store).problems
        # A Rotterdam report of that day does reach the month report (it may now prefer that day).
        store.save_batch([_pair("r5bis", _riot("2023-03-05", ROTTERDAM), date="2023-03-05")])
        articles = dict(store.backend.query("SELECT id, article_id FROM events"))
        redecided = {articles[eid] for eid in seen[-1]}
        assert {"month", "r5", "r5bis"} <= redecided
        assert not {"e5", "e5bis"} & redecided
        assert check_store(store).ok, check_store(store).problems


def test_store_reach_wide_peers_that_no_day_reaches_keep_their_second_step(tmp_path, monkeypatch) -> None:
    # Rotterdam's weeks found incidents of their own (no day report in their windows): a new month report
    # re-clusters them as its peers, but their second step stands, so they come as `settled`; a day
    # report inside one of them is then weighed with it again.
    weeks = [_pair(f"w{day}", _riot(f"2023-03-{day:02d}/2023-03-{day + 6:02d}")) for day in (1, 8, 15)]
    with open_store(str(tmp_path / "settled.db")) as store:
        store.save_batch(weeks)
        seen: list[dict[str, str]] = []
        scope = fusing._scope

        def spying(*args, **kwargs):
            found, known, links, settled = scope(*args, **kwargs)
            seen.append(settled)
            return found, known, links, settled

        monkeypatch.setattr(fusing, "_scope", spying)
        store.save_batch([_pair("month", _riot("2023-03"), date="2023-03")])
        articles = dict(store.backend.query("SELECT id, article_id FROM events"))
        assert sorted(articles[eid] for eid in seen[-1]) == ["w1", "w15", "w8"]
        assert set(seen[-1].values()) == {"founding report"}
        assert check_store(store).ok, check_store(store).problems
        store.save_batch([_pair("r10", _riot("2023-03-10"), date="2023-03-10")])
        articles = dict(store.backend.query("SELECT id, article_id FROM events"))
        assert "w8" not in {articles[eid] for eid in seen[-1]}
        assert check_store(store).ok, check_store(store).problems


def test_store_reach_a_wide_report_reaches_day_incidents_of_its_own_type_only(tmp_path, monkeypatch) -> None:
    # Protests and riots are one family (one neighbourhood), but a month of riots relates to a protest
    # only on one named day of both: Rotterdam's protest days (after its riot days) stay out of the month
    # report's component.
    protests = [
        _pair(
            f"p{day}", event("protests", "peaceful_protest", f"2023-03-{day}", ROTTERDAM), date="2023-03-20"
        )
        for day in range(11, 16)
    ]
    with open_store(str(tmp_path / "types.db")) as store:
        store.save_batch([*_days(), *protests])
        seen = _spy(monkeypatch)
        store.save_batch([_pair("month", _riot("2023-03", ROTTERDAM), date="2023-03")])
        (known,) = seen
        articles = dict(store.backend.query("SELECT id, article_id FROM events"))
        assert sorted(articles[eid] for eid in known) == sorted(f"r{day}" for day in range(1, 11))
        assert check_store(store).ok, check_store(store).problems
