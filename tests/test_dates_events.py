"""Which date an event gets: the window of an undated event, of one dated in the sentences around it, and of
events in an article known only by its month. Sentences written for these tests."""

from __future__ import annotations

import pytest

from kroniek.pipeline import extract

LEAD = "Bij een bomaanslag in Kaboel zijn zeker tien doden gevallen."


def _dates(text: str, doc_date: str) -> list[tuple[str, str, str, str]]:
    result = extract(text, doc_date=doc_date, lang="nl")
    return [
        (e.window.date.isoformat(), e.window.start.isoformat(), e.window.end.isoformat(), e.window.precision)
        for e in result.events
    ]


def test_dates_events_undated_event_is_of_the_publication_day_or_the_day_before() -> None:
    text = "Bij een bomaanslag in Kaboel zijn zeker tien doden gevallen."
    assert _dates(text, "2019-08-19") == [("2019-08-18", "2019-08-18", "2019-08-19", "week")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A weekday in an article of June 2017 may, read from June 1-3, be a day of late May: the window
        # keeps those days (the header may be the day a page was saved), and its date names the month,
        # June, as the coders write it.
        (
            "Bij een bomaanslag in Kaboel zijn zondag zeker tien doden gevallen.",
            ("2017-06-01", "2017-05-28", "2017-06-25", "month"),
        ),
        # No date words at all: the month of the article and the week before it.
        (
            "Bij een bomaanslag in Kaboel zijn zeker tien doden gevallen.",
            ("2017-06-01", "2017-05-25", "2017-06-30", "month"),
        ),
    ],
)
def test_dates_events_month_article_dates_from_its_month(text: str, expected: tuple) -> None:
    assert _dates(text, "2017-06") == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The next sentence names the day: the event is of that day (2019-08-19 is a Monday).
        (
            LEAD + " Dat gebeurde zondagavond bij een markt.",
            "2019-08-18",
        ),
        # A day more than a week back is not taken: the event is of the publication day or the day before.
        (
            LEAD + " Op 3 maart begon de markt opnieuw.",
            "2019-08-18",
        ),
        # A day further on than two sentences is not taken.
        (
            LEAD + " De stad is in rouw. De markt was dicht. Dat gebeurde zondagavond nog.",
            "2019-08-18",
        ),
    ],
)
def test_dates_events_undated_event_takes_a_recent_day_from_the_next_sentences(
    text: str, expected: str
) -> None:
    assert [d[0] for d in _dates(text, "2019-08-19")] == [expected]
