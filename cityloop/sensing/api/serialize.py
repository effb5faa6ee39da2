"""Entities as JSON (OGC 18-088 §9.2): ``@iot.id``, ``@iot.selfLink``, the properties,
``<Nav>@iot.navigationLink`` and the expanded navigation properties.

``$select`` keeps the named properties only (§9.3.2.2); expanded entities
are attached to each object by ``expand`` under ``_sta_expanded``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.db import models

from cityloop.sensing.api.options import Options
from cityloop.sensing.api.schema import EntityType, Prop, target
from cityloop.sensing.api.times import format_instant, format_time

_EXACT_FLOAT = 2**53


class Links:
    """URLs of the service, from its root (``https://city.example/sta/v1.1``)."""

    def __init__(self, root: str):
        self.root = root.rstrip("/")

    def entity(self, etype: EntityType, pk: Any) -> str:
        return f"{self.root}/{etype.set_name}({pk})"

    def collection(self, path: str, query: dict[str, str] | None = None) -> str:
        url = f"{self.root}/{path}"
        if query:
            url += "?" + "&".join(f"{k}={quote(v, safe=_SAFE)}" for k, v in query.items())
        return url


_SAFE = "$(),;=':/@*"


def number(value: float) -> int | float:
    """21.0 is written 21, as it was most likely sent."""
    if value.is_integer() and abs(value) < _EXACT_FLOAT:
        return int(value)
    return value


def property_value(prop: Prop, obj: models.Model) -> Any:
    if prop.kind == "result":
        if obj.result_number is not None:  # type: ignore[attr-defined]
            return number(obj.result_number)  # type: ignore[attr-defined]
        return obj.result_json  # type: ignore[attr-defined]
    if prop.kind == "datetime":
        return format_instant(getattr(obj, prop.field))
    if prop.kind in {"interval", "time"}:
        start, end = (getattr(obj, f) for f in prop.fields)
        return format_time(start, end)
    return getattr(obj, prop.field)


def entity(etype: EntityType, obj: models.Model, options: Options | None, links: Links
           ) -> dict[str, Any]:
    selected = options.select if options is not None else None
    self_link = links.entity(etype, obj.pk)
    out: dict[str, Any] = {}
    if selected is None or "@iot.selfLink" in selected:
        out["@iot.selfLink"] = self_link
    if selected is None or "id" in selected:
        out["@iot.id"] = obj.pk
    for name, prop in etype.props.items():
        if selected is None or name in selected:
            out[name] = property_value(prop, obj)
    for name in etype.navs:
        if selected is None or name in selected:
            out[f"{name}@iot.navigationLink"] = f"{self_link}/{name}"
    expanded: dict[str, Any] = getattr(obj, "_sta_expanded", {})
    meta: dict[str, dict[str, Any]] = getattr(obj, "_sta_meta", {})
    for expand in options.expand if options is not None else []:
        nav = etype.navs[expand.nav]
        child_type = target(nav)
        value = expanded.get(expand.nav)
        if nav.many:
            info = meta.get(expand.nav, {})
            if "count" in info:
                out[f"{expand.nav}@iot.count"] = info["count"]
            out[expand.nav] = [entity(child_type, c, expand.options, links) for c in value or []]
            if info.get("next"):
                out[f"{expand.nav}@iot.nextLink"] = info["next"]
        else:
            out[expand.nav] = (entity(child_type, value, expand.options, links)
                               if value is not None else None)
    return out


def reference(etype: EntityType, obj: models.Model, links: Links) -> dict[str, Any]:
    """The ``$ref`` form of an entity (§9.2.5): its selfLink only."""
    return {"@iot.selfLink": links.entity(etype, obj.pk)}
