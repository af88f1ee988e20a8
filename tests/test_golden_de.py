"""German fixture articles coded end to end, compared with their checked golden outputs.

The fixtures (tests/fixtures/articles/de-*.txt) are articles we wrote in the style of German agency reports
(dpa, SID): an air strike with dead and injured, riots after a May Day demonstration with a peaceful rally
the same day, a suicide bombing in a mosque, and two articles with tempting words but no event (a football
report with "Bomber", "Angriff", "Schlacht"; a court verdict about an old bombing). Every field of the golden
files was checked by hand; update one with tools/update_golden.py only after checking the new output.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from goldenkit import coded, fixture_paths, golden_cases, golden_path, read_golden

FIXTURES = fixture_paths("de-")


def test_golden_de_fixtures_exist() -> None:
    assert len(FIXTURES) >= 4
    assert all(golden_path(p).exists() for p in FIXTURES)


@pytest.mark.parametrize("path", golden_cases(FIXTURES))
def test_golden_de_matches(path: Path) -> None:
    assert coded(path) == read_golden(path)


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_golden_de_is_german(path: Path) -> None:
    golden = read_golden(path)
    assert golden["lang"] == "de"
    assert golden["doc_date"] == path.read_text(encoding="utf-8").split()[1]


@pytest.mark.parametrize("path", golden_cases(FIXTURES, only=("de-urteil-polizeiwache",)))
def test_golden_de_finds_the_reported_event_types(path: Path) -> None:
    """What each fixture reports, independent of the finer fields: the event types, and none for the
    football report and the trial."""
    expected = {
        "de-fussball-bomber": [],
        "de-urteil-polizeiwache": [],
        "de-krawalle-kreuzberg": ["riots", "protests"],
        "de-luftangriff-kundus": ["explosions_remote_violence"],
        "de-selbstmordanschlag-mubi": ["explosions_remote_violence"],
    }
    found = sorted({event["event_type"] for event in coded(path)["events"]})  # type: ignore[attr-defined,index]
    assert found == sorted(set(expected[path.stem]))
