"""Views shared by every part of the site: the city's areas (health checks: ``health``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from cityloop.geo.models import Area, AreaLevel
from cityloop.i18n import pick


@csrf_exempt  # read-only: another method gets 405 with Allow, not the CSRF form page
@require_GET
def areas_geojson(request: HttpRequest) -> JsonResponse:
    """The city's areas as GeoJSON for maps (public: areas are not personal data).

    ``?level=district`` limits to one level. Drawn by every map, so that a
    map without tiles (no internet) still shows the city.
    """
    areas = Area.objects.order_by("level", "name")
    level = request.GET.get("level", "")
    if level in AreaLevel.values:
        areas = areas.filter(level=level)
    lang = get_language()
    features = [
        {
            "type": "Feature",
            "geometry": area.geometry,
            "properties": {
                "code": area.code,
                "name": pick(area.name, area.name_i18n, lang),
                "level": area.level,
            },
        }
        for area in areas
    ]
    response = JsonResponse({"type": "FeatureCollection", "features": features})
    response["Cache-Control"] = "public, max-age=300"
    response["Vary"] = "Accept-Language, Cookie"
    return response


@require_GET
def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """``/favicon.ico``, which browsers ask for on pages that name no icon (the admin's),
    sent to the site's own icon instead of a 404 in every admin page's console."""
    return HttpResponsePermanentRedirect(static("cityloop/favicon.svg"))
