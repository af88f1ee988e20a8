"""The `kroniek` command: thin shells over the library, one module per command.

Each command's module is imported when that command runs (or `--help` lists them), so that
`kroniek extract` does not pay for the evaluation's scipy or the explorer's web stack.
"""

from __future__ import annotations

import importlib
import io
import sys

import click

from kroniek import __version__

# Command name -> (module under kroniek.cli, the click command in it), in the order `--help` lists them.
COMMANDS = {
    "extract": ("extract", "extract"),
    "eval": ("eval", "evaluate"),
    "bench": ("bench", "bench"),
    "ingest": ("ingest", "ingest"),
    "events": ("events", "events"),
    "show": ("show", "show"),
    "export": ("export", "export"),
    "serve": ("serve", "serve"),
    "batch": ("batch", "batch"),
    "train": ("train", "train"),
    "check": ("maintain", "check"),
    "rebuild": ("maintain", "rebuild"),
    "watch": ("watch", "watch"),
    "changes": ("changes", "changes"),
}


class LazyGroup(click.Group):
    """A group whose commands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [*COMMANDS, *(name for name in super().list_commands(ctx) if name not in COMMANDS)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, attribute = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(f"kroniek.cli.{module}"), attribute)
        assert isinstance(command, click.Command) and command.name == cmd_name, cmd_name
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kroniek")
def cli() -> None:
    """kroniek: news articles in, a chronicle of coded events out."""
    # A terminal or pipe whose encoding cannot show some character (LANG=C, PYTHONIOENCODING=latin-1)
    # gets it as a \\x.. escape instead of ending the command in a UnicodeEncodeError.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
