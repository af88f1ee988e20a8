"""Scoring fusion end to end: store a gold file's articles, read back the incidents, count pairs.

`../shared/devset/README.md` defines the score: over pairs of matched gold events from different
articles, a pair is right when the system puts both in one incident exactly when their `incident`
labels are equal; core-core pairs count for recall. Each article is extracted and its predictions
matched to its gold events exactly as `kroniek eval` does (`evaluate.score_article`); the articles
are then stored in a throwaway SQLite database by the same code as `kroniek ingest`, so the
incidents scored are the ones a user would get.

Pairs the system should have fused fall into three bins, so that a miss can be blamed on the right
stage: a side not extracted (no prediction matched that gold event), extracted but not fused, and
(for precision) fused though the labels differ.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path
from typing import Any

from kroniek.evaluate import Record, score_article
from kroniek.model import Article, ArticleResult


@dataclass(frozen=True, slots=True)
class GoldReport:
    """One gold event of one article, with the incident the system put its matched prediction in."""

    article_id: str
    label: str
    core: bool
    gold: Record
    predicted: Record | None  # the prediction matched to it, None when nothing was
    incident: str | None  # the system's incident of that prediction


@dataclass(frozen=True, slots=True)
class PairOutcome:
    a: GoldReport
    b: GoldReport
    kind: str  # "fused", "not extracted", "not fused", "fused wrongly"


@dataclass(frozen=True)
class FusionReport:
    """Pair counts over a gold file; `pairs` keeps every scored pair for `--show-errors`."""

    reports: tuple[GoldReport, ...]
    pairs: tuple[PairOutcome, ...] = field(repr=False)
    source: str = ""

    def count(self, kind: str) -> int:
        return sum(p.kind == kind for p in self.pairs)

    @property
    def gold_pairs(self) -> int:
        """Core-core pairs of one incident: the recall's denominator."""
        return sum(p.kind in ("fused", "not extracted", "not fused") for p in self.pairs)

    @property
    def extracted_pairs(self) -> int:
        return self.count("fused") + self.count("not fused")

    @property
    def predicted_pairs(self) -> int:
        """Pairs of matched gold events the system put in one incident: the precision's denominator."""
        return self.count("fused") + self.count("fused optional") + self.count("fused wrongly")

    def figures(self) -> dict[str, float | int | None]:
        right = self.count("fused") + self.count("fused optional")
        precision = right / self.predicted_pairs if self.predicted_pairs else None
        recall = self.count("fused") / self.gold_pairs if self.gold_pairs else None
        f1 = (
            2 * precision * recall / (precision + recall)
            if precision is not None and recall is not None and precision + recall
            else None
        )
        return {
            "gold_pairs": self.gold_pairs,
            "fused": self.count("fused"),
            "not_extracted": self.count("not extracted"),
            "not_fused": self.count("not fused"),
            "fused_wrongly": self.count("fused wrongly"),
            "fused_share_of_extracted": (
                self.count("fused") / self.extracted_pairs if self.extracted_pairs else None
            ),
            "precision": precision,
            "recall": recall,
            "f1": f1,
            "near_miss_merges": len(self.near_miss_merges()),
        }

    def near_miss_merges(self) -> list[PairOutcome]:
        """Wrong fusions of two stories' main events (labels of different stories, both E events)."""
        return [
            p
            for p in self.pairs
            if p.kind == "fused wrongly"
            and _story(p.a.label) != _story(p.b.label)
            and _main(p.a)
            and _main(p.b)
        ]

    def to_dict(self, show_errors: bool = False) -> dict[str, object]:
        out: dict[str, object] = {"source": self.source, **self.figures()}
        if show_errors:
            out["errors"] = [_pair_dict(p) for p in self.pairs if p.kind not in ("fused", "fused optional")]
        return out

    def format_text(self, show_errors: bool = False) -> str:
        lines = []
        if show_errors:
            for p in self.pairs:
                if p.kind not in ("fused", "fused optional"):
                    lines.extend(_pair_lines(p))
        f = self.figures()
        lines.append(f"fusion pairs of {self.source}:")
        lines.append(
            f"  gold pairs (core, one incident, two articles): {f['gold_pairs']}; fused {f['fused']}, "
            f"a side not extracted {f['not_extracted']}, both extracted but not fused {f['not_fused']}"
        )
        lines.append(
            f"  fused among pairs whose both reports were extracted: {_pct(f['fused_share_of_extracted'])} "
            f"({f['fused']} of {self.extracted_pairs})"
        )
        lines.append(
            f"  fused wrongly {f['fused_wrongly']} (near-miss stories merged: {f['near_miss_merges']})"
        )
        lines.append(
            f"  pair precision {_num(f['precision'])}  recall {_num(f['recall'])}  F1 {_num(f['f1'])}"
        )
        return "\n".join(lines)


def evaluate_fusion(
    gold: Sequence[dict[str, Any]], source: str = "", rules_only: bool = False
) -> FusionReport:
    """Extract and store GOLD's articles (id, url and text only), then score the incidents pairwise."""
    from kroniek.pipeline import extract_article
    from kroniek.store import open_store

    detector = None if rules_only else "shipped"
    items: list[tuple[Article, ArticleResult]] = []
    for record in gold:
        article = Article(id=str(record["id"]), text=record["text"], url=record.get("url"))
        items.append((article, extract_article(article, detector)))
    with (
        tempfile.TemporaryDirectory(prefix="kroniek-fusion-") as tmp,
        open_store(str(Path(tmp) / "fusion.db")) as store,
    ):
        store.save_batch(items)
        incident_of = dict(store.backend.query("SELECT event_id, incident_id FROM incident_events"))
    return score_fusion(gold, [result for _, result in items], incident_of, source)


def score_fusion(
    gold: Sequence[dict[str, Any]],
    results: Sequence[ArticleResult],
    incident_of: dict[str, str],
    source: str = "",
) -> FusionReport:
    """Pairs over gold articles and their extraction results (same order); `incident_of` maps stored
    event ids to incident ids."""
    from kroniek.store.rows import event_id

    reports: list[GoldReport] = []
    for article, result in zip(gold, results, strict=True):
        article_id = str(article["id"])
        predicted = [event.to_dict() for event in result.events]
        index = {id(record): i for i, record in enumerate(predicted)}
        gold_events = list(article.get("events") or [])
        score = score_article(predicted, gold_events, article_id)
        matched = {id(pair.gold): pair.predicted for pair in score.pairs}
        for event in gold_events:
            label = event.get("incident")
            if not label:
                continue
            prediction = matched.get(id(event))
            incident = (
                incident_of.get(event_id(article_id, index[id(prediction)]))
                if prediction is not None
                else None
            )
            reports.append(
                GoldReport(article_id, str(label), bool(event["core"]), event, prediction, incident)
            )
    pairs = []
    for a, b in combinations(reports, 2):
        if a.article_id == b.article_id:
            continue
        kind = _pair_kind(a, b)
        if kind:
            pairs.append(PairOutcome(a, b, kind))
    return FusionReport(tuple(reports), tuple(pairs), source)


def _pair_kind(a: GoldReport, b: GoldReport) -> str | None:
    same = a.label == b.label
    both_matched = a.predicted is not None and b.predicted is not None
    fused = both_matched and a.incident is not None and a.incident == b.incident
    if same and a.core and b.core:
        if not both_matched:
            return "not extracted"
        return "fused" if fused else "not fused"
    if fused:
        # A right fusion that recall does not count (an optional side) still counts for precision.
        return "fused optional" if same else "fused wrongly"
    return None


def _story(label: str) -> str:
    return label.split("-", 1)[0]


def _main(report: GoldReport) -> bool:
    return "-E" in report.label


def _pct(value: float | int | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _num(value: float | int | None) -> str:
    return "-" if value is None else f"{value:.3f}"


_SHOWN = ("event_type", "sub_event_type", "date_start", "date_end", "fatalities")


def _fields(record: Record | None) -> str:
    if record is None:
        return "(not extracted)"
    values = [f"{name}={record.get(name)}" for name in _SHOWN if record.get(name) is not None]
    place, actor = record.get("location") or {}, record.get("actor1") or {}
    if isinstance(place, dict):
        values.append(f"place={place.get('name')},{place.get('admin1')},{place.get('country')}")
    if isinstance(actor, dict) and actor.get("name"):
        values.append(f"actor1={actor.get('name')}")
    return " ".join(values)


def _pair_dict(p: PairOutcome) -> dict[str, object]:
    return {
        "kind": p.kind,
        "labels": [p.a.label, p.b.label],
        "articles": [p.a.article_id, p.b.article_id],
        "incidents": [p.a.incident, p.b.incident],
        "predicted": [p.a.predicted, p.b.predicted],
    }


def _pair_lines(p: PairOutcome) -> list[str]:
    return [
        f"{p.kind}: {p.a.label} in {p.a.article_id} / {p.b.label} in {p.b.article_id}",
        f"    {p.a.article_id}: {_fields(p.a.predicted)}  [incident {p.a.incident}]",
        f"    {p.b.article_id}: {_fields(p.b.predicted)}  [incident {p.b.incident}]",
    ]
