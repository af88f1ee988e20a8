"""The living chronicle: when each incident was created, and every later change (which fields, from
what to what, which reports brought it), in the table `incident_changes`.

`record` runs inside `fusing.refuse`, in the batch's transaction, with what refuse knows: the incident
rows before (read by `before`) and the incidents after. An incident whose id changes (an earlier report
arrived later, and fusion names an incident after its earliest report) is `merged` into the new id,
which is `created` with `related` naming the id it replaces, so a copy kept in sync by
`kroniek changes --since` can delete the old and insert the new.

    >>> changes = changes_since(store.backend, since=1_700_000_000)  # doctest: +SKIP
    >>> changes[0].describe()  # doctest: +SKIP
    'updated: fatalities 20 -> 53, n_sources 1 -> 2, from report reuters-0412'
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kroniek import fusion
from kroniek.store.backends import Backend

# The fields a change names, in the order it names them (what a reader of the chronicle cares about).
FIELDS = (
    "event_type",
    "sub_event_type",
    "date_start",
    "date_end",
    "date_precision",
    "location",
    "country",
    "geo_precision",
    "actor1",
    "actor2",
    "fatalities",  # fusion keeps the lowest figure reported (ACLED's rule) ...
    "fatalities_high",  # ... and the highest here: a later, higher toll shows as a change of this one
    "injuries",
    "injuries_high",
    "n_sources",
)
_CHUNK = 500
# The values of a `created` row while its incident still has them (issue 11: most incidents never change
# after their creation, and their row holds the same values): written when the incident first changes
# or goes (`settle`), read from the incident until then (`_with_pending`).
PENDING = "null"


@dataclass(frozen=True, slots=True)
class IncidentChange:
    seq: int
    incident_id: str
    at: int  # unix time
    kind: str  # created | updated | merged | removed
    changes: dict[str, tuple[Any, Any]]  # field -> (before, after)
    reports: tuple[str, ...]  # article ids of the reports that joined the incident in this change
    related: tuple[str, ...]  # created: the incidents it replaces; merged: the incidents it went into

    def to_dict(self) -> dict[str, object]:
        return {
            "seq": self.seq,
            "incident_id": self.incident_id,
            "at": dt.datetime.fromtimestamp(self.at, dt.UTC).isoformat(timespec="seconds"),
            "timestamp": self.at,
            "kind": self.kind,
            "changes": {name: list(pair) for name, pair in self.changes.items()},
            "reports": list(self.reports),
            "related": list(self.related),
        }

    def describe(self) -> str:
        """One line: "updated: fatalities 20 -> 53, from report X"."""
        parts = []
        if self.kind == "updated":
            parts = [
                f"{name} {_show(before)} -> {_show(after)}" for name, (before, after) in self.changes.items()
            ]
        elif self.kind in ("merged", "created") and self.related:
            parts = [("into " if self.kind == "merged" else "replacing ") + ", ".join(self.related)]
        if self.reports:
            parts.append(
                ("from report " if len(self.reports) == 1 else "from reports ") + ", ".join(self.reports)
            )
        return f"{self.kind}: {', '.join(parts)}" if parts else self.kind


def before(backend: Backend, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The named fields of stored incidents, read before refuse rewrites them."""
    found: dict[str, dict[str, Any]] = {}
    wanted = sorted(ids)
    for start in range(0, len(wanted), _CHUNK):
        part = wanted[start : start + _CHUNK]
        rows = backend.query(
            "SELECT i.id, i.event_type, i.sub_event_type, i.date_start, i.date_end, i.date_precision, "
            "p.name, i.country, i.geo_precision, a1.name, a2.name, i.fatalities, i.fatalities_high, "
            "i.injuries, i.injuries_high, i.n_sources "
            "FROM incidents i LEFT JOIN places p ON p.id = i.place_id "
            "LEFT JOIN actors a1 ON a1.id = i.actor1_id LEFT JOIN actors a2 ON a2.id = i.actor2_id "
            f"WHERE i.id IN ({', '.join('?' * len(part))})",
            part,
        )
        for row in rows:
            values = [str(v) if isinstance(v, dt.date) else v for v in row[1:]]
            found[row[0]] = dict(zip(FIELDS, values, strict=True))
    return found


def fields_of(incident: fusion.Incident) -> dict[str, Any]:
    loc, window = incident.location, incident.window
    return dict(
        zip(
            FIELDS,
            (
                incident.event_type,
                incident.sub_event_type,
                window.start.isoformat(),
                window.end.isoformat(),
                window.precision,
                loc.name,
                loc.country,
                loc.precision,
                incident.actor1.name if incident.actor1 else None,
                incident.actor2.name if incident.actor2 else None,
                incident.fatalities.value,
                incident.fatalities.high,
                incident.injuries.value,
                incident.injuries.high,
                len(incident.article_ids),
            ),
            strict=True,
        )
    )


def record(
    backend: Backend,
    now: int,
    incidents: Iterable[fusion.Incident],
    old_fields: Mapping[str, dict[str, Any]],
    old_links: Mapping[str, tuple[str, str]],
    links: Mapping[str, tuple[str, str]],
    written: set[str],
    gone: Iterable[str],
) -> None:
    """Write the changes of one refuse: `written` are the incident ids whose rows were inserted or
    updated, `gone` those deleted; `old_fields` holds the rows before, `old_links` / `links` the
    incident of each event before and after."""
    rows: list[tuple[Any, ...]] = []
    for incident in incidents:
        if incident.id not in written:
            continue
        after = fields_of(incident)
        joined = [m for m in incident.members if old_links.get(m.report.event_id, ("",))[0] != incident.id]
        reports = sorted({m.report.article_id for m in joined})
        if incident.id not in old_fields:
            moved = [m for m in joined if m.report.event_id in old_links]
            replaced = sorted({old_links[m.report.event_id][0] for m in moved})
            # the reports that made it: new ones, not those it took over from the incidents it replaces
            reports = sorted({m.report.article_id for m in joined if m.report.event_id not in old_links})
            changes = {name: (None, value) for name, value in after.items() if value is not None}
            rows.append((incident.id, now, "created", changes, reports, replaced))
            continue
        previous = old_fields[incident.id]
        changes = {name: (previous[name], after[name]) for name in FIELDS if previous[name] != after[name]}
        if changes or reports:  # a change of fusion rules alone is not news
            rows.append((incident.id, now, "updated", changes, reports, []))
    gone = set(gone)
    went: dict[str, set[str]] = {}  # a gone incident -> the incidents its reports are in now
    for eid, (iid, _) in old_links.items():
        if iid in gone and eid in links:
            went.setdefault(iid, set()).add(links[eid][0])
    for incident_id in sorted(gone):
        into = sorted(went.get(incident_id, ()))
        rows.append((incident_id, now, "merged" if into else "removed", {}, [], into))
    backend.executemany(
        "INSERT INTO incident_changes (incident_id, at, kind, changes, reports, related) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (iid, at, kind, _compact(_stored_changes(kind, changes)), _compact(reports), _compact(related))
            for iid, at, kind, changes, reports, related in rows
        ],
    )


def settle(backend: Backend, ids: Iterable[str], known: Mapping[str, dict[str, Any]]) -> None:
    """Write the values of the pending `created` rows of incidents `ids`, which are about to be rewritten
    or deleted (call before that); `known` holds the fields of some of them already read (`before`)."""
    wanted = sorted(set(ids))
    pending: list[str] = []
    for start in range(0, len(wanted), _CHUNK):
        part = wanted[start : start + _CHUNK]
        sql = (
            f"SELECT incident_id FROM incident_changes WHERE incident_id IN ({', '.join('?' * len(part))}) "
            "AND kind = 'created' AND changes = ?"
        )
        pending += [row[0] for row in backend.query(sql, (*part, PENDING))]
    fields = {iid: known[iid] for iid in pending if iid in known}
    fields.update(before(backend, [iid for iid in pending if iid not in known]))
    backend.executemany(
        "UPDATE incident_changes SET changes = ? WHERE incident_id = ? AND kind = 'created' AND changes = ?",
        [(_compact(_created_values(fields[iid])), iid, PENDING) for iid in sorted(fields)],
    )


def settle_all(backend: Backend) -> None:
    """`settle` every pending row (before all incidents are dropped and computed again)."""
    rows = backend.query("SELECT DISTINCT incident_id FROM incident_changes WHERE changes = ?", (PENDING,))
    settle(backend, [row[0] for row in rows], {})


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _stored_changes(kind: str, changes: dict[str, tuple[Any, Any]]) -> dict[str, Any] | None:
    """A change's fields as stored: {field: [before, after]}; a created row's are pending (null, read
    from its incident until `settle` writes them with `_created_values`)."""
    if kind == "created":
        return None
    return {name: list(pair) for name, pair in changes.items()}


def _created_values(fields: Mapping[str, Any]) -> list[Any]:
    """A created row's values as `settle` stores them: in FIELDS order, null for none (every value
    before is none, so FIELDS is a storage format: append to it, never reorder). `_changes` reads these,
    {field: [before, after]}, and {field: [null, value]} created rows written before v6."""
    return [fields.get(name) for name in FIELDS]


def _changes(stored: str) -> dict[str, tuple[Any, Any]]:
    value = json.loads(stored)
    if isinstance(value, list):
        return {name: (None, after) for name, after in zip(FIELDS, value, strict=False) if after is not None}
    return {name: (pair[0], pair[1]) for name, pair in value.items()}


def changes_since(backend: Backend, since: int = 0, limit: int | None = None) -> list[IncidentChange]:
    """Every change at or after unix time `since`, in the order they were made."""
    sql = (
        "SELECT seq, incident_id, at, kind, changes, reports, related FROM incident_changes "
        "WHERE at >= ? ORDER BY seq"
    )
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return _with_pending(backend, backend.query(sql, (since,)))


def history(backend: Backend, incident_id: str) -> list[IncidentChange]:
    """The changes of one incident, oldest first."""
    rows = backend.query(
        "SELECT seq, incident_id, at, kind, changes, reports, related FROM incident_changes "
        "WHERE incident_id = ? ORDER BY seq",
        (incident_id,),
    )
    return _with_pending(backend, rows)


def _with_pending(backend: Backend, rows: list[tuple[Any, ...]]) -> list[IncidentChange]:
    """The changes of `rows`, a pending created row with the values its incident has now (see `settle`)."""
    current = before(backend, [row[1] for row in rows if row[4] == PENDING])
    return [_change(row, current) for row in rows]


def _change(row: tuple[Any, ...], current: Mapping[str, dict[str, Any]]) -> IncidentChange:
    seq, incident_id, at, kind, changes, reports, related = row
    if changes == PENDING:
        # Its incident is as created (anything that rewrites or deletes it settles the row first).
        values = current.get(incident_id, {})
        changed = {name: (None, values[name]) for name in FIELDS if values.get(name) is not None}
    else:
        changed = _changes(changes)
    return IncidentChange(
        seq=int(seq),
        incident_id=incident_id,
        at=int(at),
        kind=kind,
        changes=changed,
        reports=tuple(json.loads(reports)),
        related=tuple(json.loads(related)),
    )


def _show(value: object) -> str:
    return "none" if value is None else str(value)
