"""`kroniek show`: one incident with its fields, how they were fused, its sources and their evidence."""

from __future__ import annotations

import json
import re

import click

from kroniek.cli.store_options import db_option, open_or_fail
from kroniek.export.acled import event_id_cnty
from kroniek.fusion import Range
from kroniek.model import Actor, Span
from kroniek.store import Store, StoredIncident

# Sentence ends, for widening a short evidence span to its sentence (punctuation, not language data).
_ENDS = ".!?\n"
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


@click.command()
@click.argument("incident_id")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the incident as JSON.")
def show(incident_id: str, db: str, as_json: bool) -> None:
    """Show incident INCIDENT_ID: fused fields, rules, source articles and evidence sentences."""
    with open_or_fail(db, read_only=True) as store:
        incident = store.get_incident(incident_id.strip().lower())
        if incident is None:
            raise click.ClickException(
                f"no incident {incident_id!r} in {db} (list them with `kroniek events`)"
            )
        changes = store.history(incident.id)
        if as_json:
            record = incident.to_dict() | {"history": [change.to_dict() for change in changes]}
            click.echo(json.dumps(record, ensure_ascii=False, indent=2))
        else:
            click.echo(printable(describe(incident, store)))
            if changes:
                click.echo(f"History ({len(changes)} changes)")
                for change in changes:
                    when = change.to_dict()["at"]
                    click.echo(printable(f"  {when}  {change.describe()}"))


def printable(text: str) -> str:
    """`text` with control characters other than line ends shown as \\x.. escapes: ids, urls and
    evidence come from the input, and a terminal would run an escape sequence among them."""
    return _CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)


def describe(incident: StoredIncident, store: Store) -> str:
    loc, window = incident.location, incident.window
    place = ", ".join(p for p in (loc.name, loc.admin1, loc.country) if p) or "unknown"
    if loc.lat is not None and loc.lon is not None:
        place += f"  ({loc.lat:.4f}, {loc.lon:.4f}; geo precision {loc.precision})"
    lines = [
        f"Incident {incident.id}  ({event_id_cnty(incident.id, loc.country)})",
        f"  type        {incident.event_type} / {incident.sub_event_type}",
        f"  date        {window.start.isoformat()} .. {window.end.isoformat()}  ({window.precision})",
        f"  place       {place}",
        f"  actor 1     {_actor(incident.actor1)}",
        f"  actor 2     {_actor(incident.actor2)}",
        f"  fatalities  {_range(incident.fatalities)}",
        f"  injuries    {_range(incident.injuries)}",
    ]
    lines += [f"  fused       {rule}" for rule in incident.rules]
    lines.append(f"Sources ({len(incident.article_ids)} articles)")
    for source in incident.sources:
        event = source.event
        loc = event.location
        when, where = event.window.start.isoformat(), loc.name or loc.admin1 or loc.country or "?"
        lines.append(f"  {source.article_id}  [{source.lang or '?'}, {source.doc_date or 'undated'}]")
        if source.url:
            lines.append(f"    {source.url}")
        lines.append(f"    merged by: {source.rule}")
        lines.append(
            f"    coded: {event.sub_event_type}, {when} ({event.window.precision}), {where}, "
            f"fatalities {_value(event.fatalities)}, injuries {_value(event.injuries)}"
        )
        text = store.article_text(source.article_id) or ""
        for span in event.evidence:
            lines.append(f'    "{sentence(text, span)}"')
    return "\n".join(lines)


def sentence(text: str, span: Span) -> str:
    """The sentence around a span of `text` (the span itself when the text does not match it)."""
    if text[span.start : span.end] != span.text:
        return span.text
    start = max(text.rfind(c, 0, span.start) for c in _ENDS) + 1
    ends = [i for i in (text.find(c, span.end) for c in _ENDS) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    return " ".join(text[start:end].split())


def _actor(actor: Actor | None) -> str:
    if actor is None:
        return "-"
    return f"{actor.name} ({actor.type}{', ' + actor.country if actor.country else ''})"


def _range(rng: Range) -> str:
    if rng.value is None:
        return "not reported"
    spread = f"  (reports: {rng.low}-{rng.high}, lowest kept)" if rng.low != rng.high else ""
    return f"{rng.value}{spread}"


def _value(value: int | None) -> str:
    return "-" if value is None else str(value)
