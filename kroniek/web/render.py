"""Pages from templates: one Jinja environment with autoescape on, so data is always shown as text."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from kroniek import __version__
from kroniek.web import i18n

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
    asked = request.query_params.get("ui")
    ui = i18n.choose(request.headers.get("accept-language"), request.cookies.get(i18n.COOKIE), asked)
    texts = i18n.labels(ui)
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "ui"]
    html = env.get_template(template).render(
        request_path=request.url.path,
        assets_missing=request.app.state.missing_assets,
        ui=ui,
        t=texts["labels"],
        type_labels=texts["event_types"],
        script_texts=texts["script"],
        ui_languages=i18n.names(),
        ui_url=lambda code: request.url.path + "?" + urlencode([*kept, ("ui", code)]),
        **context,
    )
    response = HTMLResponse(html, status_code=status_code)
    if asked == ui:
        response.set_cookie(i18n.COOKIE, ui, max_age=365 * 24 * 3600, samesite="lax")
    response.headers["content-language"] = ui
    return response
