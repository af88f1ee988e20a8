"""The explorer's filters: parsed from query parameters, validated with messages that say what is accepted.

One `Filters` value drives the list, the map and the timeline alike, and writes itself back into a
query string, so a view is a URL that can be shared.

    >>> f = parse_filters(types=["riots,protests"], countries=["NLD"], date_from="2024-03", date_to="2024")
    >>> f.types, f.countries, f.date_from.isoformat(), f.date_to.isoformat()
    (('protests', 'riots'), ('NL',), '2024-03-01', '2024-12-31')
    >>> f.query_string()
    'type=protests&type=riots&country=NL&from=2024-03-01&to=2024-12-31'
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from kroniek.export.acled import country_code
from kroniek.model import EVENT_TYPES, SUB_EVENT_TYPES

MAX_LIMIT = 500
DEFAULT_LIMIT = 50
MAX_PAGE = 10_000
MAX_TEXT = 200  # characters of full-text search
MAX_VALUES = 40  # values of one repeated parameter
SORTS = ("newest", "oldest", "fatalities")
BUCKETS = ("auto", "day", "week", "month")

_WORD = re.compile(r"\w+")
_LANG = re.compile(r"^[a-z]{2,3}$")
_PLACE = re.compile(r"^(gn:\d{1,12}|x:[0-9a-f]{12})$")
_INCIDENT = re.compile(r"^[0-9a-f]{12}$")


class BadParameter(ValueError):
    """A query parameter the explorer cannot use; `str()` says which and what is accepted."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name = name
        self.message = message


@dataclass(frozen=True, slots=True)
class Filters:
    """What to show; empty means any. Dates select incidents whose window overlaps the range."""

    types: tuple[str, ...] = ()  # event types or sub-types
    countries: tuple[str, ...] = ()  # ISO alpha-2
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    langs: tuple[str, ...] = ()  # a source article in one of these languages
    text: str | None = None  # words every matching source article contains
    place: str | None = None  # a place id (gn:<geonames id> or x:<hash>)

    def params(self) -> list[tuple[str, str]]:
        """The filters as query parameters, in a fixed order (the canonical URL of a view)."""
        out = [("type", t) for t in self.types] + [("country", c) for c in self.countries]
        if self.date_from:
            out.append(("from", self.date_from.isoformat()))
        if self.date_to:
            out.append(("to", self.date_to.isoformat()))
        out += [("lang", lang) for lang in self.langs]
        if self.text:
            out.append(("q", self.text))
        if self.place:
            out.append(("place", self.place))
        return out

    def query_string(self, **extra: object) -> str:
        """`params()` plus `extra` (None values left out) as a query string."""
        pairs = self.params() + [(k, str(v)) for k, v in extra.items() if v is not None]
        return urlencode(pairs)

    def to_dict(self) -> dict[str, object]:
        return {
            "type": list(self.types),
            "country": list(self.countries),
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "lang": list(self.langs),
            "q": self.text,
            "place": self.place,
        }

    @property
    def active(self) -> bool:
        return bool(self.params())


@dataclass(frozen=True, slots=True)
class Paging:
    page: int = 1
    limit: int = DEFAULT_LIMIT
    sort: str = "newest"

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


def parse_filters(
    types: Iterable[str] | None = None,
    countries: Iterable[str] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    langs: Iterable[str] | None = None,
    text: str | None = None,
    place: str | None = None,
) -> Filters:
    """Validate raw query values (repeated or comma-separated; empty values ignored) into Filters."""
    type_values = _split("type", types)
    for value in type_values:
        if value not in EVENT_TYPES and value not in SUB_EVENT_TYPES:
            raise BadParameter(
                "type", f"unknown event type {value!r}; types are {', '.join(EVENT_TYPES)}, or a sub-type"
            )
    codes = []
    for value in _split("country", countries):
        code = country_code(value)
        if code is None:
            raise BadParameter(
                "country", f"unknown country {value!r}; use an ISO code like NL or NLD, or an English name"
            )
        codes.append(code)
    lang_values = [v.lower() for v in _split("lang", langs)]
    for value in lang_values:
        if not _LANG.match(value):
            raise BadParameter("lang", f"{value!r} is not a language code like en or nl")
    start = parse_date("from", date_from, last=False)
    end = parse_date("to", date_to, last=True)
    if start and end and start > end:
        raise BadParameter("from", f"{start.isoformat()} is after to={end.isoformat()}")
    words = None
    if text and text.strip():
        if len(text) > MAX_TEXT:
            raise BadParameter("q", f"search text is longer than {MAX_TEXT} characters")
        # Only words reach the database (each quoted there), so no input is read as query syntax.
        words = " ".join(_WORD.findall(text)) or None
    place_value = (place or "").strip() or None
    if place_value and not _PLACE.match(place_value):
        raise BadParameter("place", f"{place_value[:40]!r} is not a place id like gn:2759794")
    return Filters(
        types=tuple(sorted(set(type_values))),
        countries=tuple(sorted(set(codes))),
        date_from=start,
        date_to=end,
        langs=tuple(sorted(set(lang_values))),
        text=words,
        place=place_value,
    )


def parse_paging(page: int = 1, limit: int = DEFAULT_LIMIT, sort: str | None = None) -> Paging:
    if not 1 <= page <= MAX_PAGE:
        raise BadParameter("page", f"must be a whole number from 1 to {MAX_PAGE}")
    if not 1 <= limit <= MAX_LIMIT:
        raise BadParameter("limit", f"must be a whole number from 1 to {MAX_LIMIT}")
    sort = sort or "newest"
    if sort not in SORTS:
        raise BadParameter("sort", f"unknown order {sort!r}; use one of {', '.join(SORTS)}")
    return Paging(page, limit, sort)


def parse_date(name: str, value: str | None, *, last: bool) -> dt.date | None:
    """YYYY-MM-DD, YYYY-MM or YYYY; a month or year means its first day (`from`) or last day (`to`).

    >>> parse_date("to", "2024-02", last=True)
    datetime.date(2024, 2, 29)
    """
    value = (value or "").strip()
    if not value:
        return None
    try:
        if re.fullmatch(r"\d{4}", value):
            return dt.date(int(value), 12, 31) if last else dt.date(int(value), 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", value):
            first = dt.date.fromisoformat(value + "-01")
            return first.replace(day=calendar.monthrange(first.year, first.month)[1]) if last else first
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value)
    except ValueError:
        pass
    raise BadParameter(name, f"{value[:40]!r} is not a date like 2024-03-11, 2024-03 or 2024")


def check_incident_id(value: str) -> str:
    """An incident id is 12 hex digits; anything else cannot exist (so it is a 404, not a query)."""
    value = value.strip().lower()
    return value if _INCIDENT.match(value) else ""


def _split(name: str, values: Iterable[str] | None) -> list[str]:
    found = [part.strip() for value in values or () for part in value.split(",") if part.strip()]
    if len(found) > MAX_VALUES:
        raise BadParameter(name, f"at most {MAX_VALUES} values")
    for value in found:
        if len(value) > 64:
            raise BadParameter(name, f"{value[:40]!r}... is too long")
    return found
