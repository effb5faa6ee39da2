"""/api/v1/places and /api/v1/places/reverse: find a place by name, name a pin.

Answers GeoJSON as Photon and Pelias do (a FeatureCollection of points whose
properties carry the name in the request's language, the kind, the area and
the distance), from the gazetteer each process holds in memory
(cityloop/geo/places). Public: places are not personal data. Not counted
against a rate limit, as the other public read-only JSON is not: a counter
row written per keystroke would cost more than the answer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from cityloop.geo import index as area_index
from cityloop.geo.places.search import Found, area_found, find, nearest

DEFAULT_LIMIT = 10
MAX_LIMIT = 50
MAX_QUERY = 200


class BadRequest(ValueError):
    """A parameter the API cannot answer; the message says which and why."""


@dataclass(frozen=True)
class Position:
    lat: float
    lon: float


@csrf_exempt  # read-only: another method gets 405, not the CSRF refusal of a form
@require_safe
def places(request: HttpRequest) -> JsonResponse:
    try:
        text = _query(request)
        limit = _limit(request)
        position = _position(request, required=False)
        language = _language(request)
    except BadRequest as exc:
        return _error(str(exc))
    with override(language):  # the labels' commas too
        found = find(text, limit=limit, language=language, lat=position.lat if position else None,
                     lon=position.lon if position else None)
        return _collection(found, with_distance=position is not None)


@csrf_exempt
@require_safe
def places_reverse(request: HttpRequest) -> JsonResponse:
    try:
        position = _position(request, required=True)
        language = _language(request)
    except BadRequest as exc:
        return _error(str(exc))
    assert position is not None  # required=True
    street = area_index.area_at(position.lat, position.lon)
    street_id = street.id if street else None
    with override(language):
        found = nearest(position.lat, position.lon, area_id=street_id, language=language)
        if found is None and street_id is not None:
            found = area_found(street_id, position.lat, position.lon, language)
        return _collection([found] if found else [], with_distance=True)


def _query(request: HttpRequest) -> str:
    text = request.GET.get("q", "").strip()
    if not text:
        raise BadRequest(_("q is required: the name, or the start of the name, to look for."))
    if len(text) > MAX_QUERY:
        raise BadRequest(_("q is too long: at most %(max)d characters.") % {"max": MAX_QUERY})
    return text


def _limit(request: HttpRequest) -> int:
    if "limit" not in request.GET:
        return DEFAULT_LIMIT
    raw = request.GET["limit"].strip()
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise BadRequest(_("limit must be a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT})
    return int(raw)


def _position(request: HttpRequest, *, required: bool) -> Position | None:
    if "lat" not in request.GET and "lon" not in request.GET and not required:
        return None
    raw_lat = request.GET.get("lat", "").strip()
    raw_lon = request.GET.get("lon", "").strip()
    if not raw_lat or not raw_lon:
        raise BadRequest(_("lat and lon are needed together, in degrees (WGS 84)."))
    lat = _degrees(raw_lat, "lat", 90)
    lon = _degrees(raw_lon, "lon", 180)
    return Position(lat, lon)


def _degrees(raw: str, name: str, limit: int) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or abs(value) > limit:
        raise BadRequest(_("%(name)s must be a number of degrees from -%(limit)d to %(limit)d.")
                         % {"name": name, "limit": limit})
    return value


def _language(request: HttpRequest) -> str:
    """``lang=`` when given, else the request's (Accept-Language, the language cookie)."""
    if "lang" not in request.GET:
        return get_language() or settings.LANGUAGE_CODE
    raw = request.GET["lang"].strip().lower()
    known = [code for code, _name in settings.LANGUAGES]
    for code in known:
        if raw == code or code.split("-")[0] == raw:
            return code
    raise BadRequest(_("lang must be one of %(languages)s.") % {"languages": ", ".join(known)})


def _collection(found: list[Found], *, with_distance: bool) -> JsonResponse:
    features = []
    for item in found:
        properties: dict[str, object] = {
            "id": item.id, "name": item.name, "label": item.label, "kind": item.kind,
            "area": item.area,
        }
        if with_distance and item.distance is not None:
            properties["distance"] = round(item.distance)
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(item.lon, 6), round(item.lat, 6)]},
            "properties": properties,
        })
    response = JsonResponse({"type": "FeatureCollection", "features": features},
                            json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=300"
    response["Vary"] = "Accept-Language, Cookie"
    return response


def _error(message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": 400, "message": message}}, status=400,
                        json_dumps_params={"ensure_ascii": False})
