"""Public transparency (/stats/): statistics, a map and a list of public cases. No login.

What is published is decided in ``analytics.public`` (figures) and
``analytics.opendata`` (cases): public categories only for anything with a
place, and no personal data at all. The figures take a few queries over a
year of cases, so they are computed at most every ``STATS_CACHE_SECONDS``
per language and shared by every visitor.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from cityloop.analytics import display, opendata
from cityloop.analytics.public import PublicStatistics, public_statistics
from cityloop.analytics.ranking import score_weights
from cityloop.cases.models import OPEN_STATUSES, Case, CaseContact, ContactRole, Status
from cityloop.cases.policy import public
from cityloop.catalogue.models import ServiceCategory
from cityloop.web.public import charts
from cityloop.web.staff import source

STATS_CACHE_SECONDS = 300
MAP_CACHE_SECONDS = 60
PAGE_SIZE = 50
STATUS_FILTERS = {"open": OPEN_STATUSES, "resolved": (Status.RESOLVED, Status.CLOSED)}


def _statistics() -> PublicStatistics:
    key = f"public:stats:{translation.get_language()}"
    stats = cache.get(key)
    if stats is None:
        stats = public_statistics()
        cache.set(key, stats, STATS_CACHE_SECONDS)
    return stats


def _year_tiles(stats: PublicStatistics) -> list[dict[str, str]]:
    return [
        {"key": "received", "label": _("Cases received"),
         "value": display.count_text(stats.received)},
        {"key": "resolved", "label": _("Share resolved"),
         "value": display.percent_text(stats.share_resolved),
         "note": _("rejected cases and duplicates left out")},
    ]


def _recent_tiles(stats: PublicStatistics) -> list[dict[str, str]]:
    sat = stats.satisfaction
    note = (_("%(percent)s rated 4 or 5, %(count)s ratings")
            % {"percent": display.percent_text(sat.good_share),
               "count": display.count_text(sat.ratings)}) if sat.ratings else ""
    return [
        {"key": "median", "label": _("Median time to resolve"),
         "value": display.hours_text(stats.median_hours_to_resolve)},
        {"key": "satisfaction", "label": _("Satisfaction"),
         "value": display.rating_text(sat.mean), "note": note},
    ]


def _charts(stats: PublicStatistics) -> dict[str, Any]:
    sat = stats.satisfaction
    stars = [(_("Rated %(stars)d") % {"stars": n}, count,
              f"{display.count_text(count)} ({display.percent_text(count / sat.ratings)})"
              if sat.ratings else display.count_text(count))
             for n, count in reversed(list(enumerate(sat.distribution, start=1)))]
    return {
        "months": charts.month_chart(stats.by_month),
        "categories": charts.bar_chart(
            [(c.name, c.count, display.count_text(c.count)) for c in stats.by_category]),
        "districts": charts.bar_chart(
            [(d.name, d.count, display.count_text(d.count)) for d in stats.by_district]),
        "ratings": charts.bar_chart(stars),
    }


@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    figures = _statistics()
    return render(request, "web/public/stats.html", {
        "stats": figures,
        "year_tiles": _year_tiles(figures),
        "recent_tiles": _recent_tiles(figures),
        "recent_days": (figures.recent.end - figures.recent.start).days,
        "charts": _charts(figures),
        "ranking": display.ranking_rows(figures.ranking),
        "score_weights": score_weights(),
        "window_days": opendata.WINDOW_DAYS,
        "stats_config": {
            "urls": {"cases": reverse("stats-cases-geojson"),
                     "casePage": reverse("public_case_lookup")},
            "strings": {"reported": _("Reported %(date)s")},
        },
    })


@csrf_exempt  # read-only: another method gets 405 with Allow, not the CSRF form page
@require_GET
def cases_geojson(request: HttpRequest) -> HttpResponse:
    """Public cases of the last 90 days with a place (open or resolved), newest first."""
    response = JsonResponse(opendata.public_feature_collection())
    response["Cache-Control"] = f"public, max-age={MAP_CACHE_SECONDS}"
    response["Vary"] = "Accept-Language, Cookie"
    return response


def _public_categories() -> list[ServiceCategory]:
    categories = public.public_categories()
    return sorted(categories, key=lambda c: c.display_name)


def _filtered(request: HttpRequest, categories: list[ServiceCategory]) -> tuple[
        QuerySet[Case], dict[str, str]]:
    cases = opendata.public_cases()
    chosen = {"category": request.GET.get("category", ""), "status": request.GET.get("status", "")}
    codes = {c.service_code: c.pk for c in categories}
    if chosen["category"] in codes:
        cases = cases.filter(category_id=codes[chosen["category"]])
    else:
        chosen["category"] = ""
    if chosen["status"] in STATUS_FILTERS:
        cases = cases.filter(status__in=STATUS_FILTERS[chosen["status"]])
    else:
        chosen["status"] = ""
    return cases, chosen


def _names_shown(cases: Any) -> dict[int, str]:
    """Reporters' names, only of those who ticked "show my name publicly".

    Only on this page, where the citizen was told it would appear; never in
    the map data, Open311 or open-data exports, and never email or phone.
    """
    return dict(CaseContact.objects.filter(
        case__in=[c.pk for c in cases], role=ContactRole.REPORTER, show_name=True,
    ).exclude(name="").values_list("case_id", "name"))


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """The public cases as a paginated list: the text alternative to the map."""
    categories = _public_categories()
    cases, chosen = _filtered(request, categories)
    page = Paginator(opendata.with_public_photos(cases), PAGE_SIZE).get_page(
        request.GET.get("page"))
    names = _names_shown(page.object_list)
    # Cases a sensor rule or a hotspot opened say so, never "a resident".
    sources = source.sources(page.object_list, public=True)
    rows = [{"case": case, **opendata.public_properties(case), "reporter": names.get(case.pk, ""),
             "source": sources.get(case.pk, ""),
             "photos": getattr(case, "public_photos", [])} for case in page.object_list]
    return render(request, "web/public/cases.html", {
        "page_obj": page, "rows": rows, "categories": categories, "chosen": chosen,
        "window_days": opendata.WINDOW_DAYS,
    })
