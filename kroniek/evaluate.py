"""Scoring predicted events against hand-coded gold events, exactly as the dev set's README defines.

Works on plain JSON records, so the same scorer reads the extractor's own output
(`Event.to_dict()`), a saved `kroniek extract` file, or a gold file:

- gold article: {"id", "lang", "url", "text", "events": [gold event, ...]} (see CODEBOOK.md);
- predicted article: {"id", "events": [event, ...]} with events as `Event.to_dict()` writes them.

    >>> gold = [{"id": "a", "lang": "en", "events": [{"core": True, "event_type": "riots",
    ...     "sub_event_type": "mob_violence", "date": "2020-01-05", "date_precision": "day", "country": "NL",
    ...     "location": "Utrecht", "actor1": None, "fatalities": None, "injuries": 2, "evidence": []}]}]
    >>> predicted = [{"id": "a", "events": [{"event_type": "riots", "sub_event_type": "mob_violence",
    ...     "date": "2020-01-04", "date_precision": "day",
    ...     "location": {"name": "Utrecht", "country": "NL"}}]}]
    >>> score_records(predicted, gold).overall.f1
    1.0
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kroniek.assignment import max_weight_assignment
from kroniek.model import Article, month_end

Record = Mapping[str, Any]

# The fields compared on matched core pairs, in report order.
FIELDS: tuple[str, ...] = ("sub_event_type", "date", "location", "fatalities", "injuries", "actor1_type")

# Place-name normalisation, as the README states it: these are part of the scoring
# definition (language-neutral), not language knowledge of the extractor.
_ARTICLES = frozenset({"al", "el", "the"})
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘ʼ`´′"), None)
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—]+")


class GoldError(ValueError):
    """A gold or prediction file that cannot be scored; the message names the file/line or article."""


@dataclass(frozen=True, slots=True)
class Tally:
    """Core-event counts: TP matched core gold events, FP unmatched predictions, FN unmatched core gold."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True, slots=True)
class Pair:
    """A prediction matched to a gold event; `agreement` is filled for core gold events only."""

    gold: Record
    predicted: Record
    core: bool
    agreement: Mapping[str, bool] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ArticleScore:
    """The outcome for one gold article."""

    id: str
    lang: str
    core_gold: int
    optional_gold: int
    predicted: int
    pairs: tuple[Pair, ...]
    misses: tuple[Record, ...]  # core gold events left unmatched
    false_alarms: tuple[Record, ...]  # predictions left unmatched

    @property
    def tally(self) -> Tally:
        return Tally(sum(p.core for p in self.pairs), len(self.false_alarms), len(self.misses))

    @property
    def negative(self) -> bool:
        """An article without any core gold event."""
        return self.core_gold == 0

    @property
    def disagreements(self) -> tuple[Pair, ...]:
        return tuple(p for p in self.pairs if p.core and not all(p.agreement.values()))


@dataclass(frozen=True)
class Report:
    """All articles' outcomes and the figures the README asks for (laid out by `kroniek.evaluate_report`,
    which imports this module: the data does not import its layout)."""

    articles: tuple[ArticleScore, ...]
    source: str = ""
    unpredicted: tuple[str, ...] = ()  # gold ids that a predictions file did not contain

    @functools.cached_property
    def overall(self) -> Tally:
        return sum((a.tally for a in self.articles), Tally())

    @functools.cached_property
    def by_lang(self) -> dict[str, Tally]:
        """Tallies per gold `lang`, most articles first."""
        counts: dict[str, int] = {}
        tallies: dict[str, Tally] = {}
        for article in self.articles:
            counts[article.lang] = counts.get(article.lang, 0) + 1
            tallies[article.lang] = tallies.get(article.lang, Tally()) + article.tally
        return {lang: tallies[lang] for lang in sorted(counts, key=lambda lang: (-counts[lang], lang))}

    @property
    def negatives(self) -> tuple[int, int]:
        """(clean, total): negative articles that got no unmatched prediction."""
        negative = [a for a in self.articles if a.negative]
        return sum(not a.false_alarms for a in negative), len(negative)

    @property
    def optional_matched(self) -> int:
        return sum(not p.core for a in self.articles for p in a.pairs)

    @functools.cached_property
    def fields(self) -> dict[str, tuple[int, int]]:
        """Field name -> (agreeing, matched core pairs)."""
        core = [p for a in self.articles for p in a.pairs if p.core]
        return {name: (sum(p.agreement[name] for p in core), len(core)) for name in FIELDS}

    def share(self, name: str) -> float | None:
        """The share of matched core pairs agreeing on a field; None when nothing matched."""
        agree, total = self.fields[name]
        return agree / total if total else None


def normalise_place(name: str | None) -> str | None:
    """A place name reduced for comparison: lower case, no accents, hyphens, apostrophes, al/el/the.

    Words are split at spaces and hyphens, the articles dropped, the rest joined
    without spaces, so spelling variants of the same name compare equal.

    >>> [normalise_place(n) for n in ("Al-Hillah", "'s-Hertogenbosch", "The Hague", "Port au Prince")]
    ['hillah', 'shertogenbosch', 'hague', 'portauprince']
    >>> normalise_place("Pátzcuaro") == normalise_place("Patzcuaro")
    True
    """
    if not name:
        return None
    text = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = _SEPARATORS.split(text.casefold().translate(_APOSTROPHES))
    return "".join(w for w in words if w and w not in _ARTICLES) or None


def mismatches(predicted: Record, gold: Record) -> list[str]:
    """Which compatibility criteria fail: "event_type", "country", "date" (empty: compatible).

    Dates: within one day when both are day-precise, otherwise the windows overlap.
    """
    failed = []
    if predicted.get("event_type") != gold.get("event_type"):
        failed.append("event_type")
    if country_of(predicted) != country_of(gold):
        failed.append("country")
    if not _dates_compatible(predicted, gold):
        failed.append("date")
    return failed


def agreement(predicted: Record, gold: Record) -> dict[str, bool]:
    """Which fields of a matched pair agree, per `FIELDS`."""
    return {
        "sub_event_type": predicted.get("sub_event_type") == gold.get("sub_event_type"),
        "date": _day(predicted.get("date")) == _day(gold.get("date")),
        "location": normalise_place(place_name(predicted)) == normalise_place(place_name(gold)),
        "fatalities": predicted.get("fatalities") == gold.get("fatalities"),
        "injuries": predicted.get("injuries") == gold.get("injuries"),
        "actor1_type": actor1_type(predicted) == actor1_type(gold),
    }


def score_article(predicted: list[Record], gold: list[Record], id: str = "", lang: str = "") -> ArticleScore:
    """Match one article's predictions to its gold events one-to-one and sort out TP, FP and FN."""
    # Lexicographic weights: one more core match beats any number of optional matches and field
    # agreements; one more optional match beats any number of field agreements. Optional matches rank
    # above fields because a prediction of an optional event must be "neither rewarded nor punished":
    # leaving it unmatched to gain a field agreement elsewhere would turn it into a false positive. Last,
    # below the core pairs' fields, the optional pairs' fields choose between optional events a prediction
    # fits equally (a bombing told of in Brussels goes to the metro bombing there, not the airport one), so
    # that fusion pairs (`evaluate_fusion`) carry the fitting label. TP, FP, FN and the optional matches
    # cannot move; the core pairs' field shares only where two matchings tie on their sum.
    # With at most k pairs, optional fields add <= len(FIELDS)*k < core_field; core fields add
    # <= len(FIELDS)*k*core_field plus that < optional_weight; optional matches plus fields < core_weight.
    k = min(len(predicted), len(gold))
    core_field = len(FIELDS) * k + 1
    optional_weight = len(FIELDS) * k * core_field + core_field
    core_weight = (k + 1) * optional_weight
    weights: list[list[int]] = []
    agreements: dict[tuple[int, int], dict[str, bool]] = {}
    for i, pred in enumerate(predicted):
        row = []
        for j, event in enumerate(gold):
            if mismatches(pred, event):
                row.append(0)
            elif event["core"]:
                agreements[i, j] = agreement(pred, event)
                row.append(core_weight + core_field * sum(agreements[i, j].values()))
            else:
                row.append(optional_weight + sum(agreement(pred, event).values()))
        weights.append(row)
    matched = max_weight_assignment(weights)
    pairs = tuple(
        Pair(gold[j], predicted[i], bool(gold[j]["core"]), agreements.get((i, j), {})) for i, j in matched
    )
    used_pred, used_gold = {i for i, _ in matched}, {j for _, j in matched}
    return ArticleScore(
        id=id,
        lang=lang,
        core_gold=sum(bool(e["core"]) for e in gold),
        optional_gold=sum(not e["core"] for e in gold),
        predicted=len(predicted),
        pairs=pairs,
        misses=tuple(e for j, e in enumerate(gold) if e["core"] and j not in used_gold),
        false_alarms=tuple(p for i, p in enumerate(predicted) if i not in used_pred),
    )


def score_records(
    predicted_articles: Iterable[Record], gold_articles: Iterable[Record], source: str = ""
) -> Report:
    """Score predicted articles ({"id", "events"}) against gold articles, matched by id.

    A gold article with no predicted record counts as predicting nothing (its id is listed in
    `Report.unpredicted`); predicted articles absent from the gold are ignored.
    """
    by_id: dict[str, Record] = {}
    for record in predicted_articles:
        by_id[str(record.get("id"))] = record
    scores, unpredicted = [], []
    for article in gold_articles:
        article_id = str(article["id"])
        gold_events = [_checked_gold(event, article_id) for event in article.get("events") or []]
        record = by_id.get(article_id)
        if record is None:
            unpredicted.append(article_id)
        events = list(record.get("events") or []) if record else []
        scores.append(score_article(events, gold_events, article_id, str(article.get("lang") or "?")))
    return Report(tuple(scores), source, tuple(unpredicted))


def evaluate_file(
    path: str | Path, predictions: str | Path | None = None, rules_only: bool = False
) -> Report:
    """Score the extractor (or a saved predictions file) on a gold JSONL file.

    The extractor sees only each article's id, url and text, never its gold events,
    publication date, notes or language. `rules_only`: without the learned detector.
    """
    gold = read_gold(path)
    if predictions is not None:
        return score_records(read_predictions(predictions), gold, source=str(path))
    return evaluate_records(gold, str(path), rules_only)


def evaluate_records(gold: list[dict[str, Any]], source: str = "", rules_only: bool = False) -> Report:
    """Run the extractor on gold articles (their id, url and text) and score it."""
    # Imported here: scoring a saved predictions file should not pay for loading the extractor.
    from kroniek.pipeline import extract_article

    detector = None if rules_only else "shipped"
    predicted = [
        extract_article(Article(id=str(a["id"]), text=a["text"], url=a.get("url")), detector).to_dict()
        for a in gold
    ]
    return score_records(predicted, gold, source=source)


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """Gold articles from a JSONL file, checked enough to be scored."""
    articles = []
    ids: set[str] = set()
    for number, record in _json_lines(Path(path)):
        where = f"{path}:{number}"
        if not isinstance(record.get("text"), str) or "id" not in record:
            raise GoldError(f'{where}: a gold article needs "id" and "text"')
        if not isinstance(record.get("events", []), list):
            raise GoldError(f'{where}: "events" must be a list')
        if str(record["id"]) in ids:
            raise GoldError(f"{where}: duplicate id {record['id']!r}")
        ids.add(str(record["id"]))
        for event in record.get("events", []):
            _checked_gold(event, where)
        articles.append(record)
    return articles


def read_predictions(path: str | Path) -> list[dict[str, Any]]:
    """Predicted articles from `kroniek extract` output: JSON lines or a JSON array."""
    file = Path(path)
    content = file.read_text(encoding="utf-8")
    if content.lstrip().startswith("["):
        try:
            records = json.loads(content)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from exc
        return [r for r in records if isinstance(r, dict)]
    return [record for _, record in _json_lines(file)]


def place_name(event: Record) -> str | None:
    """The location name of a predicted ({"location": {"name": ...}}) or gold ({"location": "..."}) event."""
    location = event.get("location")
    return location.get("name") if isinstance(location, Mapping) else location


def actor1_type(event: Record) -> str | None:
    actor = event.get("actor1")
    return actor.get("type") if isinstance(actor, Mapping) else None


def country_of(event: Record) -> str | None:
    """The ISO country of a gold ({"country"}) or predicted ({"location": {"country"}}) event, upper case."""
    country = event.get("country")
    location = event.get("location")
    if country is None and isinstance(location, Mapping):
        country = location.get("country")
    return country.upper() if isinstance(country, str) else None


def _dates_compatible(predicted: Record, gold: Record) -> bool:
    pred_window, gold_window = _window(predicted, bounds=True), _window(gold, bounds=False)
    if pred_window is None or gold_window is None:
        return False
    if _day_precise(predicted) and _day_precise(gold):
        pred_day = _day(predicted.get("date")) or pred_window[0]
        return abs((pred_day - gold_window[0]).days) <= 1
    return pred_window[0] <= gold_window[1] and gold_window[0] <= pred_window[1]


def _window(event: Record, bounds: bool) -> tuple[dt.date, dt.date] | None:
    """[first, last] day; from date_start/date_end when `bounds` and given, else from date + precision."""
    if bounds:
        start, end = _day(event.get("date_start")), _day(event.get("date_end"))
        if start and end:
            return (start, end) if start <= end else (end, start)
    day = _day(event.get("date"))
    if day is None:
        return None
    precision = event.get("date_precision") or "day"
    if precision == "week":
        return day, day + dt.timedelta(days=6)
    if precision == "month":
        return day, month_end(day)
    return day, day


def _day_precise(event: Record) -> bool:
    return (event.get("date_precision") or "day") == "day"


def _day(value: object) -> dt.date | None:
    return _parse_day(value) if isinstance(value, str) else None


@functools.lru_cache(maxsize=4096)
def _parse_day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _checked_gold(event: object, where: str) -> Record:
    if not isinstance(event, Mapping):
        raise GoldError(f"{where}: a gold event must be a JSON object")
    missing = [key for key in ("core", "event_type", "date", "country") if key not in event]
    if missing:
        raise GoldError(f"{where}: a gold event lacks {', '.join(missing)}")
    if _day(event["date"]) is None:
        raise GoldError(f"{where}: gold date {event['date']!r} is not an ISO date")
    if event.get("date_precision", "day") not in ("day", "week", "month"):
        raise GoldError(f"{where}: date_precision must be day, week or month")
    return event


def _json_lines(path: Path) -> Iterable[tuple[int, dict[str, Any]]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read: {exc}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise GoldError(f"{path}:{number}: invalid JSON at column {exc.colno}: {exc.msg}") from exc
        if not isinstance(record, dict):
            raise GoldError(f"{path}:{number}: expected a JSON object")
        yield number, record
