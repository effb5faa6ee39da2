"""Resource paths of OGC 18-088 §9.2: what a URL under ``/sta/v1.1/`` addresses.

``Things`` (a collection), ``Things(1)`` (an entity), ``Things(1)/Datastreams``
and ``Things(1)/Datastreams(2)/Observations`` (navigation), ``Datastreams(2)/
Thing`` (a to-one navigation property), ``Things(1)/name`` (a property),
``Things(1)/name/$value`` (its raw value), ``.../$ref`` (links only) and
``CreateObservations`` (§14.2). As in FROST-Server, a path may go on into a
JSON property: ``Datastreams(1)/unitOfMeasurement/symbol``,
``Things(1)/properties/owner/$value``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _

from cityloop.sensing.api import scope
from cityloop.sensing.api.errors import bad_request, not_found
from cityloop.sensing.api.query import RANK
from cityloop.sensing.api.schema import BY_SET, EntityType, Nav, Prop, target

_SEGMENT = re.compile(r"^([A-Za-z]+)(?:\((.*)\))?$")


@dataclass
class Resource:
    kind: str  # root collection entity property value ref create-observations
    entity: EntityType | None = None  # of the collection or entity, or holding the property
    queryset: Any = None  # the collection
    obj: models.Model | None = None  # the entity (or the one holding the property)
    prop: Prop | None = None
    parent: models.Model | None = None  # the entity a navigation path starts from
    parent_type: EntityType | None = None
    nav: Nav | None = None  # from parent to this collection or entity
    path: str = ""  # canonical path, for links
    ref_of: str = ""  # collection or entity, for $ref
    keys: tuple[str, ...] = ()  # inside a JSON property: Things(1)/properties/owner


def resolve(path: str) -> Resource:
    segments = list(path.split("/"))
    if segments and segments[-1] == "":
        segments.pop()
    if not segments:
        return Resource("root")
    if segments == ["CreateObservations"]:
        return Resource("create-observations", path="CreateObservations")
    name, key = _split(segments[0])
    entity = BY_SET.get(name)
    if entity is None:
        raise not_found(
            _("%(name)s is not an entity set; the entity sets are %(sets)s.")
            % {"name": repr(name[:60]), "sets": ", ".join(BY_SET)}
        )
    if key is None:
        resource = Resource("collection", entity, scope.rows(entity.model),
                            path=entity.set_name)
    else:
        resource = Resource("entity", entity, obj=_get(entity, key), path=f"{name}({key})")
    for index, segment in enumerate(segments[1:], start=1):
        last = index == len(segments) - 1
        resource = _step(resource, segment, last)
    return resource


def _split(segment: str) -> tuple[str, str | None]:
    match = _SEGMENT.match(segment)
    if match is None:
        raise not_found(_("%(segment)s is not a valid path segment.") % {"segment": repr(
            segment[:60])})
    return match.group(1), match.group(2)


def _get(entity: EntityType, key: str, queryset: Any = None) -> models.Model:
    if not key.isdigit() or len(key) > 18:
        raise not_found(_("%(key)s is not a valid id of %(set)s: ids are whole numbers.")
                        % {"key": key[:30], "set": entity.set_name})
    rows = queryset if queryset is not None else scope.rows(entity.model)
    obj = rows.filter(pk=int(key)).first()
    if obj is None:
        raise not_found(_("No %(entity)s with id %(id)s.") % {"entity": entity.name, "id": key})
    return obj


def _step(resource: Resource, segment: str, last: bool) -> Resource:
    if segment == "$ref":
        if not last or resource.kind not in {"collection", "entity"}:
            raise bad_request(_("$ref can only end the path of a collection or an entity."))
        return Resource("ref", resource.entity, resource.queryset, resource.obj,
                        path=resource.path, ref_of=resource.kind, parent=resource.parent,
                        parent_type=resource.parent_type, nav=resource.nav)
    if segment == "$value":
        if not last or resource.kind != "property":
            raise bad_request(_("$value can only follow a property, as in Things(1)/name/$value."))
        resource.kind = "value"
        return resource
    if resource.kind == "property" and resource.prop is not None and (
            resource.prop.kind in {"json", "result"}
        ):
        # FROST-Server's extension: a member of a JSON value (unknown ones are 404s,
        # found when the value is read).
        resource.keys = (*resource.keys, segment)
        resource.path = f"{resource.path}/{segment}"
        return resource
    if resource.kind != "entity":
        raise bad_request(
            _("%(segment)s cannot follow %(path)s: only an entity has properties and "
              "navigation properties.") % {"segment": repr(segment[:60]), "path": resource.path}
        )
    entity, obj = resource.entity, resource.obj
    assert entity is not None and obj is not None
    name, key = _split(segment)
    nav = entity.nav(name)
    if nav is not None:
        return _navigate(entity, obj, nav, key, f"{resource.path}/{name}")
    prop = entity.props.get(name)
    if prop is None or key is not None:
        raise not_found(
            _("%(entity)s has no property or navigation property %(name)s.")
            % {"entity": entity.name, "name": repr(name[:60])}
        )
    return Resource("property", entity, obj=obj, prop=prop, path=f"{resource.path}/{name}")


def _navigate(entity: EntityType, obj: models.Model, nav: Nav, key: str | None, path: str
              ) -> Resource:
    child = target(nav)
    if nav.many:
        related = scope.rows(child.model).filter(**{nav.reverse: obj.pk})
        if nav.ranked:
            related = related.annotate(**{RANK: F(nav.ranked)})
        if key is None:
            return Resource("collection", child, related, parent=obj, parent_type=entity,
                            nav=nav, path=path)
        found = _get(child, key, related)
        return Resource("entity", child, obj=found, path=f"{child.set_name}({key})")
    if key is not None:
        raise bad_request(_("%(name)s is a single entity: write %(name)s, not %(name)s(%(key)s).")
                          % {"name": nav.name, "key": key[:20]})
    found_pk = getattr(obj, f"{nav.accessor}_id")
    if found_pk is None:
        raise not_found(_("%(entity)s(%(id)s) has no %(name)s.")
                        % {"entity": entity.name, "id": obj.pk, "name": nav.name})
    one = scope.rows(child.model).filter(pk=found_pk).first()
    if one is None:  # hidden from this reader: as if it did not exist
        raise not_found(_("%(entity)s(%(id)s) has no %(name)s.")
                        % {"entity": entity.name, "id": obj.pk, "name": nav.name})
    return Resource("entity", child, obj=one, parent=obj, parent_type=entity, nav=nav,
                    path=f"{child.set_name}({found_pk})")
