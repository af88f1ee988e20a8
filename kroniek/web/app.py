"""The explorer's ASGI app: routes, templates, static files, limits and errors.

    >>> from kroniek.web import create_app
    >>> app = create_app("kroniek.db")     # doctest: +SKIP   (uvicorn.run(app) serves it)

Safe by default: the database is opened read-only; only GET and HEAD are served; the path and query
string are bounded; every answer carries a Content-Security-Policy that allows scripts, styles and data
from this server only; and every bad request gets a 4xx with a sentence saying what was wrong (JSON for
`.json` paths, a page otherwise).
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kroniek import __version__
from kroniek.gazetteer import default_gazetteer
from kroniek.store.backends import StoreError
from kroniek.web import download, queries, routes
from kroniek.web.assets import VENDOR, missing_assets
from kroniek.web.cache import ResultCache
from kroniek.web.db import QueryTimeout, ReadOnlyDatabase
from kroniek.web.params import BadParameter, Filters
from kroniek.web.render import render, templates

log = logging.getLogger("kroniek.web")

WEB = Path(__file__).parent
MAX_PATH = 512
MAX_QUERY = 4096
MAX_HEADERS = 16 * 1024  # all header names and values together (h11 only bounds headers sent in pieces)
LOOPBACK = ("127.0.0.1", "localhost", "::1")
SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        b"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-resource-policy", b"same-origin"),
]
API_DESCRIPTION = """\
Read-only access to a kroniek chronicle: incidents (real-world events fused from news reports), their
sources and the evidence in the article text. Every HTML page has a JSON twin (`/incidents` and
`/incidents.json`, `/incidents/{id}` and `/incidents/{id}.json`). Bad parameters get a 400 with a JSON
`error` that says what is accepted.
"""


def create_app(
    db: str | ReadOnlyDatabase, *, vendor: Path = VENDOR, allowed_hosts: tuple[str, ...] | None = None
) -> FastAPI:
    """The explorer over the database at `db` (a SQLite path, sqlite:///path or postgresql://...).

    `allowed_hosts`: the host names a request's Host header may carry (None: any). `kroniek serve`
    bound to loopback allows only the loopback names, so a web page elsewhere cannot reach the local
    explorer through a DNS name that it rebinds to 127.0.0.1.

    Raises StoreError when the database cannot be opened or is not a kroniek database. Logs (and shows
    on every page) a warning when the front-end assets are missing.
    """
    database = db if isinstance(db, ReadOnlyDatabase) else ReadOnlyDatabase(db)
    missing = missing_assets(vendor)
    if missing:
        log.warning(
            "front-end assets missing (%s) in %s: the map and timeline are off; install them with "
            "`make assets` (npm ci, then python -m kroniek.web.assets; see docs/web.md)",
            ", ".join(missing),
            vendor,
        )

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The facets and the unfiltered map and timeline scan whole tables: compute them before the
        # first visitor waits for them (they are kept until the data changes).
        with contextlib.suppress(StoreError), database.backend() as b:
            cache, everything = app.state.cache, Filters()
            cache.get(b, "facets", lambda: queries.facets(b))
            cache.get(b, ("map", everything), lambda: queries.map_points(b, everything))
            cache.get(b, ("timeline", everything, "auto"), lambda: queries.timeline(b, everything, "auto"))
        # The search box looks names up in the gazetteer (about a second to load): load it now, not on the
        # first search.
        default_gazetteer()
        yield
        database.close()

    app = FastAPI(
        title="kroniek explorer",
        version=__version__,
        description=API_DESCRIPTION,
        docs_url=None,  # Swagger UI and ReDoc load from a CDN: the /api page lists the routes instead
        redoc_url=None,
        swagger_ui_oauth2_redirect_url=None,
        lifespan=lifespan,
    )
    app.state.db = database
    app.state.missing_assets = missing
    app.state.cache = ResultCache()
    app.state.templates = templates()
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    app.include_router(routes.router)
    app.include_router(download.router)
    app.add_exception_handler(BadParameter, _bad_parameter)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(StoreError, _store_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _crash)
    app.add_middleware(Guard, allowed_hosts=allowed_hosts)
    return app


# ---------------------------------------------------------------- errors


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.endswith(".json") or path.startswith("/static/")


def error_response(request: Request, status: int, message: str, parameter: str | None = None) -> Response:
    if wants_json(request):
        body: dict[str, Any] = {"error": message, "parameter": parameter, "status": status}
        return JSONResponse(body, status_code=status)
    return render(request, "error.html", status_code=status, status=status, message=message)


async def _bad_parameter(request: Request, exc: BadParameter) -> Response:
    return error_response(request, 400, str(exc), exc.name)


async def _invalid(request: Request, exc: RequestValidationError) -> Response:
    problems, name = [], None
    for error in exc.errors():
        name = str(error.get("loc", ("", "?"))[-1])
        got = error.get("input")
        shown = f" (got {str(got)[:40]!r})" if isinstance(got, str | int | float) else ""
        problems.append(f"{name}: {error.get('msg', 'invalid value')}{shown}")
    return error_response(request, 400, "; ".join(problems) or "invalid request", name)


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    message = str(exc.detail)
    if exc.status_code == 404 and message == "Not Found":
        message = f"no page at {request.url.path[:100]}; start at /incidents (API: /openapi.json)"
    return error_response(request, exc.status_code, message)


async def _store_error(request: Request, exc: StoreError) -> Response:
    log.error("database error on %s: %s", request.url.path, exc)
    status = 503 if isinstance(exc, QueryTimeout) or "busy" in str(exc) else 500
    return error_response(request, status, str(exc))


async def _crash(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s", request.url.path)
    return error_response(request, 500, "internal error (logged on the server)")


# ---------------------------------------------------------------- limits and headers


class Guard:
    """Bounds what a request may be and adds the security headers to every answer.

    Pure ASGI (no body buffering): only GET and HEAD, no request body, a path of at most MAX_PATH, a
    query string of at most MAX_QUERY and headers of at most MAX_HEADERS bytes, and a Host among
    `allowed_hosts` when given. Refusals are JSON with a sentence, like every other error.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: tuple[str, ...] | None = None) -> None:
        self.app = app
        self.allowed_hosts = {host.lower().strip("[]") for host in allowed_hosts} if allowed_hosts else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope) or self._host_refusal(scope)
        if refusal is not None:
            status, message, extra = refusal
            body = json.dumps({"error": message, "parameter": None, "status": status}).encode()
            headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": status, "headers": headers + extra})
            await send({"type": "http.response.body", "body": body})
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)

    @staticmethod
    def _refusal(scope: Scope) -> tuple[int, str, list[tuple[bytes, bytes]]] | None:
        if scope["method"] not in ("GET", "HEAD"):
            return (
                405,
                f"{scope['method']} is not allowed: the explorer is read-only",
                [(b"allow", b"GET, HEAD")],
            )
        if len(scope.get("raw_path") or scope["path"].encode()) > MAX_PATH:
            return 414, f"the path is longer than {MAX_PATH} bytes", []
        if len(scope.get("query_string", b"")) > MAX_QUERY:
            return 414, f"the query string is longer than {MAX_QUERY} bytes", []
        headers = scope.get("headers", [])
        if sum(len(name) + len(value) for name, value in headers) > MAX_HEADERS:
            return 431, f"the request headers are larger than {MAX_HEADERS // 1024} KB", []
        for name, value in headers:
            if name == b"content-length" and value.strip() not in (b"", b"0"):
                return 413, "requests carry no body here", []
            if name == b"transfer-encoding":
                return 413, "requests carry no body here", []
        return None

    def _host_refusal(self, scope: Scope) -> tuple[int, str, list[tuple[bytes, bytes]]] | None:
        if self.allowed_hosts is None:
            return None
        host = next((value for name, value in scope.get("headers", []) if name == b"host"), b"")
        name = host.decode("latin-1").strip().lower()
        if name.startswith("["):  # [::1]:8000
            name = name[1:].partition("]")[0]
        else:
            name = name.rpartition(":")[0] if name.count(":") == 1 else name
        if name in self.allowed_hosts:
            return None
        shown = ", ".join(sorted(self.allowed_hosts))
        return (
            421,
            f"this explorer answers to {shown} only (Host {name[:60]!r}); see kroniek serve --help",
            [],
        )
