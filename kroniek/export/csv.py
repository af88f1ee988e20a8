"""CSV export: one row per incident, ACLED's columns first, then ours (see `acled.COLUMNS`).

Empty cells mean no value. Opens in spreadsheets and in tools written for ACLED exports.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from kroniek.export.acled import COLUMNS, acled_row
from kroniek.store.records import StoredIncident


def write_csv(incidents: Iterable[StoredIncident], stream: TextIO, *, inter_labels: bool = False) -> int:
    """Write a header and one row per incident; returns the number of rows.

    `inter_labels`: ACLED's text labels in inter1, inter2 and interaction instead of its codes.
    """
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for incident in incidents:
        writer.writerow(acled_row(incident, inter_labels=inter_labels))
        count += 1
    return count
