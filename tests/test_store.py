"""The store on SQLite and PostgreSQL: schema, saving, replacing, querying, order independence.

PostgreSQL cases need TEST_PG_DSN (CI sets it, see /work/notes/ci_postgres.sh) and skip without it.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
import storekit
from storekit import event, load_stories, place, snapshot, story_result

from kroniek.model import Article, ArticleResult, DocDate
from kroniek.store import IncidentQuery, open_store
from kroniek.store.backends import StoreError, connect
from kroniek.store.check import check_store

STORIES = load_stories()
# Fixtures from storekit: a database URL per backend, and a fresh PostgreSQL database.
store_url, pg_url = storekit.store_url, storekit.pg_url
ROTTERDAM = place("Rotterdam", "NL", 51.9225, 4.47917, admin1="South Holland", gid=2747891)
EINDHOVEN = place("Eindhoven", "NL", 51.44083, 5.47778, admin1="North Brabant", gid=2756253)


def _pair(article_id: str, text: str, *events, date: str = "2023-03-12") -> tuple[Article, ArticleResult]:
    article = Article(article_id, text, date=DocDate.parse(date, "field"))
    return article, ArticleResult(article_id, "nl", article.date, tuple(events))


def _riot(when: str, where=ROTTERDAM, **kw):
    return event("riots", "violent_demonstration", when, where, ("Rioters", "rioters"), **kw)


def test_store_migrations_run_once(store_url: str) -> None:
    with open_store(store_url) as store:
        latest = len(list(store.backend.migrations()))
        assert latest >= 2
        assert store.schema_version() == latest
        assert store.counts() == dict.fromkeys(store.counts(), 0)
    with open_store(store_url) as store:  # reopening applies nothing again
        assert store.schema_version() == latest
        rows = store.backend.query("SELECT COUNT(*) FROM schema_migrations")
        assert rows[0][0] == latest


def test_store_saves_articles_events_and_incidents(store_url: str) -> None:
    with open_store(store_url) as store:
        store.save_batch([(item.article, story_result(item)) for item in STORIES])
        counts = store.counts()
        assert counts["articles"] == counts["events"] == counts["incident_events"] == len(STORIES)
        assert counts["incidents"] == len({item.story for item in STORIES})
        incident = next(iter(store.incidents(IncidentQuery(country="SO"))))
        assert incident.event_type == "explosions_remote_violence"
        assert incident.fatalities.value == 12 and incident.fatalities.high == 18
        assert incident.location.name == "Mogadishu" and incident.location.lat == pytest.approx(2.03711)
        assert len(incident.sources) == 5
        assert {s.rule.split(";")[0] for s in incident.sources} >= {"founding report", "same place"}
        assert all(s.event.evidence and s.event.evidence[0].text for s in incident.sources)
        assert store.get_incident(incident.id) == incident


@pytest.mark.parametrize(
    ("query", "stories"),
    [
        (IncidentQuery(country="NL"), {"rotterdam-riot", "eindhoven-riot"}),
        (IncidentQuery(event_type="protests"), {"paris-protest", "lyon-protest"}),
        (IncidentQuery(event_type="air_drone_strike"), {"idlib-airstrike"}),
        (IncidentQuery(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 3, 31)), {"kaduna-abduction"}),
        (IncidentQuery(text="kraakpand"), {"rotterdam-riot"}),
        (IncidentQuery(text="Mogadiscio"), {"mogadishu-bomb"}),
        (IncidentQuery(text="Tränengas"), {"paris-protest"}),
        (IncidentQuery(country="FR", text="Bellecour"), {"lyon-protest"}),
        (IncidentQuery(country="IQ"), set()),
    ],
)
def test_store_filters_incidents(store_url: str, query: IncidentQuery, stories: set[str]) -> None:
    with open_store(store_url) as store:
        store.save_batch([(item.article, story_result(item)) for item in STORIES])
        found = {s.article_id.split("/")[0] for inc in store.incidents(query) for s in inc.sources}
    assert found == stories


def test_store_incidents_are_ordered_and_limited(store_url: str) -> None:
    with open_store(store_url) as store:
        store.save_batch([(item.article, story_result(item)) for item in STORIES])
        dates = [inc.window.start for inc in store.incidents()]
        assert dates == sorted(dates)
        assert len(list(store.incidents(IncidentQuery(limit=2)))) == 2


def test_store_replacing_an_article_moves_its_event(store_url: str) -> None:
    with open_store(store_url) as store:
        store.save_batch([_pair("a", "Rellen in Rotterdam.", _riot("2023-03-11")),
                          _pair("b", "Rellen in Eindhoven.", _riot("2023-03-11", EINDHOVEN))])  # fmt: skip
        store.save_batch([_pair("c", "Opnieuw over Rotterdam.", _riot("2023-03"), date="2023-03")])
        before = {inc.location.name: inc.article_ids for inc in store.incidents()}
        assert before == {"Rotterdam": ("a", "c"), "Eindhoven": ("b",)}
        # Article c is corrected: it was about Eindhoven.
        store.save_batch([_pair("c", "Opnieuw over Eindhoven.", _riot("2023-03", EINDHOVEN), date="2023-03")])
        after = {inc.location.name: inc.article_ids for inc in store.incidents()}
        assert after == {"Rotterdam": ("a",), "Eindhoven": ("b", "c")}
        counts = store.counts()
        assert (counts["articles"], counts["events"], counts["incident_events"]) == (3, 3, 3)
        orphans = store.backend.query(
            "SELECT COUNT(*) FROM incidents i WHERE NOT EXISTS "
            "(SELECT 1 FROM incident_events ie WHERE ie.incident_id = i.id)"
        )
        assert orphans[0][0] == 0


def test_store_week_report_joins_the_month_report_stored_before(store_url: str) -> None:
    # A week's report within a month's, stored a batch later, fuses with it (no day report between
    # them); a replaced week report that leaves the town leaves the month report on its own again.
    with open_store(store_url) as store:
        store.save_batch([_pair("m", "Rellen in Rotterdam in maart.", _riot("2023-03"), date="2023-03")])
        store.save_batch([_pair("w", "Rellen in Rotterdam deze week.", _riot("2023-03-06/2023-03-12"))])
        assert [inc.article_ids for inc in store.incidents()] == [("m", "w")]
        assert check_store(store).ok
        store.save_batch([_pair("w", "Rellen in Eindhoven.", _riot("2023-03-06/2023-03-12", EINDHOVEN))])
        assert sorted(inc.article_ids for inc in store.incidents()) == [("m",), ("w",)]
        assert check_store(store).ok


@pytest.mark.parametrize("b_first", [False, True])
def test_store_an_article_that_codes_two_types_in_one_town_keeps_each_in_its_type(
    store_url: str, b_first: bool
) -> None:
    # Article "b" codes a massacre and, apart from it, a battle in the same town on the same day. Its
    # battle may not join the massacre told by "a" (a neighbouring type), so its own massacre does, in
    # whichever order the articles come.
    gunmen = ("Gunmen", "political_militias")
    massacre = event("violence_against_civilians", "attack", "2023-03-11", ROTTERDAM, gunmen)
    battle = event("battles", "armed_clash", "2023-03-11", ROTTERDAM, gunmen)
    batches = [[_pair("a", "Bericht a.", massacre)], [_pair("b", "Bericht b.", battle, massacre)]]
    with open_store(store_url) as store:
        for batch in reversed(batches) if b_first else batches:
            store.save_batch(batch)
        incidents = sorted((inc.event_type, inc.article_ids) for inc in store.incidents())
        assert incidents == [("battles", ("b",)), ("violence_against_civilians", ("a", "b"))]
        assert check_store(store).ok


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_store_incidents_do_not_depend_on_order_or_batches(tmp_path, seed: int) -> None:
    pairs = [(item.article, story_result(item)) for item in STORIES]
    pairs.append(_pair("x", "Rellen in Rotterdam, een week eerder.", _riot("2023-03-04")))
    pairs.append(_pair("y", "Rellen ergens in maart.", _riot("2023-03"), date="2023-03"))  # bridges two riots
    with open_store(str(tmp_path / "one.db")) as store:
        store.save_batch(pairs)
        expected = snapshot(store)
    shuffled = pairs[:]
    rng = random.Random(seed)
    rng.shuffle(shuffled)
    with open_store(str(tmp_path / f"many{seed}.db")) as store:
        i = 0
        while i < len(shuffled):
            size = rng.randint(1, 5)
            store.save_batch(shuffled[i : i + size])
            i += size
        assert snapshot(store) == expected
        store.rebuild_incidents()
        assert snapshot(store) == expected


def test_store_same_ids_on_sqlite_and_postgres(tmp_path, request: pytest.FixtureRequest) -> None:
    pg = request.getfixturevalue("pg_url")
    pairs = [(item.article, story_result(item)) for item in STORIES]
    found = []
    for url in (str(tmp_path / "k.db"), pg):
        with open_store(url) as store:
            store.save_batch(pairs)
            found.append(snapshot(store))
    assert found[0] == found[1]


def test_store_rolls_back_a_failed_batch(tmp_path) -> None:
    with open_store(str(tmp_path / "k.db")) as store:
        good = _pair("a", "Rellen in Rotterdam.", _riot("2023-03-11"))
        bad = (Article("b", "kapot"), None)  # not a result: fails halfway through the batch
        with pytest.raises(AttributeError):
            store.save_batch([good, bad])  # type: ignore[list-item]
        assert store.counts() == dict.fromkeys(store.counts(), 0)


@pytest.mark.parametrize("form", ["{}", "sqlite:///{}"])
def test_store_opens_sqlite_paths_and_urls(tmp_path, form: str) -> None:
    with open_store(form.format(tmp_path / "k.db")) as store:
        store.save_batch([_pair("a", "Rellen in Rotterdam.", _riot("2023-03-11"))])
    assert (tmp_path / "k.db").exists()
    with open_store(str(tmp_path / "k.db")) as store:
        assert store.counts()["incidents"] == 1
        journal = store.backend.query("PRAGMA journal_mode")[0][0]
    assert journal == "wal"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://localhost/x", "unknown database URL"),
        ("/no/such/folder/k.db", "does not exist"),
    ],
)
def test_store_rejects_bad_urls(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        connect(url)


SCHIEDAM = place("Schiedam", "NL", 51.91917, 4.38889, admin1="South Holland", gid=2747720)
UTRECHT = place("Utrecht", "NL", 52.09083, 5.12222, admin1="Utrecht", gid=2745912)
HOLLAND = place(None, "NL", admin1="South Holland", precision=3)


def _random_riot(rng: random.Random) -> object:
    day = dt.date(2023, 3, 1) + dt.timedelta(days=rng.randint(0, 75))
    shape = rng.random()
    if shape < 0.6:
        when = day.isoformat()
    elif shape < 0.75:
        when = f"{day.isoformat()}/{(day + dt.timedelta(days=6)).isoformat()}"
    else:
        when = day.isoformat()[:7]
    where = rng.choice([ROTTERDAM, ROTTERDAM, SCHIEDAM, UTRECHT, HOLLAND])
    return _riot(when, where, fatalities=rng.choice([None, 1, 2]))


@pytest.mark.parametrize(("seed", "replacing"), [*((seed, 0.3) for seed in range(6)), (6, 0.0), (7, 0.0)])
def test_store_dense_archive_equals_a_rebuild_after_every_batch(
    tmp_path, seed: int, replacing: float
) -> None:
    # Many riots in a few towns over 11 weeks, a third of them with week or month windows that overlap
    # day after day, stored in random batches with articles replaced along the way (or, `replacing` 0,
    # only added: the store then decides fewer wide reports again): the neighbourhood the store
    # re-clusters (store/fusing.py) must give what clustering everything gives.
    rng = random.Random(seed)
    pairs = [
        _pair(f"a{i}", f"Rellen {i}", *(_random_riot(rng) for _ in range(rng.randint(1, 3))))
        for i in range(120)
    ]
    with open_store(str(tmp_path / "dense.db")) as store:
        i = 0
        while i < len(pairs):
            size = rng.randint(1, 25)
            batch = pairs[i : i + size]
            if i and rng.random() < replacing:  # replace a stored article with other events
                j = rng.randrange(i)
                batch = [*batch, _pair(f"a{j}", f"Rellen {j} bis", _random_riot(rng))]
            store.save_batch(batch)
            i += size
            assert check_store(store).ok, check_store(store).problems
        assert store.counts()["incidents"] > 20


EINDHOVEN = place("Eindhoven", "NL", 51.44083, 5.47778, admin1="North Brabant", gid=2756253)
BRABANT = place(None, "NL", admin1="North Brabant", precision=3)
_CROWDS = [("Rioters", "rioters"), ("Protesters (Netherlands)", "protesters"), ("Farmers", "protesters")]


def _random_crowd_event(rng: random.Random) -> object:
    day = dt.date(2023, 3, 1) + dt.timedelta(days=rng.randint(0, 40))
    shape = rng.random()
    when = day.isoformat() if shape < 0.65 else day.isoformat()[:7]
    if 0.65 <= shape < 0.8:
        when = f"{day.isoformat()}/{(day + dt.timedelta(days=6)).isoformat()}"
    where = rng.choice([ROTTERDAM, SCHIEDAM, UTRECHT, HOLLAND, EINDHOVEN, EINDHOVEN, BRABANT])
    kind = rng.choice([("riots", "violent_demonstration"), ("protests", "peaceful_protest")])
    return event(*kind, when, where, rng.choice([None, *_CROWDS]), fatalities=rng.choice([None, 1]))


@pytest.mark.parametrize("seed", range(4))
def test_store_busy_days_of_many_towns_equal_a_rebuild_after_every_batch(tmp_path, seed: int) -> None:
    # Riots and protests of two provinces on the same few weeks, by several crowds: a changed day holds
    # reports its new ones relate to and reports they do not (store/fusing.py decides only the first
    # again); the incidents must stay those clustering everything gives.
    rng = random.Random(100 + seed)
    pairs = [
        _pair(f"b{i}", f"Betoging {i}", *(_random_crowd_event(rng) for _ in range(rng.randint(1, 3))))
        for i in range(150)
    ]
    with open_store(str(tmp_path / "busy.db")) as store:
        i = 0
        while i < len(pairs):
            size = rng.randint(1, 20)
            store.save_batch(pairs[i : i + size])
            i += size
            assert check_store(store).ok, check_store(store).problems
        assert store.counts()["incidents"] > 30
