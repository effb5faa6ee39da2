"""Property values sent by a client, checked and turned into model fields (OGC 18-088 §8.2, §10.2).

Unknown properties are refused with the list of the entity's properties;
so are values of the wrong type. ``@iot.*`` annotations (selfLinks,
navigationLinks) that clients echo back are ignored.
"""

from __future__ import annotations

import copy
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from cityloop.sensing.api.errors import bad_request
from cityloop.sensing.api.geo import shape_of
from cityloop.sensing.api.schema import EntityType, Prop
from cityloop.sensing.api.times import parse_instant, parse_interval, parse_time
from cityloop.sensing.models import GEOJSON


def is_annotation(key: str) -> bool:
    return key.startswith("@") or "@iot." in key


def check_keys(entity: EntityType, data: dict[str, Any]) -> None:
    for key in data:
        if is_annotation(key) or key in entity.props or key in entity.navs:
            continue
        raise bad_request(
            _("%(entity)s has no property %(name)s; it has %(known)s.")
            % {"entity": entity.name, "name": repr(key[:60]),
               "known": ", ".join([*entity.props, *entity.navs])}
        )


def fields_of(entity: EntityType, data: dict[str, Any], *, partial: bool) -> dict[str, Any]:
    """Model field values for the properties in ``data`` (all of them unless ``partial``)."""
    check_keys(entity, data)
    fields: dict[str, Any] = {}
    for name, prop in entity.props.items():
        if name in data:
            fields.update(convert(entity, prop, data[name]))
        elif not partial:
            if prop.required and not _has_default(entity, prop):
                raise bad_request(_("%(entity)s needs %(name)s.")
                                  % {"entity": entity.name, "name": name})
            fields.update(convert(entity, prop, _default(entity, prop)))
    if "location" in fields or "feature" in fields:
        _check_geometry(entity, data, fields)
    return fields


def _has_default(entity: EntityType, prop: Prop) -> bool:
    # A Location without encodingType is taken as GeoJSON, as it always was; a
    # FeatureOfInterest must say it (OGC 18-088 §8.2.8, Table 17: mandatory).
    return prop.name == "encodingType" and entity.name == "Location"


def _default(entity: EntityType, prop: Prop) -> Any:
    if _has_default(entity, prop):
        return GEOJSON
    return copy.deepcopy(prop.default)


def convert(entity: EntityType, prop: Prop, value: Any) -> dict[str, Any]:
    what = f"{entity.name}.{prop.name}"
    if value is None and prop.required:
        raise bad_request(_("%(what)s cannot be null.") % {"what": what})
    kind = prop.kind
    if kind == "string":
        return {prop.field: _string(entity, prop, value, what)}
    if kind == "json":
        if prop.is_object and value is not None and not isinstance(value, dict):
            raise bad_request(_("%(what)s must be a JSON object.") % {"what": what})
        if value is None and prop.is_object and prop.default is not None:
            value = copy.deepcopy(prop.default)
        return {prop.field: value}
    if kind == "geometry":
        if value is not None and not isinstance(value, dict):
            raise bad_request(_("%(what)s must be a GeoJSON object.") % {"what": what})
        return {prop.field: value}
    if kind == "datetime":
        return {prop.field: None if value is None else parse_instant(value, what)}
    if kind == "interval":
        start, end = (None, None) if value is None else parse_interval(value, what)
        return dict(zip(prop.fields, (start, end), strict=True))
    if kind == "time":
        start, end = parse_time(value, what)
        return dict(zip(prop.fields, (start, end), strict=True))
    raise bad_request(_("%(what)s cannot be written here.") % {"what": what})


def _string(entity: EntityType, prop: Prop, value: Any, what: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise bad_request(_("%(what)s must be a string.") % {"what": what})
    field = entity.model._meta.get_field(prop.field)
    limit = getattr(field, "max_length", None)
    if limit is not None and len(value) > limit:
        raise bad_request(_("%(what)s is longer than %(n)s characters.")
                          % {"what": what, "n": limit})
    return value


def _check_geometry(entity: EntityType, data: dict[str, Any], fields: dict[str, Any]) -> None:
    """GeoJSON geometries must be readable: the map and the geospatial filters use them."""
    name = "location" if "location" in fields else "feature"
    encoding = fields.get("encoding_type") or data.get("encodingType") or GEOJSON
    value = fields[name]
    geojson = "geo+json" in str(encoding) or "geojson" in str(encoding).lower()
    if geojson and value is not None and shape_of(value) is None:
        raise bad_request(
            _("%(entity)s.%(name)s is not a valid GeoJSON geometry, such as "
              '{"type": "Point", "coordinates": [114.05, 22.54]}.')
            % {"entity": entity.name, "name": name}
        )


def apply(obj: models.Model, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(obj, name, value)
