"""The explorer's pure parts: filter parsing, evidence highlighting from offsets, safe links."""

from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("fastapi", reason="the explorer needs the web extra (fastapi, uvicorn, jinja2)")

from kroniek.model import DateWindow, Event, Location, Span
from kroniek.web.highlight import Highlight, event_highlights, segments
from kroniek.web.incident_view import safe_link
from kroniek.web.params import BadParameter, parse_date, parse_filters, parse_paging


@pytest.mark.parametrize(
    ("value", "last", "expected"),
    [
        ("2024-03-11", False, dt.date(2024, 3, 11)),
        ("2024-03", False, dt.date(2024, 3, 1)),
        ("2024-02", True, dt.date(2024, 2, 29)),
        ("2023", True, dt.date(2023, 12, 31)),
        ("2023", False, dt.date(2023, 1, 1)),
        ("", False, None),
    ],
)
def test_web_units_dates(value: str, last: bool, expected: dt.date | None) -> None:
    assert parse_date("from", value, last=last) == expected


@pytest.mark.parametrize(
    "value", ["2024-3-1", "11-03-2024", "2024-02-30", "tomorrow", "20240311", "2024-03-11T00:00"]
)
def test_web_units_bad_dates(value: str) -> None:
    with pytest.raises(BadParameter, match="not a date"):
        parse_date("to", value, last=True)


def test_web_units_filters_normalise_and_round_trip() -> None:
    f = parse_filters(
        types=["riots, protests", "riots", ""],
        countries=["nld", "Belgium"],
        langs=["NL"],
        text="  tear-gas!! ",
    )
    assert f.types == ("protests", "riots") and f.countries == ("BE", "NL") and f.langs == ("nl",)
    assert f.text == "tear gas"
    assert (
        f.query_string(page=2) == "type=protests&type=riots&country=BE&country=NL&lang=nl&q=tear+gas&page=2"
    )
    assert (
        parse_filters(types=list(f.types), countries=list(f.countries), langs=list(f.langs), text=f.text) == f
    )
    assert not parse_filters().active and f.active


@pytest.mark.parametrize(
    ("page", "limit", "sort"), [(0, 50, None), (1, 0, None), (1, 501, None), (1, 50, "x")]
)
def test_web_units_paging_bounds(page: int, limit: int, sort: str | None) -> None:
    with pytest.raises(BadParameter):
        parse_paging(page, limit, sort)


def test_web_units_segments_split_overlapping_spans() -> None:
    text = "Police fired tear gas in Brussels on Monday."
    marks = [
        Highlight(0, 43, "evidence"),
        Highlight(25, 33, "field", "location"),
        Highlight(37, 43, "field", "date"),
    ]
    parts = segments(text, marks)
    assert "".join(p.text for p in parts) == text  # nothing lost, nothing added
    assert [(p.text, p.fields, p.labels) for p in parts if p.fields] == [
        ("Brussels", ("location",), ("location",)),
        ("Monday", ("date",), ("date",)),
    ]
    assert all(p.evidence for p in parts[:-1]) and not parts[-1].evidence  # the final "." is outside
    nested = segments("abcdef", [Highlight(0, 6, "field", "event_type"), Highlight(2, 4, "field", "date")])
    assert [(p.text, p.fields) for p in nested] == [
        ("ab", ("event_type",)),
        ("cd", ("event_type", "date")),
        ("ef", ("event_type",)),
    ]


def test_web_units_spans_that_do_not_match_the_text_are_reported_not_drawn() -> None:
    text = "Riots in Rotterdam on Saturday."
    event = Event(
        "riots", "violent_demonstration", DateWindow(dt.date(2023, 3, 11), dt.date(2023, 3, 11), "day"),
        Location("Rotterdam", None, "NL", None, None, None, 1), None, None, None, None,
        evidence=(Span(0, 31, text),), confidence=0.9,
        provenance=(
            ("location", Span(9, 18, "Rotterdam")),
            ("date", Span(22, 30, "Sunday")),
            ("actor1", Span(99, 104, "x")),
        ),
    )  # fmt: skip
    found, missing = event_highlights(text, event)
    assert [(m.kind, m.field) for m in found] == [("evidence", None), ("field", "location")]
    assert [m["field"] for m in missing] == ["date", "actor1"]


@pytest.mark.parametrize(
    ("url", "link"),
    [
        ("https://news.example/a?b=1", "https://news.example/a?b=1"),
        ("http://x.nl/", "http://x.nl/"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//evil.example/x", None),
        ("http://[::1", None),
        (None, None),
    ],
)
def test_web_units_only_http_urls_become_links(url: str | None, link: str | None) -> None:
    assert safe_link(url) == link
