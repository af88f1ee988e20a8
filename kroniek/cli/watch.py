"""`kroniek watch`: poll RSS/Atom feeds and folders, store what is new, remember what was seen."""

from __future__ import annotations

import logging
import re
import sys
from typing import TYPE_CHECKING

import click

from kroniek.cli.store_options import db_option, open_or_fail

if TYPE_CHECKING:  # the monitor extra is imported only when the command runs
    from kroniek.monitor import PollSummary

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNIT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """Seconds in "90", "30s", "10m", "1h", "1d"."""
    match = _DURATION.match(text.lower())
    if not match:
        raise click.BadParameter(f"{text!r} is not a duration like 30s, 10m or 1h")
    return float(match.group(1)) * _UNIT[match.group(2)]


@click.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--every", default="10m", show_default=True, help="Time between polls: 30s, 10m, 1h.")
@click.option("--once", is_flag=True, help="Poll each source once and exit (for cron).")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds to connect and between bytes.")
@click.option("--max-mb", default=20.0, show_default=True, help="Largest page or feed fetched, in MB.")
@click.option(
    "--delay", default=1.0, show_default=True, help="Seconds between two requests to the same host."
)
def watch(
    sources: tuple[str, ...], db: str, every: str, once: bool, timeout: float, max_mb: float, delay: float
) -> None:
    """Poll SOURCES (RSS/Atom feed urls, folders) and store the new articles and their events.

    Each new feed entry's page is fetched (a user agent naming kroniek, timeouts, a size limit, at most
    one request per --delay seconds to a host, only where robots.txt allows, conditional requests for
    the feeds), its main text read
    and stored as `kroniek ingest` stores it. The urls seen are remembered in the database: a restarted
    watch never fetches a page twice. A failing source is logged and tried again at the next poll;
    a page that keeps failing is given up after 3 polls. Exit status with --once: 1 when a source failed.
    """
    try:
        from kroniek.monitor import Fetcher
        from kroniek.monitor import watch as watching
    except ImportError as exc:
        raise click.ClickException(
            f"kroniek watch needs the monitor extra ({exc.name} is missing): pip install 'kroniek[monitor]'"
        ) from exc
    interval = parse_duration(every)
    if interval <= 0:
        raise click.BadParameter("must be more than 0", param_hint="--every")
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    fetcher = Fetcher(
        timeout=timeout, max_bytes=int(max_mb * 1e6), delay=delay, deadline=max(60.0, 6 * timeout)
    )
    failed = False

    def report(summary: PollSummary) -> None:
        nonlocal failed
        failed = bool(summary.failed_sources)
        click.echo(f"kroniek watch: {summary.format()}", err=True)

    with open_or_fail(db) as store:
        try:
            watching(sources, store, fetcher, every=interval, once=once, on_poll=report)
        except KeyboardInterrupt:
            click.echo("kroniek watch: stopped", err=True)
            return
    if once and failed:
        sys.exit(1)
