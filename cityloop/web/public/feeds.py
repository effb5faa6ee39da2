"""Atom feeds: the newest public reports (/cases/feed.atom) and one report's
progress (/cases/<reference>/feed.atom).

What a feed says is what the public list and page say: reports of public
categories only in the city-wide feed (a sensitive one is not listed, as on
the map and list), no description and no one's name; a report's own feed
is its public timeline, with the city's words only where its page shows them.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cityloop.analytics import opendata
from cityloop.cases.models import Case, Status
from cityloop.conf.cityname import city_name
from cityloop.notify.follow.matching import distance_m
from cityloop.web.public import case_page
from cityloop.web.public.feed_filters import BadFilter, FeedFilter, UnknownArea, parse

FEED_SIZE = 50
SCANNED = 2000  # newest cases in the box looked at for a radius


def _newest(chosen: FeedFilter) -> list[Case]:
    cases: QuerySet[Case] = opendata.public_cases()
    if chosen.area is not None:
        return list(cases.filter(area_id__in=chosen.area_ids)[:FEED_SIZE])
    if not chosen.around or chosen.lat is None or chosen.lon is None:
        return list(cases[:FEED_SIZE])
    lat, lon = chosen.lat, chosen.lon
    dlat = chosen.radius_m / 111_000
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    boxed = cases.filter(lat__range=(lat - dlat, lat + dlat), lon__range=(lon - dlon, lon + dlon))
    near = [c for c in boxed[:SCANNED] if c.lat is not None and c.lon is not None
            and distance_m(lat, lon, c.lat, c.lon) <= chosen.radius_m]
    return near[:FEED_SIZE]


class NewReportsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FeedFilter:
        chosen: FeedFilter = kwargs["chosen"]
        return chosen

    def title(self, obj: FeedFilter) -> str:
        if obj.area is not None:
            return _("%(city)s: new reports in %(area)s") % {
                "city": city_name(), "area": obj.area.display_name}
        if obj.around:
            return _("%(city)s: new reports within %(radius)s m of %(lat).5f, %(lon).5f") % {
                "city": city_name(), "radius": obj.radius_m, "lat": obj.lat, "lon": obj.lon}
        return _("%(city)s: new reports") % {"city": city_name()}

    def link(self, obj: FeedFilter) -> str:
        return reverse("stats-cases")

    def subtitle(self, obj: FeedFilter) -> str:
        return _("Problems reported to the city, newest first. Problems of sensitive kinds "
                 "are not listed, and no one's personal details are shown.")

    def items(self, obj: FeedFilter) -> list[Case]:
        return _newest(obj)

    def item_title(self, item: Case) -> str:
        if item.area is not None:
            return _("%(category)s in %(area)s") % {
                "category": item.category.display_name, "area": item.area.display_name}
        return item.category.display_name

    def item_description(self, item: Case) -> str:
        return _("Report %(ref)s. Status: %(status)s.") % {
            "ref": item.reference, "status": Status(item.status).label}

    def item_link(self, item: Case) -> str:
        return reverse("public_case", args=[item.reference])

    def item_pubdate(self, item: Case) -> datetime:
        return item.created_at

    def item_updateddate(self, item: Case) -> datetime:
        # Atom asks every entry for <updated>; of the columns a public list reads,
        # the resolution is the last change a reader would care about.
        return max(item.created_at, item.resolved_at or item.created_at)

    def item_categories(self, item: Case) -> list[str]:
        return [item.category.display_name]


class ReportFeed(Feed):
    """One report's public timeline, newest first."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> case_page.PublicCase:
        case = case_page.find(kwargs["reference"])
        if case is None:
            raise Http404
        return case_page.page(case)

    def title(self, obj: case_page.PublicCase) -> str:
        return _("%(city)s: report %(ref)s, %(category)s") % {
            "city": city_name(), "ref": obj.case.reference,
            "category": obj.case.category.display_name}

    def link(self, obj: case_page.PublicCase) -> str:
        return reverse("public_case", args=[obj.case.reference])

    def subtitle(self, obj: case_page.PublicCase) -> str:
        return _("The progress of a report, as its public page shows it.")

    def items(self, obj: case_page.PublicCase) -> list[tuple[case_page.PublicCase, int]]:
        return [(obj, n) for n in reversed(range(len(obj.timeline)))]

    def item_title(self, item: tuple[case_page.PublicCase, int]) -> str:
        entry = item[0].timeline[item[1]]
        return " · ".join(part for part in (entry.status, entry.title) if part)

    def item_description(self, item: tuple[case_page.PublicCase, int]) -> str:
        return item[0].timeline[item[1]].text

    def item_link(self, item: tuple[case_page.PublicCase, int]) -> str:
        return reverse("public_case", args=[item[0].case.reference])

    def item_guid(self, item: tuple[case_page.PublicCase, int]) -> str:
        page, n = item
        return f"{reverse('public_case', args=[page.case.reference])}#progress-{n + 1}"

    def item_pubdate(self, item: tuple[case_page.PublicCase, int]) -> datetime:
        return item[0].timeline[item[1]].at

    def item_updateddate(self, item: tuple[case_page.PublicCase, int]) -> datetime:
        return item[0].timeline[item[1]].at


def plain(status: int, text: str) -> HttpResponse:
    response = HttpResponse(text + "\n", status=status, content_type="text/plain; charset=utf-8")
    if status == 405:
        response["Allow"] = "GET, HEAD"
    return response


def new_reports(request: HttpRequest) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return plain(405, _("Only GET is allowed here."))
    try:
        chosen = parse(request.GET)
    except BadFilter as exc:
        return plain(400, str(exc))
    except UnknownArea as exc:
        return plain(404, str(exc))
    response: HttpResponse = NewReportsFeed()(request, chosen=chosen)
    return response


def report(request: HttpRequest, reference: str) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        return plain(405, _("Only GET is allowed here."))
    response: HttpResponse = ReportFeed()(request, reference=reference)
    return response
