"""Parquet export (the `parquet` extra: pyarrow): the CSV columns with real types, for pandas and DuckDB.

Dates are date32, counts nullable int32, coordinates float64, `timestamp` int64 (unix seconds);
`sources` and `evidence` are lists of strings rather than joined text.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from typing import Any

from kroniek.export.acled import COLUMNS, acled_row
from kroniek.store.records import StoredIncident

_ROW_GROUP = 10_000
_INT_COLUMNS = (
    "year", "time_precision", "iso", "geo_precision", "fatalities", "injuries", "fatalities_low",
    "fatalities_high",
)  # fmt: skip
_INTER_COLUMNS = ("inter1", "inter2", "interaction")


def _schema(inter_labels: bool) -> Any:
    import pyarrow as pa

    types: dict[str, Any] = {name: pa.string() for name in COLUMNS}
    types.update({name: pa.int32() for name in _INT_COLUMNS})
    if not inter_labels:
        types.update({name: pa.int32() for name in _INTER_COLUMNS})
    types.update({"event_date": pa.date32(), "date_start": pa.date32(), "date_end": pa.date32()})
    types.update({"latitude": pa.float64(), "longitude": pa.float64(), "timestamp": pa.int64()})
    types.update({"sources": pa.list_(pa.string()), "evidence": pa.list_(pa.string())})
    return pa.schema([(name, types[name]) for name in COLUMNS])


def write_parquet(
    incidents: Iterable[StoredIncident], path: str | os.PathLike[str], *, inter_labels: bool = False
) -> int:
    """Write incidents to a Parquet file in row groups; returns the number of rows."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise RuntimeError('Parquet export needs pyarrow: pip install "kroniek[parquet]"') from exc
    schema = _schema(inter_labels)
    count = 0
    with pq.ParquetWriter(os.fspath(path), schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for incident in incidents:
            batch.append(_typed(incident, inter_labels))
            if len(batch) >= _ROW_GROUP:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count, batch = count + len(batch), []
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count


def _typed(incident: StoredIncident, inter_labels: bool) -> dict[str, Any]:
    row = acled_row(incident, inter_labels=inter_labels)
    for name in ("event_date", "date_start", "date_end"):
        row[name] = dt.date.fromisoformat(str(row[name]))
    row["sources"] = list(incident.article_ids)
    row["evidence"] = [span.text for s in incident.sources for span in s.event.evidence]
    return row
