"""Stage: date expressions in the text, resolved against the document date.

Reads: the text, the language's `calendar.toml`, the document date.
Adds: `DateMention`s (span + window). Contract:

    find_dates(text, lang, doc_date) -> list[DateMention]   # sorted by span.start
    undated_window(doc_date) -> DateWindow | None            # for an event with no date words of its own

A relative phrase ("zaterdag", "last week", "two weeks ago") is resolved against the publication day. When
only the publication MONTH is known, it is resolved against the first and the last day of that month and the
window covers both: no day is invented. Explicit dates without a year take the latest such date on or
before the end of what is known of the publication date. Without any publication date only dates that carry
their own year resolve.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from kroniek.lang import LanguageData
from kroniek.model import DateMention, DateWindow, DocDate, Precision, Span, month_end, precision_of
from kroniek.stages.calendar import Calendar, Phrase, calendar_of, make_date, normalise, numeric_date
from kroniek.stages.docdate import header_end
from kroniek.stages.span_index import line_start

Days = tuple[dt.date, dt.date]
Resolver = Callable[[dt.date], Days | None]

_RANK: dict[Precision, int] = {"day": 0, "week": 1, "month": 2}
_DIGITS = re.compile(r"\d+")
# A dateline around a date: a place at the start of a line before it, an agency in brackets and a dash after
# it ("BAMAKO, 12 août (AFP) -", "KABUL, March 3 (Reuters) -").
_DATELINE_BEFORE = re.compile(r"[ \t]*[^\W\d_][^\n,]{1,40},[ \t]*")
_DATELINE_AFTER = re.compile(r"\s*\([^)\n]{1,30}\)\s*[-—–]")
# What may stand between a weekday and the date it introduces: "zaterdag 17 november", "Tuesday, Dec. 2".
_WEEKDAY_DATE_GAP = re.compile(r"[\s,]{1,3}")
# A time unit this long or longer (`[units]`, days) is a year.
YEAR_DAYS = 360
# The days up to the publication day an event without date words of its own may be on (`undated_window`).
UNDATED_DAYS = 2


@dataclass(frozen=True, slots=True)
class _Reading:
    """What a matched phrase means: a fixed window, or a rule applied to the publication date."""

    precision: Precision  # the coarsest this phrase is, whatever its window ("last week" is a week)
    fixed: Days | None = None
    resolve: Resolver | None = None
    latest: bool = False  # resolve against the last possible publication day only (explicit dates)


def find_dates(text: str, lang: LanguageData, doc_date: DocDate | None) -> list[DateMention]:
    """Date expressions in `text` with the days they may mean, in text order.

    >>> from kroniek.lang import load
    >>> day = DocDate.parse("2019-08-19", "field")
    >>> found = find_dates("Zaterdagavond ontplofte een bom.", load("nl"), day)
    >>> [(m.span.text, m.window.start.isoformat()) for m in found]
    [('Zaterdagavond', '2019-08-17')]
    """
    calendar = calendar_of(lang)
    if calendar is None:
        return []
    found: list[tuple[Span, Phrase, DateWindow | None, tuple[dt.date | None, ...]]] = []
    skip = header_end(text)  # the publication date header is no event date
    for phrase, match in calendar.scan(text):
        if match.start() < skip:
            continue
        if _in_dateline(text, match.start(), match.end()):
            continue  # "BAMAKO, 12 août (AFP) -": the wire's date, not an event's
        span = Span(match.start(), match.end(), match.group(), phrase.rule)
        if phrase.table == "same_day_phrases":  # "le même jour", "that same day": the day named last
            earlier = next((f for f in reversed(found) if f[2] is not None), None)
            if earlier is not None:
                found.append((span, phrase, earlier[2], earlier[3]))
            continue
        reading = _read(phrase, match, calendar, text)
        if reading is None:
            continue
        found.append((span, phrase, _window(reading, doc_date), _by_day(reading, doc_date)))
    return _merge_weekday_dates(found, text)


def _in_dateline(text: str, start: int, end: int) -> bool:
    if not _DATELINE_AFTER.match(text, end):
        return False
    return _DATELINE_BEFORE.fullmatch(text, line_start(text, start), start) is not None


def undated_window(doc_date: DocDate | None) -> DateWindow | None:
    """The window for an event the text gives no date words for.

    News reports what happened on the day it appeared or the day before: an event it tells without naming a
    day gets those two days (ACLED's "week" precision, the window's first day as its date), honestly, rather
    than one day that may be wrong. Of the 64 such events the 5-fold CV on train/ matched, the coders dated
    36 to the publication day, 25 to the day before and 3 to two or three days before. The week up to
    publication, kroniek's window before, held them all but gave a first day the coders never chose: date
    agreement in CV 0.699 -> 0.764 (folds of another hash 0.686 -> 0.769), dev 0.750 -> 0.821, F1 unchanged
    (0.648 and 0.631 with the same other changes). The publication day alone, as a day-precise date, matched
    fewer events (F1 -0.008).

    >>> undated_window(DocDate(dt.date(2019, 8, 19), "day", "field"))
    DateWindow(start=datetime.date(2019, 8, 18), end=datetime.date(2019, 8, 19), precision='week')
    """
    if doc_date is None:
        return None
    if doc_date.precision == "day":
        return DateWindow(doc_date.value - dt.timedelta(days=UNDATED_DAYS - 1), doc_date.value, "week")
    # Any day of the month, and the week before its first day: a "date 2020-01" header may be the day a page
    # was saved, after the last days of December it tells of (the seed article). Measured: starting on the
    # month's first day agrees with the coders' date more often on train/, but loses such events.
    return DateWindow(doc_date.value - dt.timedelta(days=7), doc_date.last_day, "month")


def _window(reading: _Reading, doc_date: DocDate | None) -> DateWindow | None:
    days = reading.fixed
    if days is None and reading.resolve is not None and doc_date is not None:
        last = reading.resolve(doc_date.last_day)
        if reading.latest or doc_date.precision == "day" or last is None:
            days = last
        else:
            first = reading.resolve(doc_date.value)
            days = (min(first[0], last[0]), max(first[1], last[1])) if first else None
    if days is None:
        return None
    start, end = days
    precision = precision_of(start, end)
    if _RANK[reading.precision] > _RANK[precision]:
        precision = reading.precision
    return DateWindow(start, end, precision)


def _by_day(reading: _Reading, doc_date: DocDate | None) -> tuple[dt.date | None, ...]:
    """The day a day phrase means for each possible publication day of a month-precise article."""
    if doc_date is None or doc_date.precision == "day" or reading.resolve is None or reading.latest:
        return ()
    if reading.precision != "day":
        return ()
    days = []
    day, last = doc_date.value, doc_date.last_day
    while day <= last:
        found = reading.resolve(day)
        days.append(found[0] if found and found[0] == found[1] else None)
        day += dt.timedelta(days=1)
    return tuple(days)


def _merge_weekday_dates(
    found: list[tuple[Span, Phrase, DateWindow | None, tuple[dt.date | None, ...]]], text: str
) -> list[DateMention]:
    """Mentions in order; a weekday right before an explicit date becomes part of that date's mention."""
    out: list[DateMention] = []
    skip_next = False
    for i, (span, phrase, window, by_day) in enumerate(found):
        if skip_next:
            skip_next = False
            continue
        if i + 1 < len(found) and phrase.rule == "weekday_phrases.on_or_before":
            nxt_span, nxt_phrase, nxt_window, _ = found[i + 1]
            gap = text[span.end : nxt_span.start]
            if nxt_phrase.table in ("date_phrases", "numeric") and _WEEKDAY_DATE_GAP.fullmatch(gap):
                skip_next = True
                if nxt_window is not None:
                    merged = Span(span.start, nxt_span.end, text[span.start : nxt_span.end], nxt_span.rule)
                    out.append(DateMention(merged, nxt_window))
                continue
        if window is not None:
            out.append(DateMention(span, window, by_day))
    return out


def _read(phrase: Phrase, match: re.Match[str], calendar: Calendar, text: str) -> _Reading | None:
    slots = match.groupdict()

    def slot(name: str) -> str | None:
        return slots.get(name)

    table = phrase.table
    if table == "weekday_phrases":
        name = match.group("weekday")
        if not _is_name(calendar, name) or _inside_name(calendar, text, match.span("weekday"), slot("part")):
            return None
        rule = _WEEKDAY_RULES[phrase.kind](calendar.weekdays[name.lower()])
        return _Reading("day", resolve=rule)
    if table in ("date_phrases", "month_phrases"):
        return _read_date(calendar, slot("day"), slot("month") or "", slot("year"))
    if table == "year_phrases":
        return _read_year(calendar, slot("year") or "")
    if table == "relative_days":
        return _Reading("day", resolve=_shift(int(phrase.value)))
    if table == "periods":
        resolve, precision = _PERIODS[phrase.value]
        return _Reading(precision, resolve=resolve)
    if table == "holidays":
        month, day = (int(n) for n in str(phrase.value).split("-"))
        return _Reading("day", resolve=lambda ref: _twice(_latest_date(month, day, ref)), latest=True)
    if table == "night_phrases":
        if slot("month") is not None:  # "in der Nacht zum 1. Mai", "dans la nuit du 2 au 3 avril"
            return _evening_before(_read_date(calendar, slot("day"), slot("month") or "", slot("year")))
        return _read_night(calendar, slot("from"), slot("to"))
    if table == "ago_phrases":
        return _read_ago(calendar, slot("count") or "", slot("unit") or "")
    if table == "after_phrases":
        # "Six ans après l'attentat", "seven years after the clash": the event it names is history. Years
        # only: "two days after the attack" tells what the sentence's news is, days later (an arrest).
        if calendar.units.get(normalise(slot("unit") or ""), 0) < YEAR_DAYS:
            return None
        return _read_ago(calendar, slot("count") or "", slot("unit") or "")
    if table == "numeric":
        found = numeric_date(match.group(), calendar.numeric_orders)
        return _Reading("day", fixed=(found, found)) if found else None
    return None


def _read_date(
    calendar: Calendar, day_text: str | None, month_text: str, year_text: str | None
) -> _Reading | None:
    """An explicit date ({day} given) or a month ({day} absent), with or without a year."""
    month_form = normalise(month_text)
    if not _is_name(calendar, month_text):
        return None
    if day_text is None and year_text is None and month_form in calendar.months_need_number:
        return None
    month = calendar.months[month_form]
    year_shift: int | None = None
    year: int | None = None
    if year_text is not None:
        if year_text.isdigit():
            year = int(year_text)
        else:
            year_shift = calendar.year_words[normalise(year_text)]
    if day_text is None:
        if year is not None:
            return _Reading("month", fixed=_month_days(year, month))
        shift = year_shift

        def resolve_month(ref: dt.date) -> Days:
            if shift is not None:
                return _month_days(ref.year + shift, month)
            return _month_days(ref.year if month <= ref.month else ref.year - 1, month)

        return _Reading("month", resolve=resolve_month, latest=True)
    day = int(_DIGITS.match(day_text).group())  # type: ignore[union-attr]
    if year is not None:
        found = make_date(year, month, day)
        return _Reading("day", fixed=(found, found)) if found else None
    if make_date(2000, month, day) is None:  # a leap year: no such day in any year
        return None
    if year_shift is not None:
        shift = year_shift
        return _Reading(
            "day", resolve=lambda ref: _twice(make_date(ref.year + shift, month, day)), latest=True
        )
    return _Reading("day", resolve=lambda ref: _twice(_latest_date(month, day, ref)), latest=True)


def _read_year(calendar: Calendar, year_text: str) -> _Reading:
    """A year alone ("in 2014", "vorig jaar"): the whole year, so that history is not read as the news of
    the day. "month" is the coarsest precision there is."""
    if year_text.isdigit():
        year = int(year_text)
        return _Reading("month", fixed=(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    shift = calendar.year_words[normalise(year_text)]
    return _Reading(
        "month", resolve=lambda ref: (dt.date(ref.year + shift, 1, 1), dt.date(ref.year + shift, 12, 31))
    )


def _read_night(calendar: Calendar, first: str | None, second: str | None) -> _Reading | None:
    if second is not None:
        if not _is_name(calendar, second):
            return None
        end_rule = _on_or_before(calendar.weekdays[normalise(second)])

        def resolve(ref: dt.date) -> Days | None:
            morning = end_rule(ref)
            return _twice(morning[0] - dt.timedelta(days=1)) if morning else None

        return _Reading("day", resolve=resolve)
    if first is None or not _is_name(calendar, first):
        return None
    return _Reading("day", resolve=_on_or_before(calendar.weekdays[normalise(first)]))


def _evening_before(morning: _Reading | None) -> _Reading | None:
    """A night named by the date it ended on is dated to the evening it began: the day before."""
    if morning is None or morning.precision != "day":
        return None
    before = dt.timedelta(days=1)
    if morning.fixed is not None:
        return _Reading("day", fixed=(morning.fixed[0] - before, morning.fixed[1] - before))
    resolve = morning.resolve
    assert resolve is not None

    def resolve_evening(ref: dt.date) -> Days | None:
        days = resolve(ref)
        return (days[0] - before, days[1] - before) if days else None

    return _Reading("day", resolve=resolve_evening, latest=morning.latest)


def _read_ago(calendar: Calendar, count_text: str, unit_text: str) -> _Reading | None:
    count = int(count_text) if count_text.isdigit() else calendar.count_words.get(normalise(count_text))
    unit = calendar.units.get(normalise(unit_text))
    if not count or not unit:
        return None
    if unit % 30 == 0:
        months = count * unit // 30

        def resolve_months(ref: dt.date) -> Days:
            index = ref.year * 12 + ref.month - 1 - months
            return _month_days(index // 12, index % 12 + 1)

        return _Reading("month", resolve=resolve_months)
    back = dt.timedelta(days=count * unit)
    if unit < 7:
        return _Reading("day", resolve=lambda ref: _twice(ref - back))
    return _Reading("week", resolve=lambda ref: _week_of(ref - back))


def _is_name(calendar: Calendar, word: str) -> bool:
    return not calendar.names_capitalized or word[:1].isupper()


def _inside_name(calendar: Calendar, text: str, span: tuple[int, int], part: str | None) -> bool:
    """Whether the weekday at `span` is part of a name: "Goede Vrijdag", "Black Friday", "Sunday Times"."""
    if calendar.name_before and calendar.name_before.search(text, max(0, span[0] - 30), span[0]):
        return True
    return bool(calendar.name_after and part is None and calendar.name_after.match(text, span[1]))


# Resolvers: each maps a publication day to the window of days a phrase means.


def _twice(day: dt.date | None) -> Days | None:
    return (day, day) if day else None


def _shift(days: int) -> Resolver:
    return lambda ref: _twice(ref + dt.timedelta(days=days))


def _on_or_before(weekday: int) -> Resolver:
    return lambda ref: _twice(ref - dt.timedelta(days=(ref.weekday() - weekday) % 7))


def _before(weekday: int) -> Resolver:
    return lambda ref: _twice(ref - dt.timedelta(days=(ref.weekday() - weekday - 1) % 7 + 1))


def _after(weekday: int) -> Resolver:
    return lambda ref: _twice(ref + dt.timedelta(days=(weekday - ref.weekday() - 1) % 7 + 1))


def _in_week(weeks: int) -> Callable[[int], Resolver]:
    def rule(weekday: int) -> Resolver:
        return lambda ref: _twice(_monday(ref) + dt.timedelta(days=7 * weeks + weekday))

    return rule


_WEEKDAY_RULES: dict[str, Callable[[int], Resolver]] = {
    "on_or_before": _on_or_before,
    "before": _before,
    "after": _after,
    "previous_week": _in_week(-1),
    "next_week": _in_week(1),
}


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _week_of(day: dt.date) -> Days:
    monday = _monday(day)
    return monday, monday + dt.timedelta(days=6)


def _month_days(year: int, month: int) -> Days:
    first = dt.date(year, month, 1)
    return first, month_end(first)


def _latest_date(month: int, day: int, ref: dt.date) -> dt.date | None:
    """The latest `day` of `month` on or before `ref` (29 February looks back to a leap year)."""
    for year in range(ref.year, ref.year - 8, -1):
        found = make_date(year, month, day)
        if found and found <= ref:
            return found
    return None


def _weekend(ref: dt.date) -> Days:
    saturday = ref - dt.timedelta(days=(ref.weekday() - 5) % 7)
    return saturday, min(saturday + dt.timedelta(days=1), ref)


def _last_month(ref: dt.date) -> Days:
    last = ref.replace(day=1) - dt.timedelta(days=1)
    return last.replace(day=1), last


_PERIODS: dict[str, tuple[Resolver, Precision]] = {
    "this_week": (lambda ref: (_monday(ref), ref), "week"),
    "last_week": (lambda ref: _week_of(ref - dt.timedelta(days=7)), "week"),
    "this_month": (lambda ref: (ref.replace(day=1), ref), "month"),
    "last_month": (_last_month, "month"),
    "weekend": (_weekend, "week"),
    "past_week": (lambda ref: (ref - dt.timedelta(days=6), ref), "week"),
    "past_day": (lambda ref: (ref - dt.timedelta(days=1), ref), "day"),
    "past_month": (lambda ref: (ref - dt.timedelta(days=29), ref), "month"),
}
