"""Start-up stays light: coding an article imports no module only other commands need (issue 12).

No time is asserted here (bench/startup.py measures it); what is imported is.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("scipy", "sklearn", "pandas", "pyarrow", "fastapi", "starlette", "dask", "kroniek.evaluate")

_CHILD = """
import json, sys
{code}
print(json.dumps(sorted(name for name in sys.modules if name.split(".")[0] in {roots} or name in {heavy})))
"""


def _imported(code: str) -> set[str]:
    roots = sorted({name.split(".")[0] for name in HEAVY})
    child = subprocess.run(
        [sys.executable, "-c", _CHILD.format(code=code, roots=roots, heavy=list(HEAVY))],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(child.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "code",
    [
        "from kroniek import extract; extract('Bij een aanslag in Kaboel vielen tien doden.')",
        "from kroniek.cli import cli",
    ],
)
def test_startup_codes_without_heavy_imports(code: str) -> None:
    assert _imported(code) & set(HEAVY) == set()


def test_startup_command_imported_when_it_runs() -> None:
    from click.testing import CliRunner

    code = (
        "from click.testing import CliRunner; from kroniek.cli import cli; "
        "CliRunner().invoke(cli, ['eval', '--help'])"
    )
    assert "kroniek.evaluate" in _imported(code)
    outcome = CliRunner().invoke(__import__("kroniek.cli", fromlist=["cli"]).cli, ["--help"])
    assert outcome.exit_code == 0
    assert all(name in outcome.output for name in ("extract", "eval", "bench", "serve", "changes"))
