"""GeoJSON export (RFC 7946): a FeatureCollection of Points, [longitude, latitude], WGS 84.

Incidents without coordinates are SKIPPED (and counted): QGIS would take null geometries, but
kepler.gl drops or rejects them, and a map of incidents has no place for them. Properties are the
flat CSV columns (scalars only, which both tools show as attributes).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from kroniek.export.acled import acled_row
from kroniek.store.records import StoredIncident


@dataclass(frozen=True, slots=True)
class GeoJSONCount:
    written: int
    skipped_unlocated: int


def write_geojson(
    incidents: Iterable[StoredIncident], stream: TextIO, *, inter_labels: bool = False
) -> GeoJSONCount:
    """Stream a FeatureCollection; returns how many features were written and skipped."""
    written = skipped = 0
    stream.write('{"type": "FeatureCollection", "features": [')
    for incident in incidents:
        loc = incident.location
        if loc.lat is None or loc.lon is None:
            skipped += 1
            continue
        feature = {
            "type": "Feature",
            "id": incident.id,
            # RFC 7946 §3.1.1: longitude first; six decimals is ~10 cm, more is noise.
            "geometry": {"type": "Point", "coordinates": [round(loc.lon, 6), round(loc.lat, 6)]},
            "properties": acled_row(incident, inter_labels=inter_labels),
        }
        stream.write(("," if written else "") + "\n" + json.dumps(feature, ensure_ascii=False))
        written += 1
    stream.write("\n]}\n")
    return GeoJSONCount(written, skipped)
