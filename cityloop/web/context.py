"""What every page's template knows about the city."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from cityloop.conf.cityname import city_name


def city(request: HttpRequest) -> dict[str, Any]:
    return {
        # In the page's language, and only looked up by pages that show it.
        "CITY_NAME": SimpleLazyObject(city_name),
        "MAP_CONFIG": {
            "center": list(settings.MAP_CENTER),
            "zoom": settings.MAP_ZOOM,
            "tiles": settings.MAP_TILES_URL,
            "areas": "/areas.geojson",
        },
    }
