"""`kroniek changes`: what changed in the chronicle since a date, as JSON lines, to keep a copy in sync."""

from __future__ import annotations

import datetime as dt
import json

import click

from kroniek.cli.store_options import db_option, open_or_fail


def parse_since(text: str) -> int:
    """Unix seconds of "2024-03-12" (midnight UTC), "2024-03-12T08:00:00+01:00" or "1710201600"."""
    value = text.strip()
    if value.isdigit():
        return int(value)
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(
            f"{text!r} is not a date (2024-03-12), a time (ISO 8601) or unix seconds"
        ) from exc
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return int(when.timestamp())


@click.command()
@click.option(
    "--since",
    required=True,
    metavar="DATE",
    help="Changes at or after: YYYY-MM-DD, ISO time (UTC if no zone) or unix seconds.",
)
@db_option
@click.option("--limit", type=click.IntRange(min=1), help="At most this many changes (the oldest first).")
def changes(since: str, db: str, limit: int | None) -> None:
    """Print every incident change since DATE, oldest first, one JSON object per line.

    Each line: `seq` (the order), `incident_id`, `at` (ISO, UTC) and `timestamp` (unix, ACLED's
    `timestamp`), `kind` (created, updated, merged, removed), `changes` ({field: [before, after]}),
    `reports` (the article ids that brought the change), `related` (created: the incidents it replaces;
    merged: the incidents it went into). To sync a copy: upsert created and updated incidents (read them
    with `kroniek show ID --json`), delete merged and removed ones, and ask next time from the last `at`.
    """
    start = parse_since(since)
    with open_or_fail(db) as store:
        for change in store.changes(start, limit):
            click.echo(json.dumps(change.to_dict(), ensure_ascii=False))
