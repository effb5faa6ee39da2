"""The maps' base: a tile server, or the city's own base map from CITYLOOP_BASEMAP_DIR.

``basemap_dir`` is called by the settings (so it reads no setting itself);
``map_config`` by every map, in the page's language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language

# ``CITYLOOP_BASEMAP_DIR=demo`` names the demo city's files inside the
# installed package. The demo writes the name, not the path: a path into
# site-packages goes stale when CityLoop is reinstalled or Python upgraded,
# and the demo would then refuse to start.
DEMO = "demo"
DEMO_DIR = Path(__file__).resolve().parents[1] / "demo" / "data"


def basemap_dir(value: str) -> Path | None:
    """The directory, or None when unset; a set but missing directory fails fast,
    as a misspelt path would otherwise only show as a map without streets."""
    if not value:
        return None
    path = DEMO_DIR if value == DEMO else Path(value).expanduser()
    if not path.is_dir():
        raise ImproperlyConfigured(
            f"CITYLOOP_BASEMAP_DIR={value!r} is not a directory: give the directory of the "
            "base map's GeoJSON files (docs/deploy.md), or leave it empty")
    return path


# The tile zooms the base map is cut at (cityloop/web/basemap/data.py says
# what each shows); the browser asks for the band at or below its zoom.
ZOOM_BANDS = (10, 12, 14)
LAYER_FILES = ("water.geojson", "parks.geojson", "roads.geojson", "landmarks.geojson")
OSM_CREDIT = "&copy; OpenStreetMap contributors"


def available(directory: Path | None) -> bool:
    """Whether a base map can be drawn: the directory holds at least one layer."""
    return directory is not None and any((directory / name).is_file() for name in LAYER_FILES)


def map_config() -> dict[str, Any]:
    """What every map needs: the tiles, or else the city's own base map, and the areas.

    Read by the pages' ``#map-config`` (map.js) and the admin's area widget.
    """
    tiles = settings.MAP_TILES_URL
    attribution = settings.MAP_ATTRIBUTION
    if tiles and not attribution and "openstreetmap.org" in tiles:
        attribution = OSM_CREDIT  # OSM's tile policy asks for the credit
    config: dict[str, Any] = {
        "center": list(settings.MAP_CENTER),
        "zoom": settings.MAP_ZOOM,
        "tiles": tiles,
        "attribution": attribution,
        "areas": reverse("areas"),
    }
    if not tiles and available(settings.BASEMAP_DIR):
        # The tile address with {z}/{x}/{y} left for the browser to fill in.
        sample = reverse("basemap-tile", kwargs={"z": 0, "x": 0, "y": 0})
        config["basemap"] = {
            "url": sample.replace("0/0/0", "{z}/{x}/{y}"),
            "bands": list(ZOOM_BANDS),
            "lang": get_language() or settings.LANGUAGE_CODE,
            "script": static("cityloop/basemap.js"),
        }
    return config
