"""The explorer's routes: each page and its JSON twin share one query and one set of parameters."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from kroniek import __version__
from kroniek.export.acled import EVENT_TYPE_NAMES, SUB_EVENT_TYPE_NAMES, event_id_cnty
from kroniek.model import EVENT_TYPES, SUB_EVENT_TYPES
from kroniek.store import history
from kroniek.store.history import IncidentChange
from kroniek.tolls import check_tolls
from kroniek.web import queries, schemas
from kroniek.web.incident_view import FIELD_LABELS, coding, field_rows, incident_json, source_views
from kroniek.web.params import (
    BUCKETS,
    DEFAULT_LIMIT,
    MAX_LIMIT,
    MAX_PAGE,
    MAX_TEXT,
    BadParameter,
    Filters,
    Paging,
    check_incident_id,
    parse_filters,
    parse_paging,
)
from kroniek.web.render import render

router = APIRouter()

_FILTER_NAMES = ("type", "country", "from", "to", "lang", "q", "place")
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": schemas.Error, "description": "A bad parameter; `error` says what is accepted."},
}


def only(*names: str) -> Any:
    """A dependency refusing unknown query parameters, so a typo (`contry=NL`) is an error, not all rows."""

    def check(request: Request) -> None:
        # `ui` (the interface language) is taken everywhere: a language switch keeps the view.
        unknown = sorted(set(request.query_params) - set(names) - {"ui"})
        if unknown:
            raise BadParameter(unknown[0][:40], f"unknown parameter; this page takes {', '.join(names)}")

    return Depends(check)


def filters(
    type: Annotated[
        list[str] | None,
        Query(description="Event type or sub-type (repeat or comma-separate for several), e.g. riots."),
    ] = None,
    country: Annotated[
        list[str] | None,
        Query(description="Country: ISO alpha-2 or alpha-3 code or English name; repeatable."),
    ] = None,
    date_from: Annotated[
        str | None,
        Query(
            alias="from",
            max_length=10,
            description="Incidents on or after this day (YYYY-MM-DD, YYYY-MM, YYYY).",
        ),
    ] = None,
    date_to: Annotated[
        str | None,
        Query(
            alias="to",
            max_length=10,
            description="Incidents on or before this day (YYYY-MM-DD, YYYY-MM, YYYY).",
        ),
    ] = None,
    lang: Annotated[
        list[str] | None, Query(description="Language of a source article (en, nl, ...); repeatable.")
    ] = None,
    q: Annotated[
        str | None,
        Query(max_length=MAX_TEXT, description="Words that a source article contains (full text)."),
    ] = None,
    place: Annotated[str | None, Query(max_length=40, description="A place id, e.g. gn:2759794.")] = None,
) -> Filters:
    return parse_filters(type, country, date_from, date_to, lang, q, place)


def paging(
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page number, from 1.")] = 1,
    limit: Annotated[
        int, Query(ge=1, le=MAX_LIMIT, description=f"Incidents per page, at most {MAX_LIMIT}.")
    ] = (DEFAULT_LIMIT),
    sort: Annotated[
        str | None, Query(max_length=20, description="newest (default), oldest or fatalities.")
    ] = None,
) -> Paging:
    return parse_paging(page, limit, sort)


FiltersDep = Annotated[Filters, Depends(filters)]
PagingDep = Annotated[Paging, Depends(paging)]


def cached(request: Request, backend: Any, key: Any, compute: Callable[[], Any]) -> Any:
    """`compute()`, or its answer kept from an earlier request while the data has not changed."""
    return request.app.state.cache.get(backend, key, compute)


def _with_db(request: Request, work: Callable[[Any], Any]) -> Any:
    with request.app.state.db.backend() as backend:
        return work(backend)


# ---------------------------------------------------------------- the explorer


@router.get("/", include_in_schema=False)
def home(request: Request) -> Response:
    query = request.url.query
    return RedirectResponse("/incidents" + (f"?{query}" if query else ""), status_code=307)


def _listing(request: Request, f: Filters, p: Paging) -> dict[str, Any]:
    def work(backend: Any) -> dict[str, Any]:
        # The totals are the same on every page of a view: kept, so paging runs only the list query.
        total, deaths = cached(request, backend, ("totals", f), lambda: queries.totals(backend, f))
        rows = queries.list_incidents(backend, f, p)
        return {
            "total": total,
            "fatalities": deaths,
            "rows": rows,
            "facets": cached(request, backend, "facets", lambda: queries.facets(backend)),
        }

    data = _with_db(request, work)
    pages = max(1, math.ceil(data["total"] / p.limit))
    extra = {
        "limit": p.limit if p.limit != DEFAULT_LIMIT else None,
        "sort": p.sort if p.sort != "newest" else None,
    }
    data.update(pages=pages, extra=extra)

    def link(path: str, page: int) -> str | None:
        if not 1 <= page <= pages or page == p.page:
            return None
        query = f.query_string(**extra, page=page if page > 1 else None)
        return path + (f"?{query}" if query else "")

    data["link"] = link
    return data


@router.get(
    "/incidents.json",
    response_model=None,
    responses={200: {"model": schemas.IncidentList}, **_ERRORS},
    dependencies=[only(*_FILTER_NAMES, "page", "limit", "sort")],
    summary="Incidents matching the filters, one page at a time",
    tags=["incidents"],
)
def incidents_json(request: Request, f: FiltersDep, p: PagingDep) -> JSONResponse:
    data = _listing(request, f, p)
    query = f.query_string(**data["extra"], page=p.page if p.page > 1 else None)
    return JSONResponse(
        {
            "total": data["total"],
            "fatalities": data["fatalities"],
            "page": p.page,
            "pages": data["pages"],
            "limit": p.limit,
            "sort": p.sort,
            "filters": f.to_dict(),
            "incidents": [row.to_dict() for row in data["rows"]],
            "next": data["link"]("/incidents.json", p.page + 1),
            "prev": data["link"]("/incidents.json", p.page - 1),
            "html": "/incidents" + (f"?{query}" if query else ""),
        }
    )


@router.get(
    "/incidents",
    response_class=HTMLResponse,
    responses=_ERRORS,
    dependencies=[only(*_FILTER_NAMES, "page", "limit", "sort")],
    summary="The explorer page: map, timeline, filters and list (JSON twin: /incidents.json)",
    tags=["pages"],
)
def incidents_page(request: Request, f: FiltersDep, p: PagingDep) -> HTMLResponse:
    data = _listing(request, f, p)
    query = f.query_string(**data["extra"], page=p.page if p.page > 1 else None)
    return render(
        request,
        "incidents.html",
        f=f,
        p=p,
        total=data["total"],
        fatalities=data["fatalities"],
        rows=data["rows"],
        pages=data["pages"],
        facets=data["facets"],
        next_url=data["link"]("/incidents", p.page + 1),
        prev_url=data["link"]("/incidents", p.page - 1),
        json_url="/incidents.json" + (f"?{query}" if query else ""),
        remove=lambda name, value: _without(f, data["extra"], name, value),
        place_name=_place_name(data["rows"], f.place),
        event_types=EVENT_TYPES,
        type_names=EVENT_TYPE_NAMES,
        sub_names=SUB_EVENT_TYPE_NAMES,
        sub_types=SUB_EVENT_TYPES,
        country_name=queries.country_name,
    )


def _without(f: Filters, extra: dict[str, Any], name: str, value: str) -> str:
    """The explorer URL of this view with one filter value taken away (the x on a filter chip)."""
    pairs = [(k, v) for k, v in f.params() if not (k == name and v == value)]
    pairs += [(k, str(v)) for k, v in extra.items() if v is not None]
    return "/incidents" + (f"?{urlencode(pairs)}" if pairs else "")


def _place_name(rows: list[queries.IncidentRow], place: str | None) -> str | None:
    if not place:
        return None
    return next((r.place or r.admin1 for r in rows if r.place or r.admin1), None) or place


# ---------------------------------------------------------------- map, timeline, facets


@router.get(
    "/map.json",
    response_model=None,
    responses={200: {"model": schemas.MapPoints}, **_ERRORS},
    dependencies=[only(*_FILTER_NAMES)],
    summary="GeoJSON points of the matching incidents, one per place and event type",
    tags=["incidents"],
)
def map_json(request: Request, f: FiltersDep) -> JSONResponse:
    data = _with_db(request, lambda b: cached(request, b, ("map", f), lambda: queries.map_points(b, f)))
    return JSONResponse({**data, "filters": f.to_dict()})


@router.get(
    "/timeline.json",
    response_model=None,
    responses={200: {"model": schemas.Timeline}, **_ERRORS},
    dependencies=[only(*_FILTER_NAMES, "bucket")],
    summary="Matching incidents per day, week or month and event type",
    tags=["incidents"],
)
def timeline_json(
    request: Request,
    f: FiltersDep,
    bucket: Annotated[str, Query(max_length=10, description="auto (default), day, week or month.")] = "auto",
) -> JSONResponse:
    if bucket not in BUCKETS:
        raise BadParameter("bucket", f"unknown bucket {bucket!r}; use one of {', '.join(BUCKETS)}")
    data = _with_db(
        request, lambda b: cached(request, b, ("timeline", f, bucket), lambda: queries.timeline(b, f, bucket))
    )
    return JSONResponse({**data, "filters": f.to_dict()})


@router.get(
    "/facets.json",
    response_model=None,
    responses={200: {"model": schemas.Facets}, **_ERRORS},
    dependencies=[only()],
    summary="What the filters can choose from: countries, event types, languages, date range",
    tags=["incidents"],
)
def facets_json(request: Request) -> JSONResponse:
    data = dict(_with_db(request, lambda b: cached(request, b, "facets", lambda: queries.facets(b))))
    data["types"] = [
        {**item, "label": EVENT_TYPE_NAMES[item["type"]], "sub_event_types": list(EVENT_TYPES[item["type"]])}
        for item in data["types"]
    ]
    return JSONResponse(data)


# ---------------------------------------------------------------- one incident


SOURCES_PER_PAGE = 6  # an incident with hundreds of reports shows them a page at a time


def _incident(
    request: Request, incident_id: str, start: int = 0, count: int | None = None
) -> tuple[Any, list[Any]]:
    iid = check_incident_id(incident_id)
    found = _with_db(request, lambda backend: queries.get_incident(backend, iid)) if iid else None
    if found is None:
        raise HTTPException(404, f"no incident {incident_id[:40]!r}; find incidents at /incidents")
    incident, articles = found
    return incident, source_views(incident, articles, start, count)


def _history(request: Request, incident_id: str) -> list[IncidentChange]:
    if not getattr(request.app.state.db, "has_history", False):
        return []
    return _with_db(request, lambda backend: history.history(backend, incident_id))  # type: ignore[no-any-return]


@router.get(
    "/incidents/{incident_id}.json",
    response_model=None,
    responses={200: {"model": schemas.IncidentDetail}, 404: {"model": schemas.Error}, **_ERRORS},
    dependencies=[only()],
    summary="One incident: fused fields, rules, sources with article text and highlight offsets",
    tags=["incidents"],
)
def incident_json_route(request: Request, incident_id: str) -> JSONResponse:
    incident, views = _incident(request, incident_id)
    out = incident_json(incident, views)
    out["history"] = [change.to_dict() for change in _history(request, incident.id)]
    return JSONResponse(out)


@router.get(
    "/incidents/{incident_id}",
    response_class=HTMLResponse,
    responses={404: {"description": "No such incident."}, **_ERRORS},
    dependencies=[only("sources")],
    summary="The incident page: fields with precision, sources side by side with evidence highlighted",
    tags=["pages"],
)
def incident_page(
    request: Request,
    incident_id: str,
    sources: Annotated[
        int, Query(ge=1, le=MAX_PAGE, description=f"Page of sources ({SOURCES_PER_PAGE} a page), from 1.")
    ] = 1,
) -> HTMLResponse:
    start = (sources - 1) * SOURCES_PER_PAGE
    incident, views = _incident(request, incident_id, start, SOURCES_PER_PAGE)
    total = len(incident.sources)
    pages = max(1, math.ceil(total / SOURCES_PER_PAGE))
    if sources > pages:
        raise BadParameter("sources", f"this incident has {pages} page(s) of sources")

    def source_link(article_id: str) -> str:
        """Where a source is shown: on this page, or on its page of sources."""
        at = next((n for n, s in enumerate(incident.sources) if s.article_id == article_id), 0)
        page = at // SOURCES_PER_PAGE + 1
        return ("" if page == sources else f"?sources={page}") + f"#s{at + 1}"

    return render(
        request,
        "incident.html",
        incident=incident,
        sources=views,
        fields=field_rows(incident),
        field_labels=FIELD_LABELS,
        acled_id=event_id_cnty(incident.id, incident.location.country),
        country_name=queries.country_name,
        type_names=EVENT_TYPE_NAMES,
        sub_names=SUB_EVENT_TYPE_NAMES,
        langs=sorted({s.lang for s in incident.sources if s.lang}),
        coding=coding,
        toll=check_tolls(incident),
        source_link=source_link,
        source_page=sources,
        source_pages=pages,
        source_total=total,
        source_first=start + 1,
        source_last=start + len(views),
        history=_history(request, incident.id),
    )


# ---------------------------------------------------------------- about the API


@router.get(
    "/status.json",
    response_model=None,
    responses={200: {"model": schemas.Status}},
    dependencies=[only()],
    summary="Which database is served, how many incidents, whether the front-end assets are installed",
    tags=["about"],
)
def status_json(request: Request) -> JSONResponse:
    count = _with_db(request, lambda backend: backend.query("SELECT COUNT(*) FROM incidents")[0][0])
    return JSONResponse(
        {
            "database": request.app.state.db.kind,
            "incidents": int(count),
            "read_only": True,
            "assets_missing": request.app.state.missing_assets,
            "version": __version__,
        }
    )


@router.get(
    "/api",
    response_class=HTMLResponse,
    dependencies=[only()],
    summary="The API's routes and parameters as a page (JSON twin: /openapi.json)",
    tags=["pages"],
)
def api_page(request: Request) -> HTMLResponse:
    spec = request.app.openapi()
    operations = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            params = [
                {
                    "name": prm["name"],
                    "where": prm["in"],
                    "type": _schema_type(prm.get("schema", {})),
                    "description": prm.get("description", ""),
                }
                for prm in op.get("parameters", [])
            ]
            operations.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "summary": op.get("summary", ""),
                    "parameters": params,
                }
            )
    return render(request, "api.html", operations=operations, title=spec["info"]["title"])


def _schema_type(schema: dict[str, Any]) -> str:
    """A parameter's type in words: "string", "integer", "list of string", "string or null"."""
    if "anyOf" in schema:
        return " or ".join(_schema_type(s) for s in schema["anyOf"] if s.get("type") != "null")
    if schema.get("type") == "array":
        return "list of " + _schema_type(schema.get("items", {}))
    return str(schema.get("type", ""))
