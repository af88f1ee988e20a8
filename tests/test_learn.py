"""The learned event detector: features, fitting, the shipped model and its recorded figures.

Training tests read a slice of ../shared/devset/train (skipped without it); texts in the unit tests are
written for them.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kroniek import lang as language_data
from kroniek.evaluate import evaluate_file, read_gold
from kroniek.learn import detector as detector_module
from kroniek.learn.crossval import cross_validate, fold_of
from kroniek.learn.detector import TYPES, Detector, read_detector, shipped_detector, sorted_unique
from kroniek.learn.features import sentence_features
from kroniek.learn.train import SETTINGS, fit, labelled_sentences
from kroniek.model import SUB_EVENT_TYPES, Article, Doc
from kroniek.pipeline import extract, extract_article, read_mentions
from kroniek.stages import events, langid

SHARED = Path(__file__).parents[1].parent / "shared"
TRAIN = sorted((SHARED / "devset/train").glob("*.jsonl"))
DEV_SET = SHARED / "devset/dev.jsonl"
MODELS = Path(__file__).parents[1] / "kroniek/models"

TEXT = (
    "Bij een bomaanslag in Kaboel zijn zaterdag zeker tien doden gevallen. "
    "De politie zegt dat de aanslag het werk was van de Taliban. "
    "Het weer was zonnig."
)


def _doc(text: str, lang: str = "nl") -> tuple[Doc, list[list[str]]]:
    doc = Doc(Article(id="t", text=text, url="https://example.nl/2019/08/19/nieuws"))
    doc.lang = lang
    data = language_data.load(lang)
    read_mentions(doc, data)
    scan = events.scan_mentions(doc, data)
    return doc, sentence_features(doc, scan.hits, events.find_events(doc, data, scan))


def test_features_one_list_per_sentence() -> None:
    doc, features = _doc(TEXT)
    assert len(features) == len(doc.sentences) == 3
    first, _, last = features
    assert "lead" in first and "w:bomaanslag" in first
    assert any(f.startswith("t:trigger:") for f in first)
    assert "r:explosions_remote_violence" in first  # the rules' event, as a feature
    assert "c:killed" in first
    assert not any(f.startswith(("t:trigger:", "r:")) for f in last)


@pytest.mark.skipif(not DEV_SET.exists(), reason="needs ../shared/devset")
def test_features_read_the_rules_events_as_find_events_gives_them() -> None:
    # The detector's pass reads the rules' events without their places, actors and figures
    # (`find_rule_events`); their types and sentences, and which are left out, are `find_events`' own.
    for line in DEV_SET.read_text(encoding="utf-8").splitlines()[:60]:
        record = json.loads(line)
        doc = Doc(Article(id=record["id"], text=record["text"], url=record.get("url")))
        doc.lang = langid.detect_language(doc.text)
        data = language_data.load(doc.lang)
        read_mentions(doc, data)
        scan = events.scan_mentions(doc, data)
        full = events.find_events(doc, data, scan)
        told = events.find_rule_events(doc, scan, events.make_context(doc, data, scan.hits))
        assert [(e.event_type, e.sub_event_type, e.evidence) for e in full] == [
            (e.event_type, e.sub_event_type, e.evidence) for e in told
        ]


def test_features_deterministic() -> None:
    assert _doc(TEXT)[1] == _doc(TEXT)[1]


def _toy_detector(weight: float) -> Detector:
    """A detector that knows one feature: the word "bomaanslag", for explosions."""
    keys = np.array([detector_module.feature_id("w:bomaanslag")], dtype=np.int64)
    type_weights = np.zeros((1, len(TYPES)), dtype=np.float32)
    type_weights[0, TYPES.index("explosions_remote_violence")] = weight
    subs = detector_module.SUBS
    sub_weights = np.zeros((1, len(subs)), dtype=np.float32)
    sub_weights[0, subs.index("remote_explosive_landmine_ied")] = 5.0
    bias = np.full(len(TYPES), -3.0, dtype=np.float32)
    return Detector(keys, type_weights, bias, sub_weights, np.zeros(len(subs), dtype=np.float32), 0.5)


@pytest.mark.parametrize(("weight", "found"), [(6.0, True), (0.0, False)])
def test_detector_decides_which_sentences_report_events(weight: float, found: bool) -> None:
    result = extract_article(
        Article(id="t", text=TEXT, url="https://x.nl/2019/08/19/a"), _toy_detector(weight)
    )
    types = [(e.event_type, e.sub_event_type) for e in result.events]
    if found:
        assert types == [("explosions_remote_violence", "remote_explosive_landmine_ied")]
        assert result.events[0].location.country == "AF" and result.events[0].fatalities == 10
    else:
        assert types == []


def test_detector_finds_an_event_without_a_trigger_word() -> None:
    """A sentence no trigger list covers still becomes an event when the detector says so."""
    text = "Zaterdag werden in Kaboel tien mensen gedood toen een bomaanslag de markt trof."
    doc, _ = _doc(text)
    decisions = {0: [("remote_explosive_landmine_ied", 0.9)]}
    data = language_data.load("nl")
    found = events.find_events(doc, data, events.scan_mentions(doc, data), decisions)
    assert [e.event_type for e in found] == ["explosions_remote_violence"]
    assert found[0].provenance[0][0] == "event_type"


def _battle_detector(battle: float, explosion: float) -> Detector:
    """A detector that reads "militair" as a battle and "bermbom" as an explosion, with these weights."""
    keys = np.array(
        sorted(detector_module.feature_id(f) for f in ("w:militair", "w:bermbom")), dtype=np.int64
    )
    type_weights = np.zeros((2, len(TYPES)), dtype=np.float32)
    for feature, kind, weight in (
        ("w:militair", "battles", battle),
        ("w:bermbom", "explosions_remote_violence", explosion),
    ):
        row = int(np.searchsorted(keys, detector_module.feature_id(feature)))
        type_weights[row, TYPES.index(kind)] = weight
    subs = detector_module.SUBS
    bias = np.full(len(TYPES), -3.0, dtype=np.float32)
    return Detector(
        keys, type_weights, bias, np.zeros((2, len(subs)), np.float32), np.zeros(len(subs), np.float32), 0.2
    )


def test_a_named_weapon_of_remote_violence_makes_the_battle_an_explosion() -> None:
    """ACLED codes the roadside bomb that kills a soldier as an explosion, whoever the victims are."""
    sentences = [["w:militair", "w:bermbom"], ["w:militair"]]
    detector = _battle_detector(battle=5.0, explosion=0.0)  # the model reads the victims, not the weapon
    kinds = {
        i: {detector_module.SUB_EVENT_TYPES[sub] for sub, _ in found}
        for i, found in detector.decide(sentences).items()
    }
    assert kinds == {0: {"battles"}, 1: {"battles"}}
    weapon = detector.decide(sentences, weapons={0})
    assert {detector_module.SUB_EVENT_TYPES[sub] for sub, _ in weapon[0]} == {"explosions_remote_violence"}
    assert {detector_module.SUB_EVENT_TYPES[sub] for sub, _ in weapon[1]} == {
        "battles"
    }  # no weapon named there
    # Sure of both (a bombing and the gunfight after it): both stay.
    both = _battle_detector(battle=5.0, explosion=5.0).decide(sentences, weapons={0})
    assert {detector_module.SUB_EVENT_TYPES[sub] for sub, _ in both[0]} == {
        "battles",
        "explosions_remote_violence",
    }


def test_weapon_sentences_are_those_naming_a_weapon_outside_cancelling_contexts() -> None:
    text = (
        "Een Nederlandse militair is dinsdag in Uruzgan omgekomen door een bermbom. "
        "Twee andere militairen raakten gewond bij een vuurgevecht. "
        "Het parket onderzoekt een bommelding bij het station."
    )
    doc = Doc(Article(id="t", text=text, url="https://example.nl/2019/08/19/nieuws"))
    doc.lang = "nl"
    data = language_data.load("nl")
    read_mentions(doc, data)
    assert events.weapon_sentences(events.scan_mentions(doc, data)) == {0}


def _battle_words(**settings: float) -> Detector:
    """A detector that knows two words: "gevecht" is a battle at 0.73, "militair" one at 0.12 (threshold
    0.2)."""
    keys = np.array(
        sorted(detector_module.feature_id(f) for f in ("w:gevecht", "w:militair")), dtype=np.int64
    )
    type_weights = np.zeros((2, len(TYPES)), dtype=np.float32)
    for feature, weight in (("w:gevecht", 4.0), ("w:militair", 1.0)):
        type_weights[
            int(np.searchsorted(keys, detector_module.feature_id(feature))), TYPES.index("battles")
        ] = weight
    subs = detector_module.SUBS
    return Detector(
        keys,
        type_weights,
        np.full(len(TYPES), -3.0, dtype=np.float32),
        np.zeros((2, len(subs)), np.float32),
        np.zeros(len(subs), np.float32),
        0.2,
        **settings,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("sure", "article_min", "found"),
    [(0.9, 0.0, [0]), (0.7, 0.0, [0, 1]), (0.7, 0.5, [0, 1]), (0.7, 0.8, [])],
)
def test_detector_reads_a_type_it_is_sure_of_in_an_article_from_a_lower_threshold(
    sure: float, article_min: float, found: list[int]
) -> None:
    """ "militair" alone is a battle at 0.12, no battle at the threshold 0.2; in an article where "gevecht"
    is one at 0.73 (sure at 0.7) it is one. An article whose likeliest sentence is under `article_min`
    reports nothing."""
    detector = _battle_words(sure=sure, sure_threshold=0.1, article_min=article_min)
    decisions = detector.decide([["w:gevecht"], ["w:militair"], ["w:vrede"]])
    assert sorted(decisions) == found
    assert all(SUB_EVENT_TYPES[sub] == "battles" for sub, _ in decisions.get(0, []))


@pytest.mark.parametrize(
    ("toll_floor", "sentences", "found"),
    [
        (0.0, [["c:killed", "w:militair"], ["w:gevecht"]], [1]),
        (0.05, [["c:killed", "w:militair"], ["w:gevecht"]], [0, 1]),  # the toll's sentence, before
        (0.05, [["w:gevecht"], ["w:militair", "c:killed"]], [0, 1]),  # and after
        (0.05, [["w:militair"], ["w:gevecht"]], [1]),  # no toll
        (0.05, [["c:killed", "w:militair"], ["w:vrede"], ["w:gevecht"]], [2]),  # not next to it
        (0.2, [["c:killed", "w:militair"], ["w:gevecht"]], [1]),  # under the floor (0.12)
    ],
)
def test_detector_gives_a_toll_sentence_the_event_of_the_sentence_beside_it(
    toll_floor: float, sentences: list[list[str]], found: list[int]
) -> None:
    """ "militair" is a battle at 0.12, under the threshold 0.2; beside "gevecht" (0.73) a sentence with a
    toll of the killed tells of that battle from `toll_floor` on."""
    detector = _battle_words(toll_floor=toll_floor)
    decisions = detector.decide(sentences)
    assert sorted(decisions) == found
    assert all(SUB_EVENT_TYPES[sub] == "battles" for chosen in decisions.values() for sub, _ in chosen)


def test_detector_save_and_read_round_trip(tmp_path: Path) -> None:
    toy = dataclasses.replace(
        _toy_detector(6.0), sure=0.7, sure_threshold=0.1, article_min=0.3, toll_floor=0.05
    )
    toy.save(tmp_path, {"settings": {}})
    again = read_detector(tmp_path / detector_module.MODEL_FILE)
    assert np.array_equal(again.keys, toy.keys)
    assert np.allclose(again.type_weights, toy.type_weights)
    assert again.threshold == toy.threshold
    assert (again.sure, again.sure_threshold, again.article_min) == pytest.approx((0.7, 0.1, 0.3))
    assert again.toll_floor == pytest.approx(0.05)
    assert json.loads((tmp_path / detector_module.MANIFEST_FILE).read_text())["settings"] == {}


def test_fold_of_is_stable_and_spreads() -> None:
    folds = [fold_of(f"a-{i}", 5) for i in range(200)]
    assert folds == [fold_of(f"a-{i}", 5) for i in range(200)]
    assert set(folds) == set(range(5))


# --- on coded articles ---------------------------------------------------------------------------------

needs_train = pytest.mark.skipif(not TRAIN, reason="../shared/devset/train is not beside the repo")


@pytest.fixture(scope="module")
def slice_records() -> list[dict]:
    records = [r for path in TRAIN for r in read_gold(path)]
    return [r for r in records if fold_of(str(r["id"]), 10) == 0]  # ~45 articles, all languages


@needs_train
def test_labels_come_from_gold_evidence(slice_records: list[dict]) -> None:
    record = next(r for r in slice_records if any(e["core"] for e in r["events"]))
    sentences = labelled_sentences(record)
    assert any(s.core for s in sentences)
    labelled = {t for s in sentences for t in s.types}
    assert labelled == {e["event_type"] for e in record["events"] if e["evidence"]} & labelled
    assert labelled


@needs_train
def test_training_on_a_slice_runs_end_to_end_and_is_deterministic(slice_records: list[dict]) -> None:
    first = fit(slice_records)
    second = fit(slice_records)
    assert np.array_equal(first.keys, second.keys)
    assert np.array_equal(first.type_weights, second.type_weights)
    record = slice_records[0]
    result = extract_article(Article(id="x", text=record["text"], url=record.get("url")), first)
    assert result.id == "x"


@needs_train
def test_cross_validation_scores_every_article_once(slice_records: list[dict]) -> None:
    report = cross_validate(slice_records[:20], 2)
    assert len(report.articles) == 20
    assert report.overall.tp + report.overall.fn == sum(
        1 for r in slice_records[:20] for e in r["events"] if e["core"]
    )


def test_shipped_model_loads_and_is_used() -> None:
    detector = shipped_detector()
    assert detector is not None, "kroniek/models/detector.npz is missing: run `make model`"
    assert len(detector.keys) > 1000
    result = extract(TEXT, doc_date="2019-08-19")
    assert [e.event_type for e in result.events] == ["explosions_remote_violence"]


@pytest.mark.skipif(not DEV_SET.is_file(), reason="the dev set is not beside the repo")
def test_shipped_model_reproduces_its_recorded_dev_figures() -> None:
    manifest = json.loads((MODELS / detector_module.MANIFEST_FILE).read_text())
    recorded = manifest["checks"]["dev.jsonl"]
    report = evaluate_file(DEV_SET)
    assert report.overall.to_dict() == recorded
    assert "dev.jsonl" not in manifest["trained_on"]["files"]


def test_manifest_records_training_data_and_settings() -> None:
    manifest = json.loads((MODELS / detector_module.MANIFEST_FILE).read_text())
    assert manifest["settings"] == SETTINGS
    assert manifest["trained_on"]["articles"] > 0 and len(manifest["data_sha256"]) == 64


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=(1 << 40) - 1), max_size=60))
def test_detector_sorted_unique_is_numpys(values: list[int]) -> None:
    array = np.array(values, dtype=np.int64)
    ours, numpys = sorted_unique(array), np.unique(array)
    assert ours.dtype == numpys.dtype and ours.tolist() == numpys.tolist()
