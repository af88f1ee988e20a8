"""The explorer: a local web app and HTTP API over the chronicle (`kroniek serve`).

A map, a timeline, filters and a list of incidents; for each incident its fields, their precision and
the source articles side by side with the evidence highlighted. Every page has a JSON twin and the API
is described at /openapi.json. Read-only, offline (no CDN, no tile server), safe with hostile article
text. Needs the `web` extra (FastAPI, uvicorn, Jinja2). See docs/web.md.

    >>> from kroniek.web import create_app
    >>> import uvicorn
    >>> uvicorn.run(create_app("kroniek.db"), port=8000)     # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so `python -m kroniek.web.assets` (run at setup) needs no web framework.
    if name == "create_app":
        from kroniek.web.app import create_app

        return create_app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
