"""The public JSON of the site: open data, vital signs, sensor series, audit checkpoints.

Each one as its view answers it: cityloop/web/public/views.py (cases),
cityloop/web/views.py (areas), cityloop/web/sensing/views.py (vital signs
and series), cityloop/web/audit.py (checkpoints). None needs a key; what
they show depends on who asks only where a signed-in member of staff also
sees the non-public indicators and private sensors.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cityloop.api.spec import (
    JSON,
    Schema,
    method_not_allowed,
    nullable,
    obj,
    path_param,
    query,
    ref,
    response,
    string,
)

TAG = "Public data"
NUMBER = {"type": "number"}
TEXT = {"type": "string"}
DATETIME = string(format="date-time")

GEOMETRY = {
    "type": "object",
    "description": "A GeoJSON geometry (RFC 7946), longitude first.",
    "required": ["type", "coordinates"],
    "properties": {
        "type": {"type": "string", "enum": ["Point", "MultiPoint", "LineString",
                                            "MultiLineString", "Polygon", "MultiPolygon"]},
        "coordinates": {"type": "array"},
    },
}

CASE_FEATURE = obj({
    "type": {"const": "Feature"},
    "geometry": obj({"type": {"const": "Point"},
                     "coordinates": {"type": "array", "items": NUMBER, "minItems": 2,
                                     "maxItems": 2}}, ["type", "coordinates"]),
    "properties": obj({
        "ref": TEXT,
        "category": TEXT,
        "service_code": TEXT,
        "status": TEXT,
        "status_label": TEXT,
        "open": {"type": "boolean"},
        "area": TEXT,
        "reported": string(format="date"),
    }, ["ref", "category", "service_code", "status", "status_label", "open", "area",
        "reported"]),
}, ["type", "geometry", "properties"])

AREA_FEATURE = obj({
    "type": {"const": "Feature"},
    "geometry": ref("Geometry"),
    "properties": obj({"code": TEXT, "name": TEXT,
                       "level": {"type": "string", "enum": ["city", "district", "street"]}},
                      ["code", "name", "level"]),
}, ["type", "geometry", "properties"])


def _collection(feature: str, **extra: Schema) -> Schema:
    return obj({"type": {"const": "FeatureCollection"},
                "features": {"type": "array", "items": ref(feature)}, **extra},
               ["type", "features", *extra])


INDICATOR = obj({
    "code": TEXT,
    "name": TEXT,
    "names": {"type": "object", "additionalProperties": TEXT,
              "description": "The name in every language, by language code."},
    "description": TEXT,
    "unit": TEXT,
    "source": string("datastream, cases, manual or a city's own source."),
    "better": {"type": "string", "enum": ["higher", "lower"]},
    "target": obj({"green": nullable(NUMBER), "amber": nullable(NUMBER)}, ["green", "amber"]),
    "tags": {"type": "array", "items": TEXT},
    "value": nullable(NUMBER),
    "at": nullable(DATETIME),
    "band": nullable({"type": "string", "enum": ["green", "amber", "red"]}),
    "band_label": TEXT,
    "history": {"type": "array", "items": obj({
        "at": DATETIME, "value": nullable(NUMBER),
        "band": nullable({"type": "string", "enum": ["green", "amber", "red"]})},
        ["at", "value", "band"])},
    "url": string(format="uri"),
}, ["code", "name", "names", "description", "unit", "source", "better", "target", "tags",
    "value", "at", "band", "band_label", "history", "url"])

SERIES = obj({
    "datastream": obj({"id": {"type": "integer"}, "name": TEXT, "thing": TEXT,
                       "observed_property": TEXT, "unit": TEXT},
                      ["id", "name", "thing", "observed_property", "unit"]),
    "around": DATETIME,
    "from": DATETIME,
    "to": DATETIME,
    "bucket_minutes": {"type": "integer"},
    "points": {"type": "array", "items": obj({
        "t": DATETIME, "count": {"type": "integer"}, "mean": NUMBER, "min": NUMBER,
        "max": NUMBER}, ["t", "count", "mean", "min", "max"])},
    "thresholds": {"type": "array", "items": obj({
        "rule": TEXT, "level": TEXT, "value": NUMBER, "direction": TEXT},
        ["rule", "level", "value", "direction"])},
    "alerts": {"type": "array", "items": obj({
        "rule": TEXT, "rule_name": TEXT,
        "rule_names": {"type": "object", "additionalProperties": TEXT},
        "level": TEXT, "highest_level": TEXT, "started_at": DATETIME,
        "ended_at": nullable(DATETIME), "peak": nullable(NUMBER)},
        ["rule", "rule_name", "rule_names", "level", "highest_level", "started_at",
         "ended_at", "peak"])},
}, ["datastream", "around", "from", "to", "bucket_minutes", "points", "thresholds", "alerts"])

CHECKPOINT = obj({
    "number": {"type": "integer"},
    "at": TEXT,
    "cases": {"type": "integer"},
    "events": {"type": "integer"},
    "max_event_id": {"type": "integer"},
    "counters": {"type": "object", "additionalProperties": {"type": "integer"},
                 "description": "The last reference number handed out, by year."},
    "heads_digest": string("SHA-256 of every case's event count and last hash."),
    "prev": string("The signature of the checkpoint before."),
    "signature": string("HMAC-SHA256 with the city's audit key (docs/audit.md)."),
}, ["number", "at", "cases", "events", "max_event_id", "counters", "heads_digest", "prev",
    "signature"])

BASEMAP_FEATURE = obj({
    "type": {"const": "Feature"},
    "id": string("The feature's id; a road cut into several tiles keeps it in each."),
    "geometry": ref("Geometry"),
    "properties": obj({
        "layer": {"type": "string", "enum": ["water", "park", "road", "landmark"]},
        "class": string("A road's class (primary, secondary, tertiary, residential), a "
                        "landmark's kind (school, hospital, station, ...), water or park."),
        "name": string("The name in the asked language (OSM's name:zh or name:en, else name)."),
        "labels": {"type": "array", "items": {"type": "array", "items": NUMBER},
                   "description": "A water's or park's label points inside this tile."},
    }, ["layer", "class", "name"]),
}, ["type", "id", "geometry", "properties"])

SCHEMAS: dict[str, Schema] = {
    "Geometry": GEOMETRY,
    "PublicCaseFeature": CASE_FEATURE,
    "PublicCases": _collection("PublicCaseFeature", truncated={
        "type": "boolean", "description": "More cases than the map limit: the newest shown."}),
    "AreaFeature": AREA_FEATURE,
    "Areas": _collection("AreaFeature"),
    "BasemapFeature": BASEMAP_FEATURE,
    "BasemapTile": _collection("BasemapFeature"),
    "Error": obj({"error": TEXT}, ["error"]),
    "VitalSign": INDICATOR,
    "VitalSigns": obj({"generated_at": DATETIME,
                       "indicators": {"type": "array", "items": ref("VitalSign")}},
                      ["generated_at", "indicators"]),
    "Series": SERIES,
    "SeriesError": obj({"error": obj({"code": {"type": "integer"}, "message": TEXT},
                                     ["code", "message"])}, ["error"]),
    "AuditCheckpoints": obj({"checkpoints": {"type": "array", "items": ref("AuditCheckpoint")}},
                            ["checkpoints"]),
    "AuditCheckpoint": CHECKPOINT,
}


def get(operation_id: str, summary: str, description: str, ok: dict[str, Any],
        parameters: Sequence[dict[str, Any]] = (), extra: dict[str, Any] | None = None,
        tag: str = TAG) -> dict[str, Any]:
    """A GET-only address (``require_GET``: other methods get Django's 405)."""
    return {"get": {
        "tags": [tag], "operationId": operation_id, "summary": summary,
        "description": description, "parameters": list(parameters),
        "responses": {"200": ok, **(extra or {}), "405": method_not_allowed()},
    }}


def paths() -> dict[str, Any]:
    not_found = response("No such datastream, or one this reader may not see.")
    return {
        "/stats/cases.geojson": get(
            "publicCases", "Public cases on a map",
            "De-identified cases of public categories reported in the last 90 days that are "
            "open or resolved, newest first, located to about 10 m; no description, contact "
            "or note. Sensitive categories are never listed.",
            response("The cases.", JSON, ref("PublicCases"))),
        "/areas.geojson": get(
            "areas", "The city's areas",
            "Districts and streets (sub-districts) as GeoJSON, names in the request's language.",
            response("The areas.", JSON, ref("Areas")),
            [query("level", "Only this level; any other value lists every level.",
                   {"type": "string"}, example="district")]),
        "/basemap/{z}/{x}/{y}.geojson": get(
            "basemapTile", "A tile of the city's own base map",
            "Water, parks, roads and (at zoom 14) landmarks inside a Web Mercator tile, "
            "simplified for the zoom band and clipped to the tile, named in the asked "
            "language (docs/deploy.md#the-base-map). Cacheable for an hour; revalidate "
            "with the ETag.",
            {**response("The tile.", "application/geo+json", ref("BasemapTile")),
             "headers": {"ETag": {"schema": TEXT}}},
            [path_param("z", "The zoom band.", {"type": "integer", "enum": [10, 12, 14]}),
             path_param("x", "The tile's column.", {"type": "integer", "minimum": 0}),
             path_param("y", "The tile's row.", {"type": "integer", "minimum": 0}),
             query("lang", "The names' language (default en).",
                   {"type": "string", "enum": ["en", "zh-hans"]}, example="zh-hans")],
            {"304": response("Not modified since the ETag given in If-None-Match."),
             "400": response("An unknown language.", JSON, ref("Error")),
             "404": response("No base map, a zoom that is not a band, or a tile beyond "
                             "the zoom.", JSON, ref("Error"))}),
        "/vital-signs.json": get(
            "vitalSigns", "The city's vital signs",
            "Each public indicator's latest value, band against its target and recent history "
            "(staff also see the non-public ones).",
            response("The indicators.", JSON, ref("VitalSigns"))),
        "/sensing/datastreams/{id}/series.json": get(
            "datastreamSeries", "A sensor's series for charts",
            "Per-bucket count, mean, minimum and maximum around a moment, with the rules' "
            "thresholds and alerts. Private sensors answer 404 to anonymous readers.",
            response("The series.", JSON, ref("Series")),
            [path_param("id", "The datastream's id.", {"type": "integer", "minimum": 1}),
             query("around", "The middle of the window, ISO 8601 (default: now).",
                   {"type": "string"}, example="2026-06-01T14:00:00+08:00"),
             query("minutes", "The window's length in minutes.",
                   {"type": "integer", "minimum": 10, "maximum": 10080})],
            {"400": response("around or minutes is malformed.", JSON, ref("SeriesError")),
             "404": not_found}),
        "/audit/checkpoints.json": get(
            "auditCheckpoints", "Signed audit checkpoints",
            "The newest 1000 signed checkpoints of the case history, newest first, for anyone "
            "to archive and later check the database against (docs/audit.md). No case "
            "reference, text or person.",
            response("The checkpoints.", JSON, ref("AuditCheckpoints")), tag="Audit"),
    }
