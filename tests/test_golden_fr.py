"""French fixture articles coded end to end, compared with their checked golden outputs.

The fixtures (tests/fixtures/articles/fr-*.txt) are articles we wrote in the style of French wires: a
suicide bombing with dead and wounded, a march that turned into a riot, an attack on an army camp in the
Sahel, shelling of a market (its words behind elided articles: "tirs d'obus", "l'attaque"), and two
negatives: a storm that kills (weather) and a review of a film about riots (fiction). Update a golden file
with tools/update_golden.py only after checking the new output by hand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from goldenkit import coded, fixture_paths, golden_cases, golden_path, read_golden

FIXTURES = fixture_paths("fr-")


# Fixtures whose golden file (written by hand, the right coding) the extractor does not give yet, and why.
# Strict: once the code gets it right the entry must go.
def test_golden_fr_fixtures_exist() -> None:
    assert len(FIXTURES) >= 6
    assert all(golden_path(p).exists() for p in FIXTURES)


@pytest.mark.parametrize("path", golden_cases(FIXTURES))
def test_golden_fr_matches(path: Path) -> None:
    assert coded(path) == read_golden(path)


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_golden_fr_is_french(path: Path) -> None:
    golden = read_golden(path)
    assert golden["lang"] == "fr"
    assert golden["doc_date"] == path.read_text(encoding="utf-8").split()[1]
