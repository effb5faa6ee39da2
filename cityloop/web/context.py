"""What every page's template knows about the city."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from cityloop.conf.basemap import map_config
from cityloop.conf.cityname import city_name


def city(request: HttpRequest) -> dict[str, Any]:
    return {
        # In the page's language, and only looked up by pages that show it.
        "CITY_NAME": SimpleLazyObject(city_name),
        # The tiles or the city's own base map, and the areas (conf/basemap.py).
        "MAP_CONFIG": map_config(),
    }
