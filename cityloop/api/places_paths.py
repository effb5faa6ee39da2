"""The gazetteer in OpenAPI: /api/v1/places and /api/v1/places/reverse (cityloop/api/places.py)."""

from __future__ import annotations

from typing import Any

from cityloop.api.places import DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERY
from cityloop.api.public_paths import get
from cityloop.api.spec import JSON, Schema, obj, query, ref, response, string

TAG = "Places"
TEXT = {"type": "string"}

PLACE_FEATURE = obj({
    "type": {"const": "Feature"},
    "geometry": obj({"type": {"const": "Point"},
                     "coordinates": {"type": "array", "items": {"type": "number"},
                                     "minItems": 2, "maxItems": 2}}, ["type", "coordinates"]),
    "properties": obj({
        "id": string("Stable for the place: place:<n> or area:<code>."),
        "name": string("The name in the request's language (lang, else Accept-Language), "
                       "else in the city's default language."),
        "label": string("The name and its area, for showing on one line."),
        "kind": {"type": "string", "enum": ["road", "address", "landmark", "area"]},
        "area": string("The street (sub-district) and district the place lies in."),
        "distance": {"type": "integer", "minimum": 0,
                     "description": "Metres from lat/lon; only when they were given."},
    }, ["id", "name", "label", "kind", "area"]),
}, ["type", "geometry", "properties"])

SCHEMAS: dict[str, Schema] = {
    "PlaceFeature": PLACE_FEATURE,
    "Places": obj({"type": {"const": "FeatureCollection"},
                   "features": {"type": "array", "items": ref("PlaceFeature")}},
                  ["type", "features"]),
    "PlacesError": obj({"error": obj({"code": {"type": "integer"}, "message": TEXT},
                                     ["code", "message"])}, ["error"]),
}

LANG = query("lang", "The language of the names (default: Accept-Language).",
             {"type": "string", "enum": ["en", "zh-hans", "zh"]})


def _lat(required: bool) -> dict[str, Any]:
    return query("lat", "Latitude in degrees (WGS 84), with lon.",
                 {"type": "number", "minimum": -90, "maximum": 90}, required=required,
                 example=29.56)


def _lon(required: bool) -> dict[str, Any]:
    return query("lon", "Longitude in degrees (WGS 84), with lat.",
                 {"type": "number", "minimum": -180, "maximum": 180}, required=required,
                 example=106.55)


def paths() -> dict[str, Any]:
    bad = response("A parameter is missing or malformed; the message says which.", JSON,
                   ref("PlacesError"))
    return {
        "/api/v1/places": get(
            "placesSearch", "Find a place by name",
            "Roads, addresses, landmarks, districts and streets whose names match q, best "
            "first: every word must match a word of the name in any language, exactly, as "
            "the start of the last word (search as you type), or with one typing mistake "
            "(\"Hetnag Road\"); Chinese is matched by characters (荷塘 finds 荷塘路). With "
            "lat and lon, matches of the same quality are ordered nearest first and carry "
            "their distance. No pinyin.",
            response("The places found, best first (an empty list when none).", JSON,
                     ref("Places")),
            [query("q", "The name or the start of it.",
                   {"type": "string", "minLength": 1, "maxLength": MAX_QUERY}, required=True,
                   example="Hetang Ro"),
             query("limit", f"How many places at most (default {DEFAULT_LIMIT}).",
                   {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}),
             _lat(False), _lon(False), LANG],
            {"400": bad}, tag=TAG),
        "/api/v1/places/reverse": get(
            "placesReverse", "Name a point",
            "The nearest address within 60 m of the point, else the nearest road within "
            "500 m (at the spot on it nearest the point), else the street (sub-district) the "
            "point is in, with the area named from where the point is; an empty list outside "
            "the city.",
            response("At most one place.", JSON, ref("Places")),
            [_lat(True), _lon(True), LANG], {"400": bad}, tag=TAG),
    }
