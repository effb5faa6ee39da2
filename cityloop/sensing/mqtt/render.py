"""The messages one changed entity makes: each topic it belongs on, and its JSON there.

Written by ``api.serialize``, the HTTP API's own code, with the service's
public address (``settings.PUBLIC_URL``): an entity topic carries what
``GET v1.1/Things(1)`` answers, a property topic what ``GET
v1.1/Things(1)/description`` answers, a ``$select`` topic what the same
``$select`` answers (OGC 18-088 §14.2).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.db import models

from cityloop.sensing import access
from cityloop.sensing.api import serialize
from cityloop.sensing.api.options import Options
from cityloop.sensing.api.schema import EntityType, of_model, target
from cityloop.sensing.api.serialize import Links
from cityloop.sensing.mqtt.receive import Subscriptions
from cityloop.sensing.mqtt.topics import PREFIX

Message = tuple[str, bytes]


def links() -> Links:
    return Links(settings.PUBLIC_URL.rstrip("/") + "/sta/v1.1")


def _json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, default=str).encode()


def collections(etype: EntityType, obj: models.Model) -> list[str]:
    """Where ``obj`` is listed: its entity set and the navigation collections of the
    entities it links to (a Datastream in ``Things(1)/Datastreams``), as topic bases.
    Many-to-many links (Things and Locations) are left out for now: a change of one
    would have to be published on both sides (docs/sensorthings.md)."""
    bases = [etype.set_name]
    for nav in etype.navs.values():
        if nav.many:
            continue
        parent = getattr(obj, f"{nav.accessor}_id", None)
        if parent is None:
            continue
        owner = target(nav)
        back = next((n for n in owner.navs.values() if n.accessor == nav.reverse), None)
        if back is not None:
            bases.append(f"{owner.set_name}({parent})/{back.name}")
    return bases


def messages(model: type[models.Model], pk: Any, changed: set[str],
             subscriptions: Subscriptions) -> list[Message]:
    """Every message of a committed change of ``model`` ``pk``; none when an anonymous
    reader may not see it (or it is gone again)."""
    obj = access.rows(model, access.Reader()).filter(pk=pk).first()
    if obj is None:
        return []
    etype = of_model(model)
    where = links()
    body = _json(serialize.entity(etype, obj, None, where))
    own = f"{etype.set_name}({pk})"
    bases = collections(etype, obj)
    out = [(PREFIX + base, body) for base in bases]
    out.append((PREFIX + own, body))
    for name in sorted(changed):
        prop = etype.props[name]
        out.append((f"{PREFIX}{own}/{name}", _json({name: serialize.property_value(prop, obj)})))
    if subscriptions:
        for base in [*bases, own]:
            for chosen in subscriptions.at(base):
                options = Options(etype, select=list(chosen.select))
                out.append((chosen.topic, _json(serialize.entity(etype, obj, options, where))))
    return out
