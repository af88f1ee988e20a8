"""`kroniek events`: list the incidents in the database that match some filters."""

from __future__ import annotations

import json

import click

from kroniek.cli.show import printable
from kroniek.cli.store_options import db_option, filter_options, open_or_fail, query_from_options
from kroniek.store import StoredIncident


@click.command()
@db_option
@filter_options
@click.option("--json", "as_json", is_flag=True, help="One JSON object per incident (with its sources).")
def events(db: str, as_json: bool, **filters: object) -> None:
    """List incidents (real-world events fused from their reports), earliest first.

    Example: kroniek events --country IQ --type riots --from 2019-12-01 --text ambassade
    """
    query = query_from_options(**filters)  # type: ignore[arg-type]
    with open_or_fail(db, read_only=True) as store:
        count = 0
        for incident in store.incidents(query):
            click.echo(
                json.dumps(incident.to_dict(), ensure_ascii=False)
                if as_json
                else printable(summary_line(incident))
            )
            count += 1
    if not as_json:
        click.echo(f"{count} incident(s)", err=True)


def summary_line(incident: StoredIncident) -> str:
    """id, date (precision), type/sub-type, place, fatalities, number of sources: one line."""
    loc = incident.location
    place = ", ".join(p for p in (loc.name, loc.admin1, loc.country) if p) or "?"
    deaths = "-" if incident.fatalities.value is None else str(incident.fatalities.value)
    date = incident.window.start.isoformat()
    if incident.window.precision != "day":
        date += f"..{incident.window.end.isoformat()}"
    return (
        f"{incident.id}  {date:<10}  {incident.event_type}/{incident.sub_event_type}  {place}  "
        f"fatalities {deaths}  sources {len(incident.article_ids)}"
    )
