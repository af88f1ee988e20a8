"""Exporting incidents: CSV with ACLED's columns, JSON lines, GeoJSON, Parquet (optional pyarrow).

>>> from kroniek.export import FORMATS
>>> FORMATS
('csv', 'jsonl', 'geojson', 'parquet')
"""

from kroniek.export.acled import COLUMNS, acled_row, country_code, event_id_cnty
from kroniek.export.csv import write_csv
from kroniek.export.geojson import GeoJSONCount, write_geojson
from kroniek.export.jsonl import write_jsonl
from kroniek.export.parquet import write_parquet

FORMATS = ("csv", "jsonl", "geojson", "parquet")

__all__ = [
    "COLUMNS",
    "FORMATS",
    "GeoJSONCount",
    "acled_row",
    "country_code",
    "event_id_cnty",
    "write_csv",
    "write_geojson",
    "write_jsonl",
    "write_parquet",
]
