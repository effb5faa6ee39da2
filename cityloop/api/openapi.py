"""The OpenAPI 3.1 document of CityLoop's public APIs, put together from one module per part.

Built once per process and kept as bytes: everything in it comes from code
and settings, so it only changes when the settings do (tests override
them, hence the ``setting_changed`` hook). ``servers`` is the address the
city serves on, read from ``settings.PUBLIC_URL`` at each request.
A new endpoint joins by adding its paths (and schemas) to one of the
``PARTS`` modules, or a new module to ``PARTS``; the schemathesis test
then fuzzes it (tests/api/).
"""

from __future__ import annotations

import functools
import json
from types import ModuleType
from typing import Any

from django.core.signals import setting_changed
from django.dispatch import receiver

import cityloop
from cityloop.api import (
    open311_paths,
    open311_schemas,
    participation_paths,
    places_paths,
    public_paths,
    service_paths,
    sta_paths,
    warnings_paths,
)

OPENAPI_VERSION = "3.1.0"
# (module with paths(), its component schemas)
PARTS: tuple[tuple[ModuleType, dict[str, Any]], ...] = (
    (open311_paths, open311_schemas.SCHEMAS),
    (public_paths, public_paths.SCHEMAS),
    (places_paths, places_paths.SCHEMAS),
    (sta_paths, sta_paths.SCHEMAS),
    (service_paths, service_paths.SCHEMAS),
    (warnings_paths, warnings_paths.SCHEMAS),
    (participation_paths, participation_paths.SCHEMAS),
)
TAGS = [
    {"name": open311_paths.TAG, "description": "Report problems and follow them: the Open311 "
     "GeoReport v2 server, in JSON and XML (docs/open311.md).",
     "externalDocs": {"url": "http://wiki.open311.org/GeoReport_v2"}},
    {"name": public_paths.TAG, "description": "Open data: de-identified cases, areas, vital "
     "signs and sensor series."},
    {"name": places_paths.TAG, "description": "Find a place by name as you type, and name a "
     "point: the city's gazetteer (docs/places.md)."},
    {"name": "Audit", "description": "Signed checkpoints of the case history (docs/audit.md)."},
    {"name": sta_paths.TAG, "description": "OGC SensorThings API 1.1, in outline "
     "(docs/sensorthings.md).",
     "externalDocs": {"url": "https://docs.ogc.org/is/18-088/18-088.html"}},
    {"name": warnings_paths.TAG, "description": "Public warnings: the ones in force, "
     "publishing with a warnings:publish key, CAP 1.2 documents and their Atom feed "
     "(docs/warnings.md).",
     "externalDocs": {"url": "https://docs.oasis-open.org/emergency/cap/v1.2/CAP-v1.2.html"}},
    {"name": participation_paths.TAG, "description": "Residents deciding: published "
     "processes, their proposals with supports and answers, participatory budgets and "
     "their results, surveys with their counts and map answers; no resident in any of "
     "them (docs/api.md#participation)."},
    {"name": service_paths.TAG, "description": "Health, readiness, metrics, this document."},
]
DESCRIPTION = (
    "CityLoop's HTTP APIs for apps and integrators: Open311 GeoReport v2 (every operation "
    "in .json and .xml), the public open data and vital signs, the gazetteer, residents' "
    "participation (proposals, budgets, surveys), the audit "
    "checkpoints, the SensorThings API in outline and the operational probes. Every refusal "
    "is answered in the protocol's own error format, never with a server error. See "
    "docs/api.md."
)


def build(public_url: str) -> dict[str, Any]:
    """The whole document, its servers pointing at ``public_url``."""
    paths: dict[str, Any] = {}
    schemas: dict[str, Any] = {}
    for module, module_schemas in PARTS:
        paths.update(module.paths())
        schemas.update(module_schemas)
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "CityLoop",
            "version": cityloop.__version__,
            "summary": "People-centred city operations: reports, cases, sensors, open data.",
            "description": DESCRIPTION,
            "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
        },
        "servers": [{"url": public_url or "/", "description": "This city's CityLoop."}],
        "tags": TAGS,
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {**open311_paths.security_scheme(), **sta_paths.security_schemes(),
                                **service_paths.security_scheme()},
        },
    }


@functools.lru_cache(maxsize=4)
def document_bytes(public_url: str) -> bytes:
    return json.dumps(build(public_url), ensure_ascii=False, indent=1).encode("utf-8")


@receiver(setting_changed)
def _forget(**kwargs: Any) -> None:
    document_bytes.cache_clear()
