"""Issue 13, finding 6: CSV cells from the input cannot run as formulas or split rows; exports are atomic."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from storekit import event, place

from kroniek.cli import cli
from kroniek.export import COLUMNS, write_csv
from kroniek.export.csv import safe_cell
from kroniek.model import Article, ArticleResult, DocDate
from kroniek.store import open_store
from kroniek.writers import CSV_COLUMNS, ResultWriter

HOSTILE_IDS = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "line\rbreak"]


def _riot(evidence: str) -> ArticleResult:
    riot = event("riots", "mob_violence", "2021-03-02", place("Leeds", "GB", 53.8, -1.55), evidence=evidence)
    return ArticleResult("x", "en", DocDate.parse("2021-03-02", "x"), (riot,))


@pytest.fixture
def db(tmp_path: Path) -> str:
    url = str(tmp_path / "k.db")
    with open_store(url) as store:
        pairs = []
        for number, article_id in enumerate(HOSTILE_IDS):
            url_ = f"https://@evil{number}.example/" if number % 2 else "https://=cmd.example/x"
            article = Article(
                article_id, f"Riot in Leeds {number}.", url=url_, date=DocDate.parse("2021-03-02", "x")
            )
            pairs.append((article, _riot(f"=evidence {number}\rwith a bare CR")))
        store.save_batch(pairs)
    return url


@pytest.mark.parametrize("value", HOSTILE_IDS)
def test_export_safe_cell_neutralises_formula_starts(value: str) -> None:
    assert safe_cell(value) == "'" + value if value[0] in "=+-@\t" else safe_cell(value) == value
    assert safe_cell(-3.5) == -3.5 and safe_cell(None) is None and safe_cell("Leeds") == "Leeds"


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _check_csv(text: str, columns: int) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    # A reader that ends lines at a bare CR sees the same rows only if every CR sits in a quoted cell.
    lines_at_cr = text.replace("\r\n", "\n").replace("\r", "\n")
    assert len(list(csv.reader(io.StringIO(lines_at_cr, newline="")))) == len(rows)
    for row in rows:
        assert len(row) == columns
        for cell in row:
            if not _number(cell):  # -1.55, a longitude, is a number and no formula
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    return rows


def test_export_csv_cells_from_input_are_neutralised_and_quoted(db: str) -> None:
    out = io.StringIO()
    with open_store(db) as store:
        count = write_csv(store.incidents(), out)
    rows = _check_csv(out.getvalue(), len(COLUMNS))
    assert count == len(rows) - 1 >= 1
    assert any(cell.startswith("'") for row in rows for cell in row)  # neutralised, not dropped


def test_export_extract_csv_is_neutralised_too() -> None:
    out = io.StringIO()
    writer = ResultWriter(out, "csv")
    writer.write(ArticleResult("=1+2", "en", None, _riot("=x\ry").events))
    writer.close()
    _check_csv(out.getvalue(), len(CSV_COLUMNS))


def test_export_killed_export_leaves_the_previous_file(db: str, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "incidents.csv"
    target.write_text("the previous export\n", encoding="utf-8")

    def dies_halfway(incidents, stream) -> int:
        stream.write("half a row,")
        raise KeyboardInterrupt  # as a Ctrl-C or a kill mid-export

    monkeypatch.setattr("kroniek.cli.export.write_csv", dies_halfway)
    result = CliRunner().invoke(cli, ["export", "--db", db, "-o", str(target)])
    assert result.exit_code != 0
    assert target.read_text(encoding="utf-8") == "the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    monkeypatch.undo()
    result = CliRunner().invoke(cli, ["export", "--db", db, "-o", str(target)])
    assert result.exit_code == 0, result.output
    _check_csv(target.read_text(encoding="utf-8"), len(COLUMNS))
