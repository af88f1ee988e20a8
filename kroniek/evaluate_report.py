"""How an evaluation `Report` is shown: a JSON-ready dict, or a compact text table.

The text puts the per-article errors (if asked for) first and the headline figures
last, so `kroniek eval ... | tail -n 20` shows the scores.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kroniek.evaluate import (
    FIELDS,
    ArticleScore,
    Pair,
    Record,
    Report,
    actor1_type,
    country_of,
    mismatches,
    place_name,
)

FIELD_LABELS = {name: name.replace("actor1_", "actor1.") for name in FIELDS}
EVIDENCE_CHARS = 160


def report_dict(report: Report, show_errors: bool = False) -> dict[str, object]:
    """The report as plain JSON values; `errors` lists each article's misses, false alarms, disagreements."""
    clean, negatives = report.negatives
    out: dict[str, object] = {
        "source": report.source,
        "articles": len(report.articles),
        "core_gold": sum(a.core_gold for a in report.articles),
        "optional_gold": sum(a.optional_gold for a in report.articles),
        "predicted": sum(a.predicted for a in report.articles),
        "overall": report.overall.to_dict(),
        "by_lang": {lang: tally.to_dict() for lang, tally in report.by_lang.items()},
        "negatives": {
            "clean": clean,
            "total": negatives,
            "not_clean": [a.id for a in report.articles if a.negative and a.false_alarms],
        },
        "optional_matched": report.optional_matched,
        "fields": {
            name: {"agree": agree, "total": total, "share": _round(report.share(name))}
            for name, (agree, total) in report.fields.items()
        },
    }
    if report.unpredicted:
        out["unpredicted"] = list(report.unpredicted)
    if show_errors:
        out["errors"] = [_article_errors(a) for a in report.articles if _has_errors(a)]
    return out


def report_text(report: Report, show_errors: bool = False) -> str:
    """A compact table of the scores, preceded by the error listing when `show_errors`."""
    lines: list[str] = []
    if show_errors:
        lines += _error_lines(report)
    lines += _summary_lines(report)
    return "\n".join(lines)


def event_summary(event: Record) -> dict[str, object]:
    """The fields of a gold or predicted event that the scoring looks at, plus its evidence texts."""
    return {
        "event_type": event.get("event_type"),
        "sub_event_type": event.get("sub_event_type"),
        "date": event.get("date"),
        "date_precision": event.get("date_precision"),
        "country": country_of(event),
        "location": place_name(event),
        "fatalities": event.get("fatalities"),
        "injuries": event.get("injuries"),
        "actor1_type": actor1_type(event),
        "evidence": _evidence(event),
    }


def _summary_lines(report: Report) -> list[str]:
    arts = report.articles
    langs = ", ".join(f"{lang} {sum(a.lang == lang for a in arts)}" for lang in report.by_lang)
    lines = [
        f"kroniek eval {report.source}: {len(arts)} articles ({langs}); "
        f"{sum(a.core_gold for a in arts)} core + {sum(a.optional_gold for a in arts)} optional gold events; "
        f"{sum(a.predicted for a in arts)} predicted",
    ]
    if report.unpredicted:
        shown = ", ".join(report.unpredicted[:5]) + (" ..." if len(report.unpredicted) > 5 else "")
        lines.append(f"warning: {len(report.unpredicted)} gold article(s) had no predicted record: {shown}")
    lines.append(f"{'core events':<14}{'P':>7}{'R':>7}{'F1':>7}{'TP':>6}{'FP':>6}{'FN':>6}")
    rows = [("overall", report.overall)] + [(f"  {lang}", tally) for lang, tally in report.by_lang.items()]
    for label, t in rows:
        lines.append(f"{label:<14}{t.precision:>7.3f}{t.recall:>7.3f}{t.f1:>7.3f}{t.tp:>6}{t.fp:>6}{t.fn:>6}")
    clean, negatives = report.negatives
    lines.append(f"negatives clean: {clean} of {negatives}")
    lines.append(f"matched optional gold events: {report.optional_matched} (neither TP nor FP)")
    matched = report.overall.tp
    lines.append(f"agreement on {matched} matched core event{'s' if matched != 1 else ''}:")
    for name, (agree, total) in report.fields.items():
        share = report.share(name)
        figure = f"{share:.3f}" if share is not None else "  -  "
        lines.append(f"  {FIELD_LABELS[name]:<16}{figure:>7}  ({agree}/{total})")
    return lines


def _error_lines(report: Report) -> list[str]:
    lines = ["errors: MISS = core gold event not found; FA = prediction matching no gold event; "
             "DIFF = matched, fields differ (got X, gold Y)"]  # fmt: skip
    for article in report.articles:
        if not _has_errors(article):
            continue
        counts = (
            f"{len(article.misses)} miss, {len(article.false_alarms)} FA, {len(article.disagreements)} DIFF"
        )
        kind = ", negative" if article.negative else ""
        lines.append(f"== {article.id} [{article.lang}{kind}] {counts}")
        for gold in article.misses:
            lines += _event_lines("MISS", gold)
            hint = _nearest(gold, article.false_alarms)
            if hint:
                lines.append(f"{'':9}nearest: {hint}")
        for number, predicted in enumerate(article.false_alarms, 1):
            lines += _event_lines(f"FA{number}", predicted)
        for pair in article.disagreements:
            lines.append(f"  {'DIFF':<6} {_headline(pair.gold)}: {_differences(pair)}")
    lines.append("")
    return lines


def _event_lines(tag: str, event: Record) -> list[str]:
    fields = event_summary(event)
    details = (
        f"{_headline(event)} {fields['location'] or '-'}"
        f"  killed {_show(fields['fatalities'])} injured {_show(fields['injuries'])}"
        f"  actor1 {_show(fields['actor1_type'])}"
    )
    lines = [f"  {tag:<6} {details}"]
    for text in fields["evidence"]:  # type: ignore[attr-defined]
        lines.append(f'{"":9}"{_clip(text)}"')
    return lines


def _headline(event: Record) -> str:
    return (
        f"{event.get('event_type')}/{event.get('sub_event_type')} "
        f"{event.get('date')} {event.get('date_precision') or 'day'} {country_of(event) or '--'}"
    )


def _differences(pair: Pair) -> str:
    got, want = event_summary(pair.predicted), event_summary(pair.gold)
    return "; ".join(
        f"{FIELD_LABELS[name]} {_show(got[name])} (gold {_show(want[name])})"
        for name, same in pair.agreement.items()
        if not same
    )


def _nearest(gold: Record, false_alarms: tuple[Record, ...]) -> str:
    """Which false alarm comes closest to a missed gold event, and what keeps them apart."""
    best: tuple[int, int, list[str]] | None = None
    for number, predicted in enumerate(false_alarms, 1):
        failed = mismatches(predicted, gold)
        if len(failed) < 3 and (best is None or len(failed) < len(best[2])):
            best = (number, len(failed), failed)
    if best is None:
        return ""
    number, _, failed = best
    predicted = false_alarms[number - 1]
    why = {
        "event_type": f"type {predicted.get('event_type')} (gold {gold.get('event_type')})",
        "country": f"country {country_of(predicted)} (gold {country_of(gold)})",
        "date": (
            f"date {predicted.get('date_start') or predicted.get('date')}..{predicted.get('date_end') or ''}"
            f" {predicted.get('date_precision')} (gold {gold.get('date')} {gold.get('date_precision')})"
        ),
    }
    return f"FA{number} differs in " + "; ".join(why[name] for name in failed)


def _article_errors(article: ArticleScore) -> dict[str, Any]:
    return {
        "id": article.id,
        "lang": article.lang,
        "negative": article.negative,
        "misses": [event_summary(e) for e in article.misses],
        "false_alarms": [event_summary(e) for e in article.false_alarms],
        "disagreements": [
            {
                "gold": event_summary(pair.gold),
                "predicted": event_summary(pair.predicted),
                "fields": [name for name, same in pair.agreement.items() if not same],
            }
            for pair in article.disagreements
        ],
    }


def _has_errors(article: ArticleScore) -> bool:
    return bool(article.misses or article.false_alarms or article.disagreements)


def _evidence(event: Record) -> list[str]:
    texts = []
    for item in event.get("evidence") or []:
        text = item.get("text") if isinstance(item, Mapping) else item
        if isinstance(text, str):
            texts.append(text)
    return texts


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EVIDENCE_CHARS else flat[: EVIDENCE_CHARS - 3] + "..."


def _show(value: object) -> str:
    return "-" if value is None else str(value)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
