"""Toll sanity at incident level: every reported figure with its source, and flags for suspect ones.

Two flags, per figure and for the incident:

- `above_sources`: a figure far above what the incident's other sources report (more than `ratio` times
  their median and at least `margin` more: kroniek/data/toll_limits.toml);
- `implausible`: a figure above what one event of its sub-event type plausibly has (same file).

An incident is flagged with a flag when its own fatality figure carries it, or any source's figure does.
Flags never change a figure: they show a reader where to look.
"""

from __future__ import annotations

import functools
import statistics
import tomllib
from dataclasses import dataclass
from importlib import resources

from kroniek.store.records import StoredIncident

ABOVE_SOURCES = "above_sources"
IMPLAUSIBLE = "implausible"


@dataclass(frozen=True, slots=True)
class ReportedFigure:
    """One source's figure of killed or injured."""

    article_id: str
    kind: str  # "fatalities" | "injuries"
    value: int
    flags: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "kind": self.kind,
            "value": self.value,
            "flags": list(self.flags),
        }


@dataclass(frozen=True, slots=True)
class TollCheck:
    figures: tuple[ReportedFigure, ...]
    flags: tuple[str, ...]  # for the incident

    def to_dict(self) -> dict[str, object]:
        return {"figures": [f.to_dict() for f in self.figures], "flags": list(self.flags)}

    def reported(self, kind: str = "fatalities") -> str:
        """ "12 [en-1]; 502 [fr-1] (implausible)": the figures of one kind as text for a CSV cell."""
        parts = []
        for f in self.figures:
            if f.kind == kind:
                parts.append(f"{f.value} [{f.article_id}]" + (f" ({', '.join(f.flags)})" if f.flags else ""))
        return "; ".join(parts)


@functools.cache
def limits() -> dict[str, dict[str, float]]:
    text = resources.files("kroniek").joinpath("data", "toll_limits.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def limit(sub_event_type: str) -> float:
    """The largest toll one event of this sub-event type plausibly has."""
    table = limits()["fatalities"]
    return table.get(sub_event_type, table["default"])


def is_outlier(value: int, others: list[int]) -> bool:
    """Is `value` far above the median of `others`?

    >>> is_outlier(500, [2, 3]), is_outlier(3, [1]), is_outlier(40, [4, 5])
    (True, False, True)
    """
    if not others:
        return False
    rule = limits()["outlier"]
    median = statistics.median(others)
    return value > rule["ratio"] * max(median, 1) and value - median >= rule["margin"]


def incident_flags(sub_event_type: str, own: int | None, reported: list[int]) -> tuple[str, ...]:
    """The flags of an incident from its own fatality figure and its sources' figures.

    >>> incident_flags("remote_explosive_landmine_ied", 2, [2, 2, 502])
    ('above_sources', 'implausible')
    """
    found = set()
    for i, value in enumerate(reported):
        if is_outlier(value, reported[:i] + reported[i + 1 :]):
            found.add(ABOVE_SOURCES)
        if value > limit(sub_event_type):
            found.add(IMPLAUSIBLE)
    if own is not None and own > limit(sub_event_type):
        found.add(IMPLAUSIBLE)
    return tuple(sorted(found))


def check_tolls(incident: StoredIncident) -> TollCheck:
    """Every figure the sources report, flagged; the incident's flags."""
    figures: list[ReportedFigure] = []
    for kind in ("fatalities", "injuries"):
        reported = [(s.article_id, getattr(s.event, kind)) for s in incident.sources]
        values = [(aid, v) for aid, v in reported if v is not None]
        for i, (aid, value) in enumerate(values):
            others = [v for j, (_, v) in enumerate(values) if j != i]
            flags = []
            if is_outlier(value, others):
                flags.append(ABOVE_SOURCES)
            if kind == "fatalities" and value > limit(incident.sub_event_type):
                flags.append(IMPLAUSIBLE)
            figures.append(ReportedFigure(aid, kind, value, tuple(flags)))
    reported = [f.value for f in figures if f.kind == "fatalities"]
    flags = incident_flags(incident.sub_event_type, incident.fatalities.value, reported)
    return TollCheck(tuple(figures), flags)
