"""CSV export: one row per incident, ACLED's columns first, then ours (see `acled.COLUMNS`).

Empty cells mean no value. Opens in spreadsheets and in tools written for ACLED exports. Text cells
come from article ids, urls and texts, that is from whoever wrote the input: a cell that a spreadsheet
would run as a formula (it starts with = + - @ TAB or CR) gets a leading apostrophe, as OWASP advises,
and a cell holding a line break of any kind (a bare CR too) is quoted.

    >>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell(-3.5), safe_cell("Mosul")
    ('\\'=HYPERLINK("http://x")', -3.5, 'Mosul')
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

from kroniek.export.acled import COLUMNS, acled_row
from kroniek.store.records import StoredIncident

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """`value`, with a text that a spreadsheet would read as a formula made plain text."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_writer(stream: TextIO) -> SafeWriter:
    """A CSV writer (lines end in \\n) whose cells are neutralised and quoted for every line break."""
    return SafeWriter(stream, "\n")


class SafeWriter:
    """csv.writer's `writerow`, with `safe_cell` on every cell.

    csv.QUOTE_MINIMAL quotes a field only for characters of the line terminator (here \\n), so a bare CR
    would split the row in readers that end lines at a CR: a row holding one is written fully quoted.
    """

    def __init__(self, stream: TextIO, lineterminator: str = "\n") -> None:
        self._minimal = csv.writer(stream, lineterminator=lineterminator)
        self._quoted = csv.writer(stream, lineterminator=lineterminator, quoting=csv.QUOTE_ALL)

    def writerow(self, row: Iterable[Any]) -> None:
        cells = [safe_cell(value) for value in row]
        if any(isinstance(value, str) and "\r" in value for value in cells):
            self._quoted.writerow(cells)
        else:
            self._minimal.writerow(cells)


def write_csv(incidents: Iterable[StoredIncident], stream: TextIO, *, inter_labels: bool = False) -> int:
    """Write a header and one row per incident; returns the number of rows.

    `inter_labels`: ACLED's text labels in inter1, inter2 and interaction instead of its codes.
    """
    writer = csv_writer(stream)
    writer.writerow(COLUMNS)
    count = 0
    for incident in incidents:
        row = acled_row(incident, inter_labels=inter_labels)
        writer.writerow(row[name] for name in COLUMNS)
        count += 1
    return count
