"""The fusion reports of stored events, read once and kept from batch to batch (`ReportCache`).

`kroniek.store.fusing` re-clusters the neighbourhood of each batch through these; most of it was read
by the batches before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from kroniek import fusion
from kroniek.model import month_end
from kroniek.store.backends import Backend
from kroniek.store.rows import EVENT_JOINS, EVENT_SELECT, as_optional_date, event_from_row

_CHUNK = 500


def chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def marks(n: int) -> str:
    return ", ".join("?" * n)


class ReportCache:
    """Reports already read, by event id: a component touched by batch after batch is read once.

    Event ids are reused when an article is replaced, so a cached report is only good while no
    article was replaced since it was read. Every writer counts its replacements in `store_state`
    (inside its transaction, and transactions are serialised on both backends), so `check` at the
    start of a transaction sees whether any process replaced articles since this cache last looked,
    and forgets everything if one did. `clear` after a failed transaction (it may hold reports of
    events that were rolled back).
    """

    def __init__(self, limit: int = 200_000) -> None:
        self.limit = limit
        self.reports: dict[str, fusion.Report] = {}
        self.replaced: int | None = None  # the store's replacement count these reports belong to
        # Incidents fused from these reports, by their members (event id, rule, report): most
        # incidents of a neighbourhood come out of a batch unchanged.
        self.fused: dict[tuple[tuple[str, str, int], ...], fusion.Incident] = {}
        self.codings = fusion.Codings()

    def fuse(self, members: tuple[fusion.Member, ...]) -> fusion.Incident:
        # id(): the report objects themselves (a forgotten event id read again is another object;
        # the cached incident keeps the old objects alive, so their ids are not reused meanwhile).
        key = tuple((m.report.event_id, m.rule, id(m.report)) for m in members)
        incident = self.fused.get(key)
        if incident is None:
            if len(self.fused) > self.limit:
                self.fused.clear()
            incident = self.fused[key] = fusion.fuse(members)
        return incident

    def relations(self) -> fusion.Codings:
        """The codings and relations kept from batch to batch (started afresh when grown too large)."""
        if len(self.codings.relations) > 4 * self.limit or len(self.codings.reports) > self.limit:
            self.codings = fusion.Codings()
        return self.codings

    def check(self, replaced: int) -> None:
        """Keep the reports if `replaced` (the store's count now) is the count they were read at."""
        if replaced != self.replaced:
            self.clear()
            self.replaced = replaced

    def forget(self, event_ids: Iterable[str] = ()) -> None:
        for eid in event_ids:
            self.reports.pop(eid, None)

    def clear(self) -> None:
        self.reports.clear()
        self.fused.clear()
        self.codings = fusion.Codings()
        self.replaced = None


def load_reports(
    backend: Backend, event_ids: list[str], cache: ReportCache | None = None
) -> list[fusion.Report]:
    """The fusion reports of these stored events (those found), read through `cache` when given."""
    return cached_reports(
        backend, event_ids, cache if cache is not None else ReportCache(limit=len(event_ids) + 1)
    )


def cached_reports(backend: Backend, event_ids: list[str], cache: ReportCache) -> list[fusion.Report]:
    known = cache.reports
    missing = [eid for eid in event_ids if eid not in known]
    if len(known) + len(missing) > cache.limit:
        known.clear()
        missing = event_ids
    for part in chunks(missing):
        rows = backend.query(
            f"SELECT e.id, e.article_id, a.doc_date, a.doc_date_precision, {EVENT_SELECT} FROM events e "
            f"JOIN articles a ON a.id = e.article_id {EVENT_JOINS} WHERE e.id IN ({marks(len(part))})",
            part,
        )
        apart = _told_apart(backend, sorted({row[1] for row in rows}))
        for row in rows:
            reported = as_optional_date(row[2])
            if reported is not None and row[3] == "month":
                # Published some day that month: count it as late, so that it does not name the incident.
                reported = month_end(reported)
            event = event_from_row(row[4:])
            known[row[0]] = fusion.Report(row[0], row[1], reported, event, apart.get(row[0], frozenset()))
    return [known[eid] for eid in event_ids if eid in known]


def _told_apart(backend: Backend, article_ids: list[str]) -> dict[str, frozenset[str]]:
    """Event id -> the event types of its article's other events at its place and window (`Report.apart`)."""
    spots: dict[tuple[str, Any, str, str], list[tuple[str, str]]] = {}
    for part in chunks(article_ids):
        for event_id, article_id, event_type, place_id, start, end in backend.query(
            "SELECT id, article_id, event_type, place_id, date_start, date_end FROM events "
            f"WHERE article_id IN ({marks(len(part))})",
            part,
        ):
            spots.setdefault((article_id, place_id, start, end), []).append((event_id, event_type))
    apart: dict[str, frozenset[str]] = {}
    for events in spots.values():
        if len(events) > 1:
            for event_id, event_type in events:
                others = frozenset(t for other, t in events if other != event_id and t != event_type)
                if others:
                    apart[event_id] = others
    return apart
