"""What every page's template knows about the city."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def city(request: HttpRequest) -> dict[str, Any]:
    return {
        "CITY_NAME": settings.CITY_NAME,
        "MAP_CONFIG": {
            "center": list(settings.MAP_CENTER),
            "zoom": settings.MAP_ZOOM,
            "tiles": settings.MAP_TILES_URL,
            "areas": "/areas.geojson",
        },
    }
