"""Stage: the document (publication) date.

Reads: the text (a `date YYYY-MM[-DD]` header, a date line near the top), the URL,
a date given with the input, the language's `calendar.toml`.
Contract:

    find_doc_date(text, url, given, lang) -> DocDate | None

Sources in order of trust: the header, the given date (a JSONL `date` field), a date in the URL, a date
that a label names the page's own ("Updated: Jun 22, 2007", "Publié le 4 mars 2011"), a date line near the
top of the text. The most trusted source wins; when it knows only the month, a day from a less
trusted source that falls inside that month refines it (the result then names that source). Dates that
disagree with a more trusted source are ignored. No clock is read (output depends on the input only), so
junk is filtered by plausibility instead: years before 1990 do not count, and a text date must agree with
the URL's year when the URL has one.
Month names are read in every language with data, the article's own first: URLs are often English.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

from kroniek import lang as language_data
from kroniek.lang import LanguageData
from kroniek.model import DocDate, Span
from kroniek.stages.calendar import alternation, make_date, month_names, normalise, numeric_date

# A header line written by the text reader: "date 2020-01" or "date 2020-01-31", first in the text.
_HEADER = re.compile(r"\A\s*(date\s+((?:19|20)\d\d)-([01]\d)(?:-([0-3]\d))?)(?![\d-])")
# Date lines sit in the first lines of a page, above the article text.
TOP_CHARS = 400
MIN_YEAR = 1990
# Every full date holds a four-digit year; the engine finds one fast, as the pattern starts with a literal.
_YEAR = re.compile(r"(?:19|20)\d\d(?!\d)(?<!\d\d\d\d\d)")
_ISO_DATE = re.compile(r"(?:19|20)\d\d-[01]\d-[0-3]\d(?![\d-])")
_URL_YEAR = re.compile(r"/((?:19|20)\d\d)(?=/)")
# Day, month and year run together at the start of a page's number, a counter after them: /230720167-amp
_URL_DAY_FIRST_RUN = re.compile(r"(?<=[/_-])([0-3]\d)([01]\d)((?:19|20)\d\d)(?=\d{0,2}(?!\d))")
_DIGITS = re.compile(r"\d+")
# A page's own date follows its label closely ("Publié le vendredi 4 mars 2011", "PUBLISHED : Wednesday, 06
# February, 2013"): the date starts this many characters after the label at most, and ends within
# `_LABEL_READ`.
_LABEL_GAP = 25
_LABEL_READ = 60


@dataclass(frozen=True)
class _Patterns:
    months: dict[str, int]  # month form in any language -> 1..12
    numeric_orders: tuple[str, ...]
    names: str  # regex of the month names
    numeric_before: re.Pattern[str]  # "15.06." or "28/11/" right before a year
    named_before: re.Pattern[str]  # "3 september " or "November 25, " right before a year
    dateline: re.Pattern[str]
    labels: re.Pattern[str] | None  # the words that label a page's own date, of every language


def find_doc_date(text: str, url: str | None, given: DocDate | None, lang: LanguageData) -> DocDate | None:
    """The publication date, as precisely as the sources say, or None when none does.

    >>> from kroniek.lang import load
    >>> find_doc_date(" date 2021-09 Betogers opgepakt 3 september 2021 ...", None, None, load("nl")).iso()
    '2021-09-03'
    """
    patterns = _patterns(lang)
    url_date, url_year = _from_url(url or "", patterns, lang)
    header = _from_header(text)
    ranked = [found for found in (header, given, url_date) if found is not None]
    url_day = url_date if url_date and url_date.precision == "day" else None
    if header and header.precision == "month" and url_day and url_day.value < header.value:
        # A month header after the URL's day is the date a page was saved, not published.
        ranked.remove(url_day)
        ranked.insert(0, url_day)
    top = text[:TOP_CHARS]
    if header is not None and header.span is not None:
        # The article goes on after the header on its line: blank the header out, so that a dateline
        # right after it starts its line, with offsets unchanged.
        top = " " * header.span.end + top[header.span.end :]
    lines = _from_text(top, patterns)
    if not ranked:
        year = url_year
        stamped = [d for d in _labelled(text, patterns) if year is None or d.value.year == year]
        if stamped:
            # The latest: a page stamped "published" and then "updated" was updated after the event's day,
            # and a placeholder ("veröffentlicht: 1. Januar 2000") comes before the real stamp.
            return max(stamped, key=lambda d: d.value)
        # A wire's dateline with its year ("LIBREVILLE, 16 mars 2003 (AFP) -") before a headline's date.
        own = _dateline(top, patterns, year, None, own_year=True)
        if own is not None:
            return own
        for found in lines:
            if year is None or found.value.year == year:
                return found
        line = _dateline(top, patterns, year, None) if year else None
        return line or _latest_in_text(text, patterns, year)
    best = ranked[0]
    if best.precision == "day":
        return best
    for later in ranked[1:] + lines + _url_days_in_month(url or "", best.value):
        if later.precision == "day" and later.value.replace(day=1) == best.value:
            return later
    return _dateline(top, patterns, best.value.year, best.value.month) or best


def year_window(text: str, url: str | None) -> tuple[dt.date, dt.date] | None:
    """When no publication date is found: the years the text and URL speak of, first to last, as the
    honest bounds of an event it does not date ("at least not before, and likely not after"); None when
    neither names a year.

    >>> year_window("Bei den Kämpfen seit 2012 ... im März 2014", None)
    (datetime.date(2012, 1, 1), datetime.date(2014, 12, 31))
    """
    years = [int(y) for y in _YEAR.findall(text)]
    years += [int(y) for y in _URL_YEAR.findall(url or "")]
    years = [y for y in years if y >= MIN_YEAR]
    if not years:
        return None
    return dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)


def header_end(text: str) -> int:
    """Where a `date YYYY-MM[-DD]` header at the start of the text ends (0 if none): it is not article text.

    >>> header_end(" date 2020-01 Demonstranten ...")
    13
    """
    match = _HEADER.match(text)
    return match.end(1) if match else 0


def _from_header(text: str) -> DocDate | None:
    match = _HEADER.match(text)
    if not match:
        return None
    year, month, day = int(match.group(2)), int(match.group(3)), match.group(4)
    found = make_date(year, month, int(day) if day else 1)
    if found is None:
        return None
    span = Span(match.start(1), match.end(1), match.group(1), "header")
    return DocDate(found, "day" if day else "month", "header", span)


def _from_url(url: str, patterns: _Patterns, lang: LanguageData) -> tuple[DocDate | None, int | None]:
    """The most precise date in a URL, and a bare year path segment ("/2019/") for datelines."""
    if not url:  # (each URL pattern needs a year's digits)
        return None, None
    url_days, url_months = _url_patterns(lang)
    for pattern in url_days:
        for match in pattern.finditer(url):
            found = _url_match_date(match, patterns)
            if found is not None:
                return DocDate(found, "day", "url"), found.year
    for match in _URL_DAY_FIRST_RUN.finditer(url):
        found = _day_first_run(match.group(1), match.group(2), int(match.group(3)))
        if found is not None:
            return DocDate(found, "day", "url"), found.year
    for pattern in url_months:
        for match in pattern.finditer(url):
            found = _url_match_date(match, patterns)
            if found is not None:
                return DocDate(found, "month", "url"), found.year
    years = [int(y) for y in _URL_YEAR.findall(url) if int(y) >= MIN_YEAR]
    return None, years[0] if years else None


def _day_first_run(first: str, second: str, year: int) -> dt.date | None:
    """A day and month run together before the year: only when one reading of the two is a date (a
    day above 12 tells them apart), as sites write both day-first and month-first."""
    if year < MIN_YEAR:
        return None
    readings = {make_date(year, int(second), int(first)), make_date(year, int(first), int(second))} - {None}
    return readings.pop() if len(readings) == 1 else None


def _url_match_date(match: re.Match[str], patterns: _Patterns) -> dt.date | None:
    parts = match.groupdict()
    year = int(parts["y"])
    month = int(parts["m"]) if parts.get("m") else patterns.months.get(normalise(parts.get("mn") or ""), 0)
    day = int(parts["d"]) if parts.get("d") else 1
    if year < MIN_YEAR or not month:
        return None
    return make_date(year, month, day)


def _latest_in_text(text: str, patterns: _Patterns, year: int | None) -> DocDate | None:
    """Nothing near the top dates the page: the latest full date anywhere in it (of the URL's year, when the
    URL has one). Pages often end with their date, and news reports what happened up to the day it appeared;
    a reference day a little early beats none, which would leave every relative date of the article unread.
    No span: the date stays a date of the text, which may be an event's."""
    found = [d for d in _from_text(text, patterns) if year is None or d.value.year == year]
    latest = max(found, key=lambda d: d.value, default=None)
    return DocDate(latest.value, "day", "text") if latest else None


def _url_days_in_month(url: str, month: dt.date) -> list[DocDate]:
    """A month known from a header, and a URL whose digits begin with that year and month and a day
    ("/201701301029857441-quebec"): only a day inside the known month is read, so a long article number
    that merely starts like a date cannot move the publication date anywhere else."""
    pattern = rf"(?<!\d){month.year:04d}{month.month:02d}([0-3]\d)"
    days = (make_date(month.year, month.month, int(m.group(1))) for m in re.finditer(pattern, url))
    return [DocDate(day, "day", "url") for day in days if day is not None]


def _from_text(top: str, patterns: _Patterns) -> list[DocDate]:
    """Full dates (day, month, year) near the top of the text, in text order.

    Every such date holds a four-digit year, which the regex engine finds fast: only the few characters
    around each year are read further.
    """
    found: list[DocDate] = []
    for year_match in _YEAR.finditer(top):
        year_start, year_end = year_match.span()
        before = max(0, year_start - 30)
        iso = _ISO_DATE.match(top, year_start)
        numeric = patterns.numeric_before.search(top, max(0, year_start - 7), year_start)
        named = patterns.named_before.search(top, before, year_start)
        day: dt.date | None = None
        if iso:
            day, start, end = numeric_date(iso.group(), ()), year_start, iso.end()
        elif numeric:
            start, end = numeric.start(), year_end
            day = numeric_date(top[start:end], patterns.numeric_orders)
        elif named:
            parts = named.groupdict()
            key = "1" if parts["d1"] else "2"
            month = patterns.months.get(normalise(parts["m" + key]), 0)
            start, end = named.start(), year_end
            day = make_date(int(year_match.group()), month, _day_number(parts["d" + key]))
        if day and day.year >= MIN_YEAR:
            found.append(DocDate(day, "day", "text", Span(start, end, top[start:end], "text")))
    return found


def _labelled(text: str, patterns: _Patterns) -> list[DocDate]:
    """Full dates right after a label that names them the page's own (`publication_labels`), in text order.

    The crawl date of a page ("Today in New Delhi ... Feb 17, 2019") or an event's date in its headline may
    come before: the label says which date is the page's."""
    if patterns.labels is None:
        return []
    found: list[DocDate] = []
    for label in patterns.labels.finditer(text):
        start = label.end()
        for date in _from_text(text[start : start + _LABEL_READ], patterns):
            assert date.span is not None
            if date.span.start <= _LABEL_GAP:
                span = Span(start + date.span.start, start + date.span.end, date.span.text, "text")
                found.append(DocDate(date.value, "day", "text", span))
            break
    return found


def _dateline(
    top: str, patterns: _Patterns, year: int | None, month: int | None, own_year: bool = False
) -> DocDate | None:
    """A dateline's month and day ("KHARTOUM, April 9 —") with its own year or one known from elsewhere."""
    match = patterns.dateline.search(top)
    if not match:
        return None
    parts = match.groupdict()
    if own_year and not parts["y"]:
        return None
    if parts["y"]:
        if year is not None and int(parts["y"]) != year:
            return None
        year = int(parts["y"])
    if year is None:
        return None
    key = "1" if parts["d1"] else "2"
    found_month = patterns.months.get(normalise(parts["m" + key]))
    if found_month is None or (month is not None and found_month != month):
        return None
    day = make_date(year, found_month, _day_number(parts["d" + key]))
    if day is None:
        return None
    start, end = match.start("date"), match.end("y" if parts["y"] else "date")
    return DocDate(day, "day", "text", Span(start, end, top[start:end], "dateline"))


def _day_number(text: str) -> int:
    """The number in a day written with a suffix: "02nd" -> 2."""
    return int(_DIGITS.match(text).group())  # type: ignore[union-attr]


@functools.cache
def _patterns(lang: LanguageData) -> _Patterns:
    """Month names and numeric orders of every language with data, the article's language winning."""
    # Only their names: compiling every language's calendar would cost the first article a second.
    calendars: list[tuple[dict[str, int], tuple[str, ...], tuple[str, ...]]] = []
    labels: set[str] = set(_labels(lang))
    for code in language_data.available():
        if code != lang.code:
            try:
                other_lang = language_data.load(code)
            except language_data.UnknownLanguage:
                continue
            other = month_names(other_lang)
            labels.update(_labels(other_lang))
            if other is not None:
                calendars.append(other)
    own = month_names(lang)
    if own is not None:
        calendars.append(own)
    months: dict[str, int] = {}
    orders: list[str] = []
    suffixes: set[str] = set()
    for month_forms, day_suffixes, _ in calendars:
        months.update(month_forms)
        suffixes.update(day_suffixes)
    for _, _, numeric_orders in reversed(calendars):
        orders += [order for order in numeric_orders if order not in orders]
    for order in ("dmy", "mdy"):
        if order not in orders:
            orders.append(order)
    names = f"(?i:{alternation(list(months), frozenset(months))})"
    suffix = f"(?:{alternation(sorted(suffixes))})?" if suffixes else ""
    day = r"[0-3]?\d" + suffix + r"\.?"
    return _Patterns(
        months=months,
        numeric_orders=tuple(orders),
        names=names,
        numeric_before=re.compile(r"(?<![\d.])[0-3]?\d([./-])[0-3]?\d\1$"),
        named_before=re.compile(
            rf"(?<!\w)(?:(?P<d1>{day})\s+(?P<m1>{names})|(?P<m2>{names})\s+(?P<d2>{day})),?\s+$"
        ),
        # A place in capitals at the start of a line, a comma, month and day (and year), a dash: "KHARTOUM,
        # April 9 —", "LIBREVILLE, 16 mars 2003 (AFP) -".
        dateline=re.compile(
            rf"^[ \t]*[A-Z][A-Z .'/-]{{2,40}}(?:\([^)\n]{{0,30}}\))?(?:,\s*[A-Z][\w .'-]{{0,30}}?)?,\s+"
            rf"(?P<date>(?P<d1>{day})\s+(?P<m1>{names})|(?P<m2>{names})\s+(?P<d2>{day}))"
            r"(?:,?\s+(?P<y>(?:19|20)\d\d)(?!\d))?\s*(?:\([^)\n]{0,30}\)\s*)?[-—–]",
            re.M,
        ),
        labels=re.compile(rf"(?i)(?<!\w)(?:{alternation(sorted(labels))})\b\s*:?", re.M) if labels else None,
    )


def _labels(lang: LanguageData) -> list[str]:
    return list((lang.get("calendar") or {}).get("publication_labels", []))


@functools.cache
def _url_patterns(lang: LanguageData) -> tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]:
    """The patterns of dates in URLs (days, months), compiled when a URL first comes: a text without one
    (`kroniek extract` on a file) does not pay for them (0.01 s)."""
    names = _patterns(lang).names
    year = r"(?:19|20)\d\d(?!\d)"
    sep = r"[/_-]"
    return (
        (
            re.compile(rf"(?P<y>{year})(?<!\d\d{{4}}){sep}(?P<m>[01]?\d){sep}(?P<d>[0-3]?\d)(?!\d)"),
            re.compile(
                rf"(?P<y>{year})(?<![a-z\d]\d{{4}}){sep}(?P<mn>{names}){sep}(?P<d>[0-3]?\d)(?!\d)", re.I
            ),
            # 20191231, and 201208140012 (a time after the day)
            re.compile(
                r"(?P<y>(?:19|20)\d\d)(?<!\d\d{4})(?P<m>[01]\d)(?P<d>[0-3]\d)(?:(?!\d)|(?=\d{4}(?!\d)))"
            ),
            # 201204/27 and 2017/0224: year and month, or month and day, run together
            re.compile(r"(?P<y>(?:19|20)\d\d)(?<!\d\d{4})(?P<m>[01]\d)/(?P<d>[0-3]\d)(?!\d)"),
            re.compile(r"(?P<y>(?:19|20)\d\d)(?<!\d\d{4})/(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)"),
            # 2008oct10
            re.compile(rf"(?P<y>{year})(?<![a-z\d]\d{{4}})(?P<mn>{names})(?P<d>[0-3]?\d)(?!\d)", re.I),
            # day first, a whole path segment: 28-04-2021, 06-Apr-2013 (a date inside a slug is as often
            # the subject: "2-fevrier-2008-la-bataille")
            re.compile(rf"(?<=/)(?P<d>[0-3]?\d){sep}(?P<m>[01]?\d){sep}(?P<y>{year})(?=[/?#]|$)"),
            re.compile(rf"(?<=/)(?P<d>[0-3]?\d){sep}(?P<mn>{names}){sep}(?P<y>{year})(?=[/?#]|$)", re.I),
            # a year segment, section names, then month and day segments: /2002/WORLD/asia/09/08/
            re.compile(
                rf"(?<=/)(?P<y>{year})/(?:[a-z][\w.-]*/){{1,4}}(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?=/)", re.I
            ),
        ),
        (
            re.compile(rf"(?P<y>{year})(?<!\d\d{{4}}){sep}(?P<m>[01]?\d)(?={sep}|$)"),
            re.compile(rf"(?P<y>{year})(?<![a-z\d]\d{{4}}){sep}(?P<mn>{names})(?=[/_.-]|$)", re.I),
        ),
    )
