"""A map to draw an area's outline on, kept in sync with the GeoJSON text box.

Leaflet is served from the installed XStatic-Leaflet (``vendor/leaflet``),
so the widget works without internet. The base map is the tile server's
when ``MAP_TILES_URL`` is set, else the city's own (``/basemap/``, drawn by
``cityloop/basemap.js``) when it has one; the other areas of the city,
drawn faintly, give the context a blank map lacks. The text box stays the form's value and can
be edited by hand; ``geo/area-map.js`` keeps both views in step.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms

from cityloop.conf.basemap import map_config


class AreaMapWidget(forms.Textarea):
    template_name = "geo/widgets/area_map.html"

    class Media:
        css = {"all": ["vendor/leaflet/leaflet.css", "geo/area-map.css"]}
        js = ["vendor/leaflet/leaflet.js", "cityloop/basemap.js", "geo/area-map.js"]

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs={"rows": 6, "class": "area-map__text", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        # JSONField's form field hands over JSON text ("null" for a new area).
        if value is None or value == "null":
            return ""
        if isinstance(value, dict):
            return json.dumps(value)
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        config = map_config()
        context["map"] = {
            "tiles": config["tiles"],
            "attribution": config["attribution"],
            "basemap": json.dumps(config["basemap"]) if "basemap" in config else "",
            "center": json.dumps(config["center"]),
            "zoom": config["zoom"],
            "areas": config["areas"],
            "exclude": self.attrs.get("data-exclude", ""),
        }
        return context
