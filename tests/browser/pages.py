"""The site's pages for the browser tests: the data they need, how to tell a
page is ready (its scripts' fetches done), and a visit that collects problems."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.models import Case
from tests import citydata
from tests.browser.conftest import wait_for_areas


@dataclass
class Page:
    name: str
    path: str
    ready: str = ""  # a waiter from READY, for pages whose scripts fetch
    signed_in: str = ""  # "" anonymous, "staff", "admin"


def _cockpit_live(page: Any) -> None:
    wait_for_areas(page, "#ops-map")
    expect(page.locator("#ops-connection")).to_have_class("ops__connection ops__connection--live")


def _queue_map(page: Any) -> None:
    wait_for_areas(page, "#queue-map")
    expect(page.locator("#queue-map .leaflet-interactive").first).to_be_attached()


def _stats_map(page: Any) -> None:
    wait_for_areas(page, "#stats-map")
    expect(page.locator("#stats-map .stats-marker, #stats-map .marker-cluster").first) \
        .to_be_attached()


READY = {
    "report-map": lambda page: wait_for_areas(page, "#report-map"),
    "track-map": lambda page: wait_for_areas(page, "#track-map"),
    "case-map": lambda page: wait_for_areas(page, "#case-map"),
    "new-map": lambda page: wait_for_areas(page, "#new-map"),
    "stats-map": _stats_map,
    "queue-map": _queue_map,
    "cockpit": _cockpit_live,
}


def vital_signs_path() -> str:
    """/vital-signs/ once the sensing part has put it on the site; "" before."""
    try:
        return reverse("vital_signs")
    except NoReverseMatch:
        return ""


def site_data(make_case: Any, officer: Any) -> dict[str, str]:
    """Two cases (one assigned to ``officer``, for the field view); the paths' values."""
    case = make_case()
    lat, lon = citydata.INSIDE_WEST_S
    other = make_case(service_code="streetlight", lat=lat, lon=lon,
                      attributes={"fault": "out"}, description="The lamp is dark")
    for made in (case, other):
        made.department.members.add(officer)
    lifecycle.transition(case, "assign", Actor.staff(officer), assignee=officer)
    return {"track": f"/track/{case.tracking_token}/", "ref": case.reference,
            "other": other.reference}


def all_pages(values: dict[str, str]) -> list[Page]:
    pages = [
        Page("home", "/"),
        Page("report", "/report/", "report-map"),
        Page("tracking", values["track"], "track-map"),
        Page("stats", "/stats/", "stats-map"),
        Page("public cases", "/stats/cases/"),
        Page("follow by email", "/follow/"),
        Page("open data", "/opendata/"),
        Page("public warnings", "/warnings/"),
        Page("warning subscriptions", "/warnings/subscribe/"),
        Page("staff login", "/staff/login/"),
        Page("queue", "/staff/", signed_in="staff"),
        Page("queue map", "/staff/?view=map", "queue-map", signed_in="staff"),
        Page("case", f"/staff/cases/{values['ref']}/", "case-map", signed_in="staff"),
        Page("file for a caller", "/staff/new/", "new-map", signed_in="staff"),
        Page("field view", "/staff/field/", signed_in="staff"),
        Page("cockpit", "/ops/", "cockpit", signed_in="staff"),
        Page("warning composer", "/ops/warnings/new?template=flood", signed_in="admin"),
        Page("admin", "/admin/", signed_in="admin"),
    ]
    vital = vital_signs_path()
    if vital:
        pages.insert(4, Page("vital signs", vital))
    return pages


def first_problem(page: Any, problems: Any, base_url: str, spec: Page,
                  phone: bool) -> str:
    """Visit ``spec``; what is wrong with it, or ""."""
    problems.clear()
    response = page.goto(base_url + spec.path)
    if response is None or response.status != 200:
        return f"{spec.name}: HTTP {response.status if response else 'no response'}"
    if spec.ready:
        READY[spec.ready](page)
    if page.locator("h1").count() < 1:
        return f"{spec.name}: no h1"
    if phone:
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if overflow > 1:
            return f"{spec.name}: {overflow}px wider than a phone's screen"
    if problems.console_errors or problems.outside_requests:
        return f"{spec.name}: {problems.console_errors} {problems.outside_requests}"
    return ""


def case_for(reference: str) -> Case:
    return Case.objects.get(reference=reference)
