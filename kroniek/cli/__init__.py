"""The `kroniek` command: thin shells over the library, one module per command."""

from __future__ import annotations

import io
import sys

import click

from kroniek import __version__
from kroniek.cli import batch as batch_command
from kroniek.cli import bench as bench_command
from kroniek.cli import changes as changes_command
from kroniek.cli import eval as eval_command
from kroniek.cli import events as events_command
from kroniek.cli import export as export_command
from kroniek.cli import extract as extract_command
from kroniek.cli import ingest as ingest_command
from kroniek.cli import maintain as maintain_command
from kroniek.cli import serve as serve_command
from kroniek.cli import show as show_command
from kroniek.cli import train as train_command
from kroniek.cli import watch as watch_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kroniek")
def cli() -> None:
    """kroniek: news articles in, a chronicle of coded events out."""
    # A terminal or pipe whose encoding cannot show some character (LANG=C, PYTHONIOENCODING=latin-1)
    # gets it as a \\x.. escape instead of ending the command in a UnicodeEncodeError.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


cli.add_command(extract_command.extract)
cli.add_command(eval_command.evaluate)
cli.add_command(bench_command.bench)
cli.add_command(ingest_command.ingest)
cli.add_command(events_command.events)
cli.add_command(show_command.show)
cli.add_command(export_command.export)
cli.add_command(serve_command.serve)
cli.add_command(batch_command.batch)
cli.add_command(train_command.train)
cli.add_command(maintain_command.check)
cli.add_command(maintain_command.rebuild)
cli.add_command(watch_command.watch)
cli.add_command(changes_command.changes)
