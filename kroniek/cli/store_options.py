"""Options shared by the commands that read the store: `--db` and the incident filters."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

from kroniek.export.acled import country_code
from kroniek.model import EVENT_TYPES, SUB_EVENT_TYPES
from kroniek.store import IncidentQuery, Store, StoreError, open_store

F = TypeVar("F", bound=Callable[..., Any])

db_option = click.option(
    "--db",
    default="kroniek.db",
    show_default=True,
    envvar="KRONIEK_DB",
    help="Database: a SQLite file, sqlite:///path, or postgresql://user@host:port/name (env KRONIEK_DB).",
)


def open_or_fail(url: str, *, read_only: bool = False) -> Store:
    """The store at `url` (read-only for commands that only read), or a one-line error.

    An in-memory database is refused: a command would report "stored N" and keep nothing.
    """
    if url.strip() in ("", ":memory:", "sqlite://", "sqlite:///", "sqlite:///:memory:"):
        raise click.BadParameter(
            f"{url!r} is an in-memory database, gone when the command ends: give a file path or "
            "postgresql://...",
            param_hint="--db",
        )
    try:
        return open_store(url, read_only=read_only)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def filter_options(command: F) -> F:
    """--country, --type, --from, --to, --text, --limit."""
    options = [
        click.option("--country", help="ISO code (IQ or IRQ) or English name of the country."),
        click.option("--type", "event_type", help="Event type (riots) or sub-event type (mob_violence)."),
        click.option(
            "--from", "date_from", metavar="DATE", help="Incidents on or after YYYY-MM-DD (or YYYY-MM)."
        ),
        click.option(
            "--to", "date_to", metavar="DATE", help="Incidents on or before YYYY-MM-DD (or YYYY-MM)."
        ),
        click.option("--text", help="Words that a source article must contain (full-text search)."),
        click.option("--limit", type=click.IntRange(min=1), help="At most this many incidents."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def query_from_options(
    country: str | None,
    event_type: str | None,
    date_from: str | None,
    date_to: str | None,
    text: str | None,
    limit: int | None,
) -> IncidentQuery:
    """Validate the filter options into an IncidentQuery, with messages that say what is accepted."""
    code = None
    if country:
        code = country_code(country)
        if code is None:
            raise click.BadParameter(
                f"unknown country {country!r}; use an ISO code like IQ or IRQ", param_hint="--country"
            )
    if event_type and event_type not in EVENT_TYPES and event_type not in SUB_EVENT_TYPES:
        choices = ", ".join(EVENT_TYPES)
        raise click.BadParameter(
            f"unknown type {event_type!r}; types are {choices}, or a sub-type", param_hint="--type"
        )
    return IncidentQuery(
        country=code,
        event_type=event_type,
        date_from=_date(date_from, "--from", last=False),
        date_to=_date(date_to, "--to", last=True),
        text=text,
        limit=limit,
    )


def _date(value: str | None, hint: str, *, last: bool) -> dt.date | None:
    if not value:
        return None
    try:
        if len(value) == 7:
            first = dt.date.fromisoformat(value + "-01")
            return first.replace(day=calendar.monthrange(first.year, first.month)[1]) if last else first
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a date like 2019-12-31 or 2019-12", param_hint=hint
        ) from None
