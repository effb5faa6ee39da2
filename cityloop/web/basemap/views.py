"""``/basemap/<z>/<x>/<y>.geojson?lang=…``: one tile of the city's own base map.

Public: the base map is the city's geography, no one's data. Tiles change
only when the files do, so they carry an ETag (the files' hash, the tile and
the language) and may be kept an hour; a revalidation costs a 304.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from cityloop.conf.basemap import available
from cityloop.web.basemap import data as basemap_data
from cityloop.web.basemap import tiles

MAX_AGE = 3600


def _number(text: str) -> int | None:
    """A tile coordinate: digits only (no sign, no space), and not absurdly long."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 7 else None


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@csrf_exempt  # read-only: another method gets 405 with Allow, not the CSRF form page
@require_safe
@gzip_page
def tile(request: HttpRequest, z: str, x: str, y: str) -> HttpResponse:
    directory = settings.BASEMAP_DIR
    if not available(directory):
        return _error(404, _("This city has no base map of its own."))
    assert isinstance(directory, Path)
    zoom = _number(z)
    if zoom not in basemap_data.BANDS:
        bands = ", ".join(str(b) for b in basemap_data.BANDS)
        return _error(404, _("The base map has tiles at zooms %(bands)s only.") % {"bands": bands})
    column, row = _number(x), _number(y)
    if column is None or row is None or column >= 2**zoom or row >= 2**zoom:
        return _error(404, _("There is no such tile at this zoom."))
    lang = request.GET.get("lang", "en")
    if lang not in dict(settings.LANGUAGES):
        codes = ", ".join(code for code, _name in settings.LANGUAGES)
        return _error(400, _("Unknown language %(lang)s: use one of %(codes)s.")
                      % {"lang": lang[:20], "codes": codes})
    loaded = basemap_data.load(directory)
    etag = f'"{loaded.version}-{zoom}-{column}-{row}-{lang}"'
    if etag in request.headers.get("If-None-Match", ""):
        response = HttpResponse(status=304)
    else:
        body = tiles.tile(loaded, zoom, column, row, lang)
        response = HttpResponse(body, content_type="application/geo+json")
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response
