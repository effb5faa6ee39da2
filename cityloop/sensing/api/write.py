"""POST, PATCH, PUT and DELETE on a resolved resource (OGC 18-088 §10, §14.2).

Each write runs in one transaction: a deep insert that fails half-way
leaves nothing behind. CreateObservations is the exception the spec asks
for: each observation is accepted or refused on its own.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _

from cityloop.sensing.api import departments, observations, serialize
from cityloop.sensing.api.create import Writer
from cityloop.sensing.api.delete import delete
from cityloop.sensing.api.errors import StaError, bad_request
from cityloop.sensing.api.read import json_response
from cityloop.sensing.api.resource import Resource
from cityloop.sensing.api.schema import OBSERVATION
from cityloop.sensing.api.serialize import Links
from cityloop.sensing.api.update import update

ALLOWED = {
    "root": ("GET", "HEAD"),
    "collection": ("GET", "HEAD", "POST"),
    "entity": ("GET", "HEAD", "PATCH", "PUT", "DELETE"),
    "property": ("GET", "HEAD"),
    "value": ("GET", "HEAD"),
    "ref": ("GET", "HEAD"),
    "create-observations": ("POST",),
}


def check_method(resource: Resource, method: str) -> None:
    allowed = ALLOWED[resource.kind]
    if method not in allowed:
        raise StaError(
            405,
            _("%(method)s is not allowed on %(path)s; it answers %(allowed)s.")
            % {"method": method, "path": resource.path or "/", "allowed": ", ".join(allowed)},
            {"Allow": ", ".join(allowed)},
        )


def post(resource: Resource, body: Any, links: Links) -> HttpResponse:
    if resource.kind == "create-observations":
        return _create_observations(body, links)
    assert resource.entity is not None
    with transaction.atomic():
        writer = Writer()
        if resource.nav is not None and resource.parent is not None:
            assert resource.parent_type is not None
            (obj,) = writer.add_many(resource.parent_type, resource.parent, resource.nav, [body])
        else:
            obj = writer.create(resource.entity, body, top=True)
    obj.refresh_from_db()
    self_link = links.entity(resource.entity, obj.pk)
    return json_response(serialize.entity(resource.entity, obj, None, links), status=201,
                         headers={"Location": self_link})


def patch(resource: Resource, body: Any, content_type: str, links: Links, *,
          replace: bool = False) -> HttpResponse:
    assert resource.entity is not None and resource.obj is not None
    with transaction.atomic():
        obj = update(resource.entity, resource.obj, body, content_type, replace=replace)
    obj.refresh_from_db()
    return json_response(serialize.entity(resource.entity, obj, None, links))


def remove(resource: Resource) -> HttpResponse:
    assert resource.obj is not None
    departments.check_delete(resource.obj)
    with transaction.atomic():
        delete(resource.obj)
    return HttpResponse(status=200)


def _create_observations(body: Any, links: Links) -> HttpResponse:
    """§14.2: one selfLink per observation, "error" for each one refused."""
    if not isinstance(body, list):
        raise bad_request(_("CreateObservations takes a JSON array of "
                            "{Datastream, components, dataArray} objects."))
    with transaction.atomic():
        ids = observations.create_many(body)
    return json_response(
        [links.entity(OBSERVATION, i) if i is not None else "error" for i in ids], status=201
    )
