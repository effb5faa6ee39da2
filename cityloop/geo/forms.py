"""The admin's area form: the outline drawn on a map, checked with a clear message."""

from __future__ import annotations

import json
from typing import Any

import shapely
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from shapely.validation import explain_validity

from cityloop.admin_i18n import TranslatedForm
from cityloop.geo.models import Area
from cityloop.geo.shapes import ALLOWED_TYPES, GeometryError, parse_geometry
from cityloop.geo.widgets import AreaMapWidget

EXAMPLE = '{"type": "Polygon", "coordinates": [[[106.50, 29.52], [106.55, 29.52], ' \
          '[106.55, 29.56], [106.50, 29.52]]]}'


def _closed(geometry: dict[str, Any]) -> dict[str, Any]:
    """The geometry with every ring closed: people forget the repeated first corner."""
    def close(ring: Any) -> Any:
        if isinstance(ring, list) and len(ring) >= 3 and ring[0] != ring[-1]:
            return [*ring, ring[0]]
        return ring

    coords = geometry.get("coordinates")
    if not isinstance(coords, list):
        return geometry
    if geometry.get("type") == "Polygon":
        coords = [close(ring) for ring in coords]
    elif geometry.get("type") == "MultiPolygon":
        coords = [[close(r) for r in poly] if isinstance(poly, list) else poly
                  for poly in coords]
    return {**geometry, "coordinates": coords}


def geometry_problem(geometry: Any) -> str | None:
    """Why ``geometry`` cannot be an area's outline, in words a person can act on."""
    if not isinstance(geometry, dict) or geometry.get("type") not in ALLOWED_TYPES:
        return _("Draw the outline on the map, or give a GeoJSON Polygon or MultiPolygon, "
                 "for example %(example)s.") % {"example": EXAMPLE}
    try:
        shape = shapely.from_geojson(json.dumps(geometry))
    except (shapely.errors.GEOSException, ValueError, TypeError):
        return _("The outline needs at least three corners, each a [longitude, latitude] "
                 "pair.")
    if shape.is_empty:
        return _("The outline is empty: click the map to add at least three corners.")
    if not shape.is_valid:
        return _("The outline is not a valid area (%(reason)s): move the corners so that "
                 "no edges cross.") % {"reason": explain_validity(shape)}
    try:
        parse_geometry(geometry)
    except GeometryError:
        return _("Coordinates must be longitude then latitude, in degrees (WGS 84).")
    return None


class AreaForm(TranslatedForm):
    class Meta:
        model = Area
        fields = "__all__"
        widgets = {"geometry": AreaMapWidget}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields.get("geometry")
        if field is not None:
            # The area being edited is drawn editable; the others faintly.
            field.widget.attrs["data-exclude"] = self.instance.code or ""
            field.help_text = _("Click the map to add a corner, drag a corner to move it, "
                                "double-click a corner to remove it. The GeoJSON text is "
                                "what is saved; it can be edited by hand.")

    def clean_geometry(self) -> Any:
        geometry = self.cleaned_data.get("geometry")
        if isinstance(geometry, dict):
            geometry = _closed(geometry)
        problem = geometry_problem(geometry)
        if problem:
            raise ValidationError(problem, code="invalid_geometry")
        return geometry
