"""/warnings/feed.atom: the published warnings, newest first, each entry linking its
CAP 1.2 document (``rel="alternate" type="application/cap+xml"``), the way alert
hubs find CAP messages. Built on the same Django syndication framework and
405 answer as the case feeds (web/public/feeds.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from cityloop.conf.cityname import city_name
from cityloop.warnings.cap import CONTENT_TYPE
from cityloop.warnings.models import Warning
from cityloop.web.public.feeds import plain
from cityloop.web.warnings.views import published

FEED_SIZE = 50


class CapAtomFeed(Atom1Feed):
    """Atom whose entries also link their CAP document."""

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)
        handler.addQuickElement("link", "", {"rel": "alternate", "type": CONTENT_TYPE,
                                             "href": item["cap_link"]})


class WarningsFeed(Feed):
    feed_type = CapAtomFeed

    def title(self) -> str:
        return _("%(city)s: public warnings") % {"city": city_name()}

    def link(self) -> str:
        return reverse("warnings:index")

    def subtitle(self) -> str:
        return _("Warnings the city published, newest first; each links its CAP 1.2 "
                 "document.")

    def items(self) -> list[Warning]:
        return list(published().order_by("-published_at", "-id")[:FEED_SIZE])

    def item_title(self, item: Warning) -> str:
        return item.text("headline")

    def item_description(self, item: Warning) -> str:
        return item.text("description")

    def item_link(self, item: Warning) -> str:
        return reverse("warnings:detail", args=[item.identifier])

    def item_guid(self, item: Warning) -> str:
        return f"urn:cap:{item.sender}:{item.identifier}"

    def item_guid_is_permalink(self, item: Warning) -> bool:
        return False

    def item_pubdate(self, item: Warning) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Warning) -> datetime | None:
        return item.replaced_at or item.published_at

    def item_categories(self, item: Warning) -> list[str]:
        return [item.text("event"), item.severity]

    def item_extra_kwargs(self, item: Warning) -> dict[str, Any]:
        return {"cap_link": settings.PUBLIC_URL + reverse("warnings:cap",
                                                          args=[item.identifier])}


@csrf_exempt  # read-only: another method gets 405, not the CSRF refusal of a form
def warnings_feed(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return plain(405, _("Only GET is allowed here."))
    response: HttpResponse = WarningsFeed()(request)
    return response
