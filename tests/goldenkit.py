"""Golden outputs for the fixture articles in tests/fixtures/articles/*.txt.

Each fixture is a news article we wrote, with a `date YYYY-MM-DD` header; its golden file
tests/golden/<stem>.json holds what the extractor must code for it, reduced to the fields the coding rules
are about (type, date window, place, actors, counts). Evidence spans and confidences are left out: they
may change while the coding stays right. Golden files are written only by `tools/update_golden.py`, after
checking every field by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

from kroniek.ingest import read_articles
from kroniek.model import Article
from kroniek.pipeline import extract_article

# Fixtures whose golden coding (what is right) the extractor does not reach today, and why: their tests
# are expected to fail (strictly: one that passes again must leave this list).
KNOWN_GAPS: dict[str, str] = {
    "de-urteil-polizeiwache": "the learned detector codes the bombing a trial is about (issue 10)",
    "de-luftangriff-kundus": "the detector splits the injured of the strike into a shelling the next day",
    "en-ceasefire-signed": "the detector passes over the dated sentence of the signing: the headline's week",
    "en-school-abduction": "the clash, undated, takes Saturday from the next sentence, not Friday two before",
    "nl-rellen-den-haag": "the Utrecht riot, dated by a night four sentences back, gets the publication day",
}

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures" / "articles"
GOLDEN = TESTS / "golden"


def fixture_paths(prefix: str = "") -> list[Path]:
    """The fixture articles whose names start with `prefix` ("fr-"), sorted."""
    return sorted(FIXTURES.glob(f"{prefix}*.txt"))


def golden_cases(paths: list[Path], only: tuple[str, ...] | None = None) -> list[object]:
    """pytest parameters for fixture paths, the known gaps (or `only` these of them) marked as expected
    failures."""
    import pytest

    gaps = {stem: why for stem, why in KNOWN_GAPS.items() if only is None or stem in only}
    return [
        pytest.param(p, id=p.stem, marks=pytest.mark.xfail(reason=gaps[p.stem], strict=True))
        if p.stem in gaps
        else pytest.param(p, id=p.stem)
        for p in paths
    ]


def golden_path(path: Path) -> Path:
    return GOLDEN / f"{path.stem}.json"


def coded(path: Path) -> dict[str, object]:
    """The extractor's coding of one fixture article, in the golden files' shape."""
    articles = list(read_articles([path]))
    assert len(articles) == 1 and isinstance(articles[0], Article), articles
    result = extract_article(articles[0]).to_dict()
    return {
        "id": result["id"],
        "lang": result["lang"],
        "doc_date": result["doc_date"],
        "events": [_event(event) for event in result["events"]],  # type: ignore[attr-defined]
    }


def _event(event: dict) -> dict[str, object]:
    location = event["location"]
    return {
        "event_type": event["event_type"],
        "sub_event_type": event["sub_event_type"],
        "date_start": event["date_start"],
        "date_end": event["date_end"],
        "date_precision": event["date_precision"],
        "location": {k: location[k] for k in ("name", "admin1", "country", "precision")},
        "actor1": event["actor1"],
        "actor2": event["actor2"],
        "fatalities": event["fatalities"],
        "injuries": event["injuries"],
    }


def read_golden(path: Path) -> dict[str, object]:
    return json.loads(golden_path(path).read_text(encoding="utf-8"))


def write_golden(path: Path) -> Path:
    out = golden_path(path)
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(coded(path), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out
