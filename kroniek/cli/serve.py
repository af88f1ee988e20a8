"""`kroniek serve`: the explorer, a local web page and HTTP API over the chronicle (read-only)."""

from __future__ import annotations

import logging

import click

from kroniek.cli.store_options import db_option


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0: all).")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on."
)
def serve(db: str, host: str, port: int) -> None:
    """Serve the explorer over the database: a map, a timeline, filters and every incident's evidence.

    Open http://HOST:PORT/ in a browser; every page has a JSON twin (/incidents.json, /incidents/ID.json)
    and the API is described at /openapi.json. The database is opened read-only. Needs the `web` extra.
    """
    try:
        from kroniek.web import create_app, server
        from kroniek.web.app import LOOPBACK
    except ImportError as exc:
        raise click.ClickException(
            f'the explorer needs the web extra: pip install "kroniek[web]" ({exc})'
        ) from exc
    from kroniek.store import StoreError

    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    # Bound to loopback, the explorer answers only to loopback names: a page elsewhere cannot reach it
    # through a DNS name rebound to 127.0.0.1 (DNS rebinding).
    allowed = LOOPBACK if host in LOOPBACK else None
    try:
        app = create_app(db, allowed_hosts=allowed)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    from kroniek.store.backends import redact

    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"kroniek explorer on http://{shown}:{port}/ over {redact(db)} (read-only); Ctrl+C stops it", err=True
    )
    server.run(app, host, port)
