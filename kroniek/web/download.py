"""Downloads of the current view: the incidents matching the explorer's filters, in every export format.

`/incidents.csv`, `/incidents.jsonl`, `/incidents.geojson` and `/incidents.parquet` take the same filters
as `/incidents` and answer with the same files `kroniek export` writes (ACLED's columns first in CSV),
newest first, at most `MAX_DOWNLOAD` incidents.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from kroniek.export import write_csv, write_geojson, write_jsonl, write_parquet
from kroniek.store import read
from kroniek.store.records import StoredIncident
from kroniek.web import queries
from kroniek.web.params import Filters, Paging
from kroniek.web.routes import _ERRORS, _FILTER_NAMES, FiltersDep, only

MAX_DOWNLOAD = 100_000
router = APIRouter()

_MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/x-ndjson; charset=utf-8",
    "geojson": "application/geo+json; charset=utf-8",
    "parquet": "application/vnd.apache.parquet",
}


def _incidents(request: Request, f: Filters) -> list[StoredIncident]:
    with request.app.state.db.backend() as backend:
        rows = queries.list_incidents(backend, f, Paging(1, MAX_DOWNLOAD, "newest"))
        return list(read.incidents_by_ids(backend, [row.id for row in rows]))


def _text(
    write: Callable[[list[StoredIncident], io.StringIO], Any], incidents: list[StoredIncident]
) -> bytes:
    out = io.StringIO()
    write(incidents, out)
    return out.getvalue().encode("utf-8")


def _parquet(incidents: list[StoredIncident]) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "incidents.parquet")
        write_parquet(incidents, path)
        with open(path, "rb") as stream:
            return stream.read()


def _answer(request: Request, f: Filters, fmt: str) -> Response:
    incidents = _incidents(request, f)
    if fmt == "parquet":
        try:
            body = _parquet(incidents)
        except RuntimeError as exc:  # pyarrow not installed
            return Response(str(exc), status_code=501, media_type="text/plain; charset=utf-8")
    else:
        writer = {"csv": write_csv, "jsonl": write_jsonl, "geojson": write_geojson}[fmt]
        body = _text(writer, incidents)
    headers = {"content-disposition": f'attachment; filename="kroniek-incidents.{fmt}"'}
    return Response(body, media_type=_MEDIA[fmt], headers=headers)


def _route(fmt: str) -> None:
    def download(request: Request, f: FiltersDep) -> Response:
        return _answer(request, f, fmt)

    router.add_api_route(
        f"/incidents.{fmt}",
        download,
        methods=["GET"],
        response_class=Response,
        responses=_ERRORS,
        dependencies=[only(*_FILTER_NAMES)],
        summary=f"The incidents matching the filters as a {fmt.upper()} file, as kroniek export writes it",
        tags=["downloads"],
        name=f"download_{fmt}",
    )


for _fmt in ("csv", "jsonl", "geojson", "parquet"):
    _route(_fmt)
