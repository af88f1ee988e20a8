"""Which of the events told so far may share a day with another, without glancing at each of them.

Grouping asks, of each new event, which of the last `EVENTS_REACH` events told may be the same one, and
those must have days that meet its own. A 1 MB article of riots on hundreds of different days glanced at
all 256 for every event: a quarter of its time (issue 13). Here each event is filed under the days of its
span, so that a new one reads only those of its own days, in the order they were told.
"""

from __future__ import annotations

from bisect import bisect_left, insort

from kroniek.stages.frames import DaySpan

# An event spanning more days than this (a month told, a week of riots) is filed apart and read for every
# question, as are events with no known day: filing it under each of its days would cost more than reading it.
FILED_DAYS = 31


class DayIndex:
    """The events told so far, numbered from 0 in the order they were added, by the days of their span."""

    def __init__(self) -> None:
        self._spans: list[DaySpan] = []
        self._by_day: dict[int, list[int]] = {}  # day (ordinal) -> the numbers of the events filed there
        self._wide: list[int] = []  # the numbers of events with no known day or a long span

    def add(self, span: DaySpan) -> None:
        """File the next event (number `len(self)`)."""
        self._spans.append(span)
        self._file(len(self._spans) - 1, span)

    def __len__(self) -> int:
        return len(self._spans)

    def move(self, number: int, span: DaySpan) -> None:
        """Event `number`'s span is now `span`."""
        if self._spans[number] != span:
            self.drop(number)
            self._spans[number] = span
            self._file(number, span)

    def drop(self, number: int) -> None:
        """Event `number` is no longer wanted: `meeting` leaves it out (unless asked about a span it does
        not file). Move it no more."""
        old = self._spans[number]
        if _filed(old):
            assert old is not None
            for day in range(old[0], old[1] + 1):
                bucket = self._by_day[day]
                del bucket[bisect_left(bucket, number)]
        else:
            del self._wide[bisect_left(self._wide, number)]

    def meeting(self, span: DaySpan, first: int) -> list[int] | None:
        """In ascending order, the numbers from `first` on of the events whose span may meet `span`: all
        those for which `frames.spans_apart` is false, and perhaps a few more. None when `span` is not
        filed (no known day, or long): then any may meet it."""
        if not _filed(span):
            return None
        assert span is not None
        found = self._wide[bisect_left(self._wide, first) :]
        for day in range(span[0], span[1] + 1):
            bucket = self._by_day.get(day)
            if bucket:
                found += bucket[bisect_left(bucket, first) :]
        return sorted(set(found))

    def _file(self, number: int, span: DaySpan) -> None:
        if _filed(span):
            assert span is not None
            for day in range(span[0], span[1] + 1):
                insort(self._by_day.setdefault(day, []), number)
        else:
            insort(self._wide, number)


def _filed(span: DaySpan) -> bool:
    return span is not None and span[1] - span[0] < FILED_DAYS
