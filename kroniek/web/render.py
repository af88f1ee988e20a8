"""Pages from templates: one Jinja environment with autoescape on, so data is always shown as text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from kroniek import __version__

TEMPLATES = Path(__file__).parent / "templates"


def templates() -> jinja2.Environment:
    """The page templates; autoescape is on for everything, so data is always shown as text."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    return env


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    env: jinja2.Environment = request.app.state.templates
    html = env.get_template(template).render(
        request_path=request.url.path, assets_missing=request.app.state.missing_assets, **context
    )
    return HTMLResponse(html, status_code=status_code)
