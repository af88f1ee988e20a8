"""The fusion stories (tests/fixtures/stories): every story one incident, no two stories merged.

Two levels:
- with the hand-coded events of story.toml (fusion alone, proven now);
- end to end: the extractor on the article texts (nl, en, de, fr), ingested into a store; a failure says
  which stories split or merged.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path

import pytest
from storekit import StoryArticle, load_stories, report, story_result

from kroniek.fusion import cluster_reports, fuse
from kroniek.model import Article
from kroniek.store import ingest, open_store

STORY_ITEMS = load_stories()
STORY_NAMES = sorted({item.story for item in STORY_ITEMS})


def _reports(items: list[StoryArticle]) -> list:
    return [
        report(
            f"{item.article.id}#0", item.article.id, item.coded, story_result(item).doc_date.value.isoformat()
        )
        for item in items
    ]


def _stories_of(article_ids) -> set[str]:
    return {article_id.split("/")[0] for article_id in article_ids}


def test_fusion_stories_fixtures_are_complete() -> None:
    assert len(STORY_NAMES) >= 5
    for name in STORY_NAMES:
        items = [i for i in STORY_ITEMS if i.story == name]
        assert 3 <= len(items) <= 6, name
    langs = {i.article.id.split("/")[1].split("-")[0] for i in STORY_ITEMS}
    assert langs == {"nl", "en", "de", "fr"}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_fusion_stories_each_story_is_one_incident(seed: int) -> None:
    items = STORY_ITEMS[:]
    random.Random(seed).shuffle(items)
    incidents = [fuse(members) for members in cluster_reports(_reports(items))]
    by_story = defaultdict(list)
    for incident in incidents:
        stories = _stories_of(incident.article_ids)
        assert len(stories) == 1, f"stories merged: {sorted(stories)}"
        by_story[stories.pop()].append(incident)
    assert sorted(by_story) == STORY_NAMES
    for name, found in by_story.items():
        assert len(found) == 1, f"{name} split into {len(found)} incidents"


@pytest.mark.parametrize(
    ("story", "day", "sub", "fatalities", "injuries"),
    [
        ("rotterdam-riot", "2023-03-11", "violent_demonstration", (None, None, None), (5, 5, 7)),
        ("eindhoven-riot", "2023-03-11", "violent_demonstration", (None, None, None), (3, 3, 3)),
        ("mogadishu-bomb", "2024-05-18", "remote_explosive_landmine_ied", (12, 12, 18), (20, 20, 20)),
        ("kaduna-abduction", "2024-02-06", "abduction_forced_disappearance", (None, None, None), (None,) * 3),
        ("idlib-airstrike", "2023-09-03", "air_drone_strike", (9, 9, 13), (30, 30, 30)),
        ("paris-protest", "2024-10-10", "protest_with_intervention", (None, None, None), (None,) * 3),
        ("lyon-protest", "2024-10-10", "peaceful_protest", (None, None, None), (None,) * 3),
    ],
)
def test_fusion_stories_fields_are_reconciled(story, day, sub, fatalities, injuries) -> None:
    items = [i for i in STORY_ITEMS if i.story == story]
    (members,) = cluster_reports(_reports(items))
    incident = fuse(members)
    assert incident.window.start.isoformat() == day
    assert incident.window.precision == "day"  # a day-precise source fixes the month-precise ones
    assert incident.sub_event_type == sub
    assert (incident.fatalities.value, incident.fatalities.low, incident.fatalities.high) == fatalities
    assert (incident.injuries.value, incident.injuries.low, incident.injuries.high) == injuries
    assert incident.location.precision == 1 or incident.location.name == "Kajuru"
    assert len(incident.article_ids) == len(items)


def test_fusion_stories_store_keeps_same_day_stories_apart(tmp_path) -> None:
    with open_store(str(tmp_path / "k.db")) as store:
        store.save_batch([(item.article, story_result(item)) for item in STORY_ITEMS])
        incidents = list(store.incidents())
    assert len(incidents) == len(STORY_NAMES)
    for incident in incidents:
        assert len(_stories_of(incident.article_ids)) == 1
    riots = [i for i in incidents if i.event_type == "riots"]
    assert {i.location.name for i in riots} == {"Rotterdam", "Eindhoven"}
    assert {i.window.start.isoformat() for i in riots} == {"2023-03-11"}


# ---------------------------------------------------------------- end to end (needs the extractor)


def test_fusion_stories_end_to_end(tmp_path) -> None:
    """Extract the story texts, ingest them, and check that each story is exactly one incident.

    Article ids are "<story>/<file>" (the text reader would name all nl-1.txt files "nl-1").
    """
    with open_store(str(tmp_path / "k.db")) as store:
        summary = ingest([item.article for item in STORY_ITEMS], store)
        assert summary.stored == len(STORY_ITEMS)
        incidents = list(store.incidents())
    problems = []
    for incident in incidents:
        stories = _stories_of(incident.article_ids)
        if len(stories) > 1:
            problems.append(f"stories merged: {sorted(stories)} in {incident.id}")
    for name in STORY_NAMES:
        items = [i for i in STORY_ITEMS if i.story == name]
        expected_type = items[0].coded.event_type
        own = [
            inc for inc in incidents
            if inc.event_type == expected_type and _stories_of(inc.article_ids) == {name}
        ]  # fmt: skip
        if len(own) != 1:
            problems.append(f"{name}: {len(own)} incidents of type {expected_type}")
        elif len(own[0].article_ids) != len(items):
            problems.append(f"{name}: {len(own[0].article_ids)} of {len(items)} articles in its incident")
    assert not problems, "; ".join(problems)


DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "devset" / "dev.jsonl"


@pytest.mark.skipif(
    not DEV.exists(), reason="the dev set (../shared/devset/dev.jsonl) is not beside the repo"
)
def test_fusion_stories_dev_articles_never_merge(tmp_path) -> None:
    """The dev set's articles are all about different events: no incident may draw on two of them.

    Only id, url and text are read; events come from the extractor, whatever it finds today.
    """
    articles = []
    with DEV.open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            articles.append(Article(record["id"], record["text"], url=record.get("url")))
    with open_store(str(tmp_path / "dev.db")) as store:
        ingest(articles, store)
        mixed = [inc.article_ids for inc in store.incidents() if len(inc.article_ids) > 1]
    assert mixed == []
