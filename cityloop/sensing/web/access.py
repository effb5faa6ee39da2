"""Who may see which sensor data.

Aggregate vital signs are public (that is their point); a datastream's own
data is public when its thing (or the datastream itself) says so in its
properties (``{"public": true}``): river levels and air quality yes, a
private building's tilt meter no. Staff see every datastream.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cityloop.sensing.models import Datastream
from cityloop.web.permissions import AnyUser, is_staff


def is_public(datastream: Datastream) -> bool:
    own = (datastream.properties or {}).get("public")
    if own is not None:
        return bool(own)
    return bool((datastream.thing.properties or {}).get("public"))


def may_see(user: AnyUser, datastream: Datastream) -> bool:
    return is_staff(user) or is_public(datastream)


def visible(user: AnyUser, datastreams: QuerySet[Datastream]) -> QuerySet[Datastream]:
    if is_staff(user):
        return datastreams
    return datastreams.filter(
        Q(properties__public=True) | (~Q(properties__has_key="public")
                                      & Q(thing__properties__public=True))
    )
