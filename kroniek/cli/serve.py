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
        import uvicorn

        from kroniek.web import create_app
    except ImportError as exc:
        raise click.ClickException(
            f'the explorer needs the web extra: pip install "kroniek[web]" ({exc})'
        ) from exc
    from kroniek.store import StoreError

    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    try:
        app = create_app(db)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    from kroniek.store.backends import redact

    shown = f"[{host}]" if ":" in host else host
    click.echo(
        f"kroniek explorer on http://{shown}:{port}/ over {redact(db)} (read-only); Ctrl+C stops it", err=True
    )
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="info",
        # Bounds on what one client can hold: connections at once, idle keep-alive, header size.
        limit_concurrency=100,
        timeout_keep_alive=5,
        h11_max_incomplete_event_size=16 * 1024,
        server_header=False,
    )
