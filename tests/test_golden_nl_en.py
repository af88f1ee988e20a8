"""Dutch and English fixture articles coded end to end, compared with their checked golden outputs.

The fixtures (tests/fixtures/articles/nl-*.txt, en-*.txt) are articles we wrote in the style of agency
reports: a roadside bomb with a peaceful protest elsewhere, New Year riots in two towns, an air strike in an
article dated only by month, an attack on an army post, a ceasefire, a mass abduction, and two articles
with tempting words but no event (a verdict, an anniversary). Every field of the golden files was checked by
hand; rewrite one with tools/update_golden.py only after checking the new output.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from goldenkit import coded, fixture_paths, golden_cases, golden_path, read_golden

FIXTURES = fixture_paths("nl-") + fixture_paths("en-")
IDS = [p.stem for p in FIXTURES]


def test_golden_nl_en_fixtures_exist() -> None:
    assert len(FIXTURES) >= 8
    assert all(golden_path(p).exists() for p in FIXTURES)


@pytest.mark.parametrize("path", golden_cases(FIXTURES))
def test_golden_nl_en_matches(path: Path) -> None:
    assert coded(path) == read_golden(path)


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("nl-bermbom-kandahar", ["explosions_remote_violence", "protests"]),
        ("nl-luchtaanval-maand", ["explosions_remote_violence"]),
        ("nl-rellen-den-haag", ["riots", "riots"]),
        ("nl-vonnis-aanslag", []),
        ("en-anniversary-massacre", []),
        ("en-ceasefire-signed", ["strategic_developments"]),
        ("en-checkpoint-attack", ["battles"]),
        ("en-school-abduction", ["violence_against_civilians", "battles"]),
    ],
)
def test_golden_nl_en_event_types(stem: str, expected: list[str]) -> None:
    """What each fixture reports, independent of the finer fields (and so of a careless golden rewrite)."""
    path = next(p for p in FIXTURES if p.stem == stem)
    assert [e["event_type"] for e in read_golden(path)["events"]] == expected


def test_golden_nl_en_month_dated_article_claims_no_day() -> None:
    (event,) = read_golden(next(p for p in FIXTURES if p.stem == "nl-luchtaanval-maand"))["events"]
    assert event["date_precision"] == "month"
    assert event["date_start"] <= "2019-03-05" <= event["date_end"]  # the Tuesday it may have been
