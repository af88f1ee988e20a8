"""Progress of long commands: log lines with rate, done and errors when stderr is not a terminal."""

from __future__ import annotations

import io
import re

from click.testing import CliRunner

from kroniek.cli import cli
from kroniek.cli.progress import Progress, counted


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_logs_lines_with_rate_done_and_errors_off_a_terminal() -> None:
    stream, clock = io.StringIO(), Clock()
    progress = Progress("ingest", stream=stream, every=10, clock=clock)
    for _ in range(50):
        clock.now += 0.5
        progress.advance(errors=2, stored=7)
    progress.close()
    lines = stream.getvalue().splitlines()
    # one line per 10 s over 25 s, and the final one
    assert len(lines) == 3
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ "
        r"kroniek ingest: 20 articles done, 2\.0 articles/s, 2 errors \(stored=7\)",
        lines[0],
    )
    assert lines[-1].endswith("kroniek ingest: 50 articles finished, 2.0 articles/s, 2 errors (stored=7)")


def test_progress_counted_passes_items_through() -> None:
    stream = io.StringIO()
    progress = Progress("export", "incidents", stream=stream, every=3600)
    assert list(counted(range(4), progress)) == [0, 1, 2, 3]
    progress.close()
    assert "4 incidents finished" in stream.getvalue()


def test_progress_extract_command_logs_when_stderr_is_not_a_terminal(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("KRONIEK_LOG_EVERY", "0")
    (tmp_path / "a.txt").write_text("date 2020-01-05\nBetogers gingen de straat op in Utrecht.\n")
    (tmp_path / "b.txt").write_bytes(b"\xff\xfe\x00binary")
    result = CliRunner().invoke(cli, ["extract", str(tmp_path)])
    logged = [line for line in result.stderr.splitlines() if " kroniek extract: " in line]
    assert logged and logged[-1].endswith("1 articles finished, " + logged[-1].split(", ")[1] + ", 1 errors")
