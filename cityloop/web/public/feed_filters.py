"""The filters of the public Atom feed, read from a query string.

``?area=<code>`` (that area and the areas inside it) or ``?lat=&lon=&radius=``
(metres, capped at ``MAX_RADIUS_M``). A bad value is the caller's mistake and
says which parameter and why (a 400); an area code nobody knows is a 404.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext as _

from cityloop.geo import index as area_index
from cityloop.geo.models import Area
from cityloop.notify.follow.subscriptions import MAX_RADIUS_M

DEFAULT_RADIUS_M = 500


class BadFilter(ValueError):
    """A parameter the feed cannot use; the message says which and why."""


class UnknownArea(LookupError):
    pass


@dataclass(frozen=True)
class FeedFilter:
    area: Area | None = None
    area_ids: tuple[int, ...] = ()
    lat: float | None = None
    lon: float | None = None
    radius_m: int = DEFAULT_RADIUS_M

    @property
    def around(self) -> bool:
        return self.lat is not None and self.lon is not None


def _number(query: QueryDict, name: str, low: float, high: float) -> float:
    text = query.get(name, "").strip()
    try:
        value = float(text)
    except ValueError:
        raise BadFilter(_("%(name)s must be a number, not “%(value)s”.") % {
            "name": name, "value": text[:40]}) from None
    if not math.isfinite(value) or not low <= value <= high:
        raise BadFilter(_("%(name)s must be between %(low)s and %(high)s.") % {
            "name": name, "low": low, "high": high})
    return value


def parse(query: QueryDict) -> FeedFilter:
    """Raises ``BadFilter`` (400) or ``UnknownArea`` (404)."""
    code = query.get("area", "").strip()
    placed = any(name in query for name in ("lat", "lon", "radius"))
    if code and placed:
        raise BadFilter(_("Choose either area or lat, lon and radius, not both."))
    if code:
        area = Area.objects.filter(code=code[:100]).first()
        if area is None:
            raise UnknownArea(_("No area has the code “%(code)s”.") % {"code": code[:100]})
        return FeedFilter(area=area, area_ids=tuple(area_index.subtree(area.pk)))
    if not placed:
        return FeedFilter()
    if "lat" not in query or "lon" not in query:
        raise BadFilter(_("lat and lon go together: give both, in decimal degrees."))
    lat = _number(query, "lat", -90, 90)
    lon = _number(query, "lon", -180, 180)
    radius = DEFAULT_RADIUS_M
    if "radius" in query:
        # Above the cap is still a fair question: it is answered for the cap.
        radius = int(min(_number(query, "radius", 1, 40_000_000), MAX_RADIUS_M))
    return FeedFilter(lat=lat, lon=lon, radius_m=radius)
