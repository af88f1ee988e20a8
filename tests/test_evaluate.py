"""The scorer: each rule of shared/devset/README.md pinned with small hand-made records."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from kroniek import evaluate
from kroniek.cli import cli
from kroniek.evaluate import GoldError, Tally, normalise_place, score_article, score_records
from kroniek.evaluate_report import report_text
from kroniek.model import Actor, DateWindow, Event, Location, Span


def gold(core: bool = True, **changes: object) -> dict[str, object]:
    event: dict[str, object] = {
        "core": core,
        "event_type": "protests",
        "sub_event_type": "peaceful_protest",
        "date": "2021-03-10",
        "date_precision": "day",
        "country": "NL",
        "location": "Utrecht",
        "admin1": "Utrecht",
        "geo_precision": 1,
        "actor1": {"name": "farmers", "type": "protesters", "country": "NL"},
        "actor2": None,
        "fatalities": None,
        "injuries": None,
        "evidence": ["Hundreds of farmers marched through Utrecht on Wednesday."],
    }
    event.update(changes)
    return event


def predicted(**changes: object) -> dict[str, object]:
    """A prediction in the `Event.to_dict()` form; `country`/`place` set the location.

    A `date` given without `date_start` leaves the bounds out, so the window comes from date + precision.
    """
    if "date" in changes and "date_start" not in changes:
        changes.update(date_start=None, date_end=None)
    country = changes.pop("country", "NL")
    place = changes.pop("place", "Utrecht")
    event: dict[str, object] = {
        "event_type": "protests",
        "sub_event_type": "peaceful_protest",
        "date": "2021-03-10",
        "date_precision": "day",
        "date_start": "2021-03-10",
        "date_end": "2021-03-10",
        "location": {"name": place, "admin1": None, "country": country, "lat": None, "lon": None,
                     "geonames_id": None, "precision": 1},
        "actor1": {"name": "farmers", "type": "protesters", "country": "NL"},
        "actor2": None,
        "fatalities": None,
        "injuries": None,
        "evidence": [{"start": 0, "end": 10, "text": "Hundreds of farmers marched"}],
        "confidence": 0.9,
        "provenance": {},
    }  # fmt: skip
    event.update(changes)
    return event


def window(date: str, precision: str, start: str | None = None, end: str | None = None) -> dict[str, object]:
    """Date fields of a prediction; without start/end the window comes from date + precision."""
    return {"date": date, "date_precision": precision, "date_start": start, "date_end": end}


def tally_of(preds: list[dict[str, object]], golds: list[dict[str, object]]) -> Tally:
    return score_article(preds, golds).tally


@pytest.mark.parametrize(
    ("gold_date", "gold_precision", "pred_dates", "compatible"),
    [
        ("2021-03-10", "day", window("2021-03-10", "day"), True),
        ("2021-03-10", "day", window("2021-03-11", "day"), True),  # one day late
        ("2021-03-10", "day", window("2021-03-09", "day"), True),  # one day early
        ("2021-03-10", "day", window("2021-03-12", "day"), False),
        ("2021-03-10", "day", window("2021-03-08", "day", "2021-03-08", "2021-03-08"), False),
        ("2021-03-01", "week", window("2021-03-07", "day"), True),  # last day of the gold week
        ("2021-03-01", "week", window("2021-03-08", "day"), False),  # no one-day slack off day precision
        ("2021-03-01", "week", window("2021-02-28", "day"), False),
        ("2021-02-01", "month", window("2021-02-28", "day"), True),
        ("2021-02-01", "month", window("2021-03-01", "day"), False),
        ("2021-03-10", "day", window("2021-03-04", "week"), True),  # derived window 04..10
        ("2021-03-11", "day", window("2021-03-04", "week"), False),  # derived window ends on the 10th
        ("2021-03-13", "day", window("2021-03-04", "week", "2021-03-07", "2021-03-13"), True),  # bounds win
        ("2021-03-05", "day", window("2021-03-04", "week", "2021-03-07", "2021-03-13"), False),
        ("2021-03-10", "day", window("2021-03-01", "month"), True),
        ("2021-02-26", "week", window("2021-03-01", "month"), True),  # gold week 26 Feb - 4 Mar
        ("2021-02-22", "week", window("2021-03-01", "month"), False),  # gold week ends 28 Feb
    ],
)
def test_evaluate_date_windows(
    gold_date: str, gold_precision: str, pred_dates: dict[str, object], compatible: bool
) -> None:
    pred = predicted(**pred_dates)
    result = tally_of([pred], [gold(date=gold_date, date_precision=gold_precision)])
    assert (result.tp, result.fp, result.fn) == ((1, 0, 0) if compatible else (0, 1, 1))


@pytest.mark.parametrize(
    ("changes", "failed"),
    [
        ({"event_type": "riots", "sub_event_type": "violent_demonstration"}, ["event_type"]),
        ({"country": "BE"}, ["country"]),
        ({"country": None}, ["country"]),
        ({"country": "nl"}, []),  # ISO codes compare case-insensitively
        ({"sub_event_type": "protest_with_intervention", "place": "Amersfoort", "fatalities": 3}, []),
        ({"date": "2021-03-20", "date_start": None, "date_end": None}, ["date"]),
    ],
)
def test_evaluate_compatibility_needs_type_country_and_date(
    changes: dict[str, object], failed: list[str]
) -> None:
    assert evaluate.mismatches(predicted(**changes), gold()) == failed


def test_evaluate_optional_gold_counts_neither_way() -> None:
    score = score_article([predicted()], [gold(core=False)])
    assert (score.tally.tp, score.tally.fp, score.tally.fn) == (0, 0, 0)
    assert len(score.pairs) == 1 and not score.pairs[0].core


def test_evaluate_unmatched_optional_gold_is_no_miss() -> None:
    score = score_article([], [gold(core=False), gold(core=True, date="2021-03-01")])
    assert (score.tally.tp, score.tally.fp, score.tally.fn) == (0, 0, 1)
    assert [e["date"] for e in score.misses] == ["2021-03-01"]


def test_evaluate_assignment_prefers_more_core_matches() -> None:
    # The first prediction fits both gold events and agrees fully with the first; the second
    # prediction fits only the first gold event. Pairing greedily would leave one core event missed.
    gold_a = gold(date="2021-03-10")
    gold_b = gold(date="2021-03-11", sub_event_type="protest_with_intervention", location="Zeist")
    first = predicted(date="2021-03-10", date_start="2021-03-10", date_end="2021-03-10")
    second = predicted(**window("2021-03-09", "day"), sub_event_type="other", place="Ede", fatalities=1)
    score = score_article([first, second], [gold_a, gold_b])
    assert (score.tally.tp, score.tally.fp, score.tally.fn) == (2, 0, 0)
    assert {(p.gold["date"], p.predicted["date"]) for p in score.pairs} == {
        ("2021-03-10", "2021-03-09"),
        ("2021-03-11", "2021-03-10"),
    }


def test_evaluate_assignment_prefers_optional_match_over_field_agreement() -> None:
    # Both predictions fit the core event; only the fully agreeing one also fits the optional one.
    # Giving the core event the better-agreeing prediction would make the other a false positive.
    core = gold(date="2021-03-10")
    optional = gold(core=False, date="2021-03-11", location=None)
    agreeing = predicted(**window("2021-03-10", "day"))
    other = predicted(**window("2021-03-09", "day"), place="Ede", injuries=4)
    score = score_article([agreeing, other], [core, optional])
    assert (score.tally.tp, score.tally.fp, score.tally.fn) == (1, 0, 0)
    core_pair = next(p for p in score.pairs if p.core)
    assert core_pair.predicted is other


def test_evaluate_assignment_gives_a_prediction_the_optional_event_it_agrees_with() -> None:
    # Two optional events a prediction fits by type, country and day: it goes to the one in its town,
    # whichever comes first (fusion scoring reads the label of the event it went to).
    elsewhere = gold(core=False, location="Ede", incident="A")
    here = gold(core=False, location="Utrecht", incident="B")
    for order in ([elsewhere, here], [here, elsewhere]):
        score = score_article([predicted(place="Utrecht")], order)
        assert [p.gold["incident"] for p in score.pairs] == ["B"]
        assert (score.tally.tp, score.tally.fp, score.tally.fn) == (0, 0, 0)


def test_evaluate_core_fields_outrank_optional_fields() -> None:
    # `close` agrees with either gold event on five fields, `far` with the core event on one and with the
    # optional one on none. Summed alike, giving `close` to the optional event would win (1 + 5 > 5 + 0);
    # the core event's fields come first.
    core = gold()
    optional = gold(core=False, injuries=4)
    close = predicted(injuries=3)
    far = predicted(
        sub_event_type="protest_with_intervention",
        place="Ede",
        fatalities=2,
        actor1={"name": "police", "type": "state_forces", "country": "NL"},
        **window("2021-03-11", "day"),
    )
    score = score_article([close, far], [core, optional])
    core_pair = next(p for p in score.pairs if p.core)
    assert core_pair.predicted is close
    assert sum(core_pair.agreement.values()) == 5


def test_evaluate_assignment_then_prefers_field_agreement() -> None:
    poor = predicted(sub_event_type="protest_with_intervention", place="Ede", fatalities=2)
    good = predicted(**window("2021-03-11", "day"))
    score = score_article([poor, good], [gold()])
    assert score.pairs[0].predicted is good
    assert score.false_alarms == (poor,)
    assert (score.tally.tp, score.tally.fp, score.tally.fn) == (1, 1, 0)


def test_evaluate_field_shares_on_matched_core_pairs() -> None:
    golds = [
        gold(date="2021-03-10", fatalities=2, injuries=None, location="Al-Hillah"),
        gold(date="2021-05-20", fatalities=None, injuries=5, actor1=None),
        gold(core=False, date="2021-07-01"),  # an optional pair is not counted in the shares
    ]
    preds = [
        predicted(**window("2021-03-11", "day"), fatalities=2, place="Hillah"),
        predicted(
            **window("2021-05-20", "day"), sub_event_type="other", fatalities=0, injuries=5, actor1=None
        ),
        predicted(**window("2021-07-01", "day"), sub_event_type="other", place="Ede"),
    ]
    report = score_records([{"id": "x", "events": preds}], [{"id": "x", "lang": "en", "events": golds}])
    assert report.fields == {
        "sub_event_type": (1, 2),
        "date": (1, 2),
        "location": (2, 2),
        "fatalities": (1, 2),  # 0 is not null
        "injuries": (2, 2),  # null = null
        "actor1_type": (2, 2),  # no actor1 on either side agrees
    }
    assert report.share("fatalities") == 0.5
    assert report.optional_matched == 1


def test_evaluate_field_share_is_none_without_matches() -> None:
    report = score_records([], [{"id": "x", "lang": "nl", "events": [gold()]}])
    assert report.share("date") is None
    assert report.fields["date"] == (0, 0)


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        ("Al-Hillah", "Hillah", True),
        ("al Hillah", "Hillah", True),
        ("'s-Hertogenbosch", "s-Hertogenbosch", True),
        ("’s-Hertogenbosch", "'s Hertogenbosch", True),  # a curly apostrophe, a space for the hyphen
        ("The Hague", "Hague", True),
        ("El Paso", "Paso", True),
        ("Pátzcuaro", "Patzcuaro", True),
        ("Port-au-Prince", "Port au Prince", True),
        ("Khan al-Shaykhun", "Khan Shaykhun", True),
        ("MOSUL", "Mosul", True),
        (None, None, True),
        ("Hillah", "Hilla", False),
        ("Alkmaar", "Kmaar", False),  # "al" is dropped only as a word of its own
        ("Elst", "St", False),
        ("Utrecht", None, False),
    ],
)
def test_evaluate_normalise_place(left: str | None, right: str | None, same: bool) -> None:
    assert (normalise_place(left) == normalise_place(right)) is same


@pytest.mark.parametrize(
    ("events", "clean"),
    [
        ([], True),
        ([predicted()], True),  # matched to the optional gold event
        ([predicted(country="BE")], False),
        ([predicted(), predicted(date="2021-03-10")], False),  # the second one stays unmatched
    ],
)
def test_evaluate_negative_article_clean(events: list[dict[str, object]], clean: bool) -> None:
    golds = [
        {"id": "neg", "lang": "nl", "events": [gold(core=False)]},
        {"id": "none", "lang": "nl", "events": []},
    ]
    report = score_records([{"id": "neg", "events": events}, {"id": "none", "events": []}], golds)
    assert report.negatives == (1 + clean, 2)
    assert f"negatives clean: {1 + clean} of 2" in report_text(report)


def test_evaluate_precision_recall_f1_overall_and_per_language() -> None:
    golds = [
        {"id": "n1", "lang": "nl", "events": [gold(), gold(date="2021-04-01")]},
        {"id": "e1", "lang": "en", "events": [gold(country="GB", location="Leeds")]},
    ]
    preds = [
        {"id": "n1", "events": [predicted(), predicted(country="DE")]},
        {"id": "e1", "events": [predicted(country="GB", place="Leeds")]},
    ]
    report = score_records(preds, golds)
    assert report.overall == Tally(tp=2, fp=1, fn=1)
    assert report.overall.precision == pytest.approx(2 / 3)
    assert report.overall.recall == pytest.approx(2 / 3)
    assert report.overall.f1 == pytest.approx(2 / 3)
    assert report.by_lang == {"nl": Tally(1, 1, 1), "en": Tally(1, 0, 0)}
    assert report.by_lang["nl"].f1 == pytest.approx(0.5)


def test_evaluate_tally_without_predictions_is_zero() -> None:
    assert (Tally(0, 0, 3).precision, Tally(0, 0, 3).f1, Tally().recall) == (0.0, 0.0, 0.0)


def test_evaluate_missing_prediction_record_predicts_nothing() -> None:
    report = score_records(
        [{"id": "other", "events": [predicted()]}], [{"id": "a", "lang": "en", "events": [gold()]}]
    )
    assert report.overall == Tally(0, 0, 1)
    assert report.unpredicted == ("a",)


def test_evaluate_scores_event_objects() -> None:
    event = Event(
        event_type="protests",
        sub_event_type="peaceful_protest",
        window=DateWindow(dt.date(2021, 3, 8), dt.date(2021, 3, 14), "week"),
        location=Location("Utrecht", "Utrecht", "NL", 52.09, 5.12, 2745912, 1),
        actor1=Actor("farmers", "protesters", "NL"),
        actor2=None,
        fatalities=None,
        injuries=None,
        evidence=(Span(0, 27, "Hundreds of farmers marched"),),
        confidence=0.8,
    )
    score = score_article([event.to_dict()], [gold(date="2021-03-13")])
    assert score.tally == Tally(1, 0, 0)
    assert dict(score.pairs[0].agreement) == {
        "sub_event_type": True,
        "date": False,
        "location": True,
        "fatalities": True,
        "injuries": True,
        "actor1_type": True,
    }


def test_evaluate_file_gives_the_extractor_only_id_url_and_text(tmp_path, monkeypatch) -> None:
    import kroniek.pipeline
    from kroniek.model import ArticleResult

    seen = []

    def fake_extract(article, detector=None):
        seen.append(article)
        return ArticleResult(article.id, "nl", None, ())

    monkeypatch.setattr(kroniek.pipeline, "extract_article", fake_extract)
    record = {
        "id": "t1",
        "lang": "nl",
        "url": "https://example.org/nieuws/1",
        "doc_date": "2021-03-10",
        "doc_date_precision": "day",
        "text": "Honderden boeren trokken woensdag door Utrecht.",
        "events": [gold()],
        "notes": "hand-made",
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    report = evaluate.evaluate_file(path)
    assert [(a.id, a.url, a.text, a.date, a.lang) for a in seen] == [
        ("t1", record["url"], record["text"], None, None)
    ]
    assert report.overall == Tally(0, 0, 1)


@pytest.fixture
def files(tmp_path):
    articles = [
        {
            "id": "a",
            "lang": "en",
            "url": None,
            "text": "Farmers marched in Utrecht on Wednesday.",
            "events": [gold()],
        },
        {"id": "b", "lang": "nl", "url": None, "text": "Het was een rustige dag.", "events": []},
    ]
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    pred_path = tmp_path / "pred.jsonl"
    preds = [
        {"id": "a", "events": [predicted(place="Amersfoort")]},
        {"id": "b", "events": [predicted(country="BE")]},
    ]
    pred_path.write_text("".join(json.dumps(p) + "\n" for p in preds), encoding="utf-8")
    return gold_path, pred_path


def test_evaluate_cli_json(files) -> None:
    gold_path, pred_path = files
    result = CliRunner().invoke(cli, ["eval", str(gold_path), "--predictions", str(pred_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["overall"] == {"tp": 1, "fp": 1, "fn": 0, "precision": 0.5, "recall": 1.0, "f1": 0.6667}
    assert data["negatives"] == {"clean": 0, "total": 1, "not_clean": ["b"]}
    assert data["fields"]["location"] == {"agree": 0, "total": 1, "share": 0.0}
    assert "errors" not in data


def test_evaluate_cli_text_ends_with_headline(files) -> None:
    gold_path, pred_path = files
    result = CliRunner().invoke(
        cli, ["eval", str(gold_path), "--predictions", str(pred_path), "--show-errors"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert any(line.startswith("  FA1") and "BE" in line for line in lines)
    assert any(line.startswith("  DIFF") and "location Amersfoort (gold Utrecht)" in line for line in lines)
    tail = lines[-20:]
    assert any(
        line.startswith("overall") and line.split()[1:4] == ["0.500", "1.000", "0.667"] for line in tail
    )
    assert "negatives clean: 0 of 1" in tail
    assert any(line.strip().startswith("location") and "(0/1)" in line for line in tail)


def test_evaluate_cli_reads_a_json_array_of_predictions(files, tmp_path) -> None:
    gold_path, pred_path = files
    array = tmp_path / "pred.json"
    array.write_text(json.dumps([json.loads(line) for line in pred_path.read_text().splitlines()]))
    result = CliRunner().invoke(cli, ["eval", str(gold_path), "--predictions", str(array), "--json"])
    assert json.loads(result.output)["overall"]["tp"] == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"id": "a", "text": "x", "events": []}\n{broken\n', "gold.jsonl:2: invalid JSON"),
        ('{"id": "a", "events": []}\n', 'needs "id" and "text"'),
        (
            '{"id": "a", "text": "x", "events": [{"core": true, "date": "2021-03-10"}]}\n',
            "lacks event_type, country",
        ),
        ('{"id": "a", "text": "x", "events": []}\n{"id": "a", "text": "y", "events": []}\n', "duplicate id"),
    ],
)
def test_evaluate_bad_gold_is_reported(tmp_path, content: str, message: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError, match=message):
        evaluate.read_gold(path)
    result = CliRunner().invoke(cli, ["eval", str(path)])
    assert result.exit_code == 1 and message.split(":")[-1].strip() in result.output
