"""Writing extraction results: JSON lines, a JSON array, or a flat CSV (one row per event)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from kroniek.export.csv import SafeWriter
from kroniek.model import ArticleResult

FORMATS = ("jsonl", "json", "csv")

CSV_COLUMNS = (
    "article_id", "lang", "doc_date", "doc_date_precision", "event_index",
    "event_type", "sub_event_type", "date", "date_precision", "date_start", "date_end",
    "location", "admin1", "country", "latitude", "longitude", "geonames_id", "geo_precision",
    "actor1", "actor1_type", "actor1_country", "actor2", "actor2_type", "actor2_country",
    "fatalities", "injuries", "confidence", "evidence", "evidence_offsets",
)  # fmt: skip


class ResultWriter:
    """Writes results one at a time, so a long run streams instead of holding everything."""

    def __init__(self, stream: TextIO, fmt: str) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        self.stream, self.fmt, self.count = stream, fmt, 0
        # Neutralised like the export's CSV: ids and evidence come from the input (see export/csv.py).
        self._csv = SafeWriter(stream, lineterminator="\r\n") if fmt == "csv" else None
        if self._csv:
            self._csv.writerow(CSV_COLUMNS)
        elif fmt == "json":
            stream.write("[")

    def write(self, result: ArticleResult) -> None:
        record = result.to_dict()
        if self._csv:
            for index, event in enumerate(record["events"]):  # type: ignore[arg-type]
                self._csv.writerow(_csv_row(record, index, event))
        elif self.fmt == "json":
            self.stream.write(("," if self.count else "") + "\n" + json.dumps(record, ensure_ascii=False))
        else:
            self.stream.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.stream.write("\n]\n")
        self.stream.flush()


def write_results(results: Iterable[ArticleResult], stream: TextIO, fmt: str = "jsonl") -> int:
    """Write all results; returns how many articles were written."""
    writer = ResultWriter(stream, fmt)
    for result in results:
        writer.write(result)
    writer.close()
    return writer.count


def _csv_row(record: dict, index: int, event: dict) -> list[object]:
    location = event["location"]
    actor1, actor2 = event["actor1"] or {}, event["actor2"] or {}
    evidence = event["evidence"]
    return [
        record["id"], record["lang"], record["doc_date"], record["doc_date_precision"], index,
        event["event_type"], event["sub_event_type"], event["date"], event["date_precision"],
        event["date_start"], event["date_end"],
        location["name"], location["admin1"], location["country"], location["lat"], location["lon"],
        location["geonames_id"], location["precision"],
        actor1.get("name"), actor1.get("type"), actor1.get("country"),
        actor2.get("name"), actor2.get("type"), actor2.get("country"),
        event["fatalities"], event["injuries"], event["confidence"],
        " | ".join(span["text"] for span in evidence),
        " ".join(f"{span['start']}-{span['end']}" for span in evidence),
    ]  # fmt: skip
