"""`kroniek check` and `kroniek rebuild`: is the store consistent, and make it so."""

from __future__ import annotations

import sys
import time

import click

from kroniek.cli.store_options import db_option, open_or_fail
from kroniek.store.check import check_store, rebuild_store


@click.command()
@db_option
def check(db: str) -> None:
    """Check that the incidents equal clustering all stored events again and that the full-text index
    matches the articles. Exit status 1 when not; `kroniek rebuild` repairs."""
    started = time.perf_counter()
    with open_or_fail(db) as store:
        found = check_store(store)
    seconds = time.perf_counter() - started
    click.echo(
        f"kroniek: {found.events} events, {found.incidents_stored} incidents stored, "
        f"{found.incidents_expected} from a rebuild; {seconds:.1f} s",
        err=True,
    )
    for problem in found.problems:
        click.echo(f"kroniek: {problem}", err=True)
    if not found.ok:
        click.echo("kroniek: not consistent; `kroniek rebuild` repairs it", err=True)
        sys.exit(1)
    click.echo("kroniek: consistent", err=True)


@click.command()
@db_option
def rebuild(db: str) -> None:
    """Rebuild the full-text index and every incident from the stored events (one transaction each)."""
    started = time.perf_counter()
    with open_or_fail(db) as store:
        written = rebuild_store(store)
    click.echo(f"kroniek: {written} incident(s) rebuilt in {time.perf_counter() - started:.1f} s", err=True)
