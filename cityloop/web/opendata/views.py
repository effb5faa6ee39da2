"""``/opendata/``: the cases' open data the nightly job wrote, and a page saying what it is.

The files live in ``DATA_DIR/opendata/`` (``analytics.jobs``), outside the
static files, so a small view serves them: only the four names the export
writes, each with its media type; any other name is a 404, so no path can
reach another file of the data directory. Files are streamed
(``FileResponse``), never read whole.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_safe

from cityloop.analytics import jobs
from cityloop.analytics.opendata_export import FILES
from cityloop.analytics.opendata_export.catalog import COLUMN_TEXT

MEDIA_TYPES = {
    "cases.csv": "text/csv; charset=utf-8",
    "cases.geojson": "application/geo+json",
    "cases.parquet": "application/vnd.apache.parquet",
    "catalog.json": "application/ld+json",
}
MAX_AGE = 3600


@require_safe
def download(request: HttpRequest, name: str) -> FileResponse:
    if name not in FILES:
        raise Http404
    path = jobs.directory() / name
    if not path.is_file():
        raise Http404
    # The response closes the file once it is sent.
    response = FileResponse(open(path, "rb"), content_type=MEDIA_TYPES[name])  # noqa: SIM115
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site's script may read it
    return response


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "web/public/opendata.html", _summary())


def _summary() -> dict[str, Any]:
    """What the page shows, from the catalogue of the last export (none: not yet)."""
    directory = jobs.directory()
    try:
        catalog = json.loads((directory / "catalog.json").read_text(encoding="utf-8"))
        dataset = catalog["dcat:dataset"][0]
    except (OSError, ValueError, KeyError, IndexError):
        return {"published": False}
    modified: datetime | None = parse_datetime(str(dataset.get("dct:modified", {}).get("@value")))
    files = [{"name": name, "size": (directory / name).stat().st_size}
             for name in FILES if (directory / name).is_file()]
    return {
        "published": True, "files": files, "modified": modified,
        "k": dataset.get("cityloop:k"), "rows": dataset.get("cityloop:rows"),
        "suppressed": dataset.get("cityloop:suppressedRows"),
        "quasi_identifiers": dataset.get("cityloop:quasiIdentifiers", []),
        # The catalogue is written in the city's language; the page speaks the reader's.
        "columns": [{"name": c.get("csvw:name"),
                     "description": str(COLUMN_TEXT.get(c.get("csvw:name"),
                                                        c.get("dct:description", "")))}
                    for c in dataset.get("csvw:tableSchema", {}).get("csvw:column", [])],
        "licence": catalog.get("dct:license", {}).get("@id", ""),
    }
