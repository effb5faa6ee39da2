"""Every queue filter narrows the visible cases as a person would expect."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import QueryDict
from django.utils import timezone

from cityloop.web.staff.queue import filters
from tests import citydata
from tests.web.staff.helpers import act, page


def refs(user, querystring: str) -> set[str]:
    f, _form = filters.parse(QueryDict(querystring))
    return set(filters.apply(user, f, timezone.now()).values_list("reference", flat=True))


@pytest.fixture
def cases(make_case, roads_officer, city_admin):
    """A small city's worth of cases with different everything."""
    now = timezone.now()
    lat, lon = citydata.INSIDE_WEST_N
    made = {
        "east_pothole": make_case(description="Crater by the school", priority="high"),
        "west_pothole": make_case(lat=lat, lon=lon, address="3 Hill Lane", priority="urgent"),
        "drain": make_case(service_code="blocked_drain", description="Leaves in the drain",
                           channel="staff", priority="low"),
        "old": make_case(description="Old report", now=now - timedelta(days=20)),
    }
    act(made["drain"], "assign", city_admin, assignee=city_admin)
    return made


def test_it_filters_by_several_statuses(city_admin, cases):
    assert refs(city_admin, "status=assigned") == {cases["drain"].reference}
    assert refs(city_admin, "status=assigned&status=new") == {c.reference for c in cases.values()}


def test_it_filters_by_category_and_group(city_admin, cases):
    assert refs(city_admin, "category=blocked_drain") == {cases["drain"].reference}
    assert refs(city_admin, "group=water") == {cases["drain"].reference}
    assert cases["drain"].reference not in refs(city_admin, "group=roads")


def test_it_filters_by_district_or_street(city_admin, cases):
    east = refs(city_admin, "area=east")
    assert cases["east_pothole"].reference in east
    assert cases["west_pothole"].reference not in east
    assert refs(city_admin, "area=west_n") == {cases["west_pothole"].reference}


def test_it_filters_by_department_including_its_units(city_admin, cases):
    roads = refs(city_admin, "department=roads")
    assert {cases["east_pothole"].reference, cases["west_pothole"].reference} <= roads
    assert cases["drain"].reference not in roads
    assert refs(city_admin, "department=water") == {cases["drain"].reference}


def test_it_filters_by_priority(city_admin, cases):
    assert refs(city_admin, "priority=urgent") == {cases["west_pothole"].reference}
    assert refs(city_admin, "priority=urgent&priority=high") == {
        cases["west_pothole"].reference, cases["east_pothole"].reference}


def test_it_filters_overdue_open_cases(city_admin, cases):
    assert refs(city_admin, "overdue=on") == {cases["old"].reference}


def test_it_filters_by_channel(city_admin, cases):
    assert refs(city_admin, "channel=staff") == {cases["drain"].reference}


def test_it_filters_assigned_to_me_or_unassigned(city_admin, cases):
    assert refs(city_admin, "assigned=me") == {cases["drain"].reference}
    assert cases["drain"].reference not in refs(city_admin, "assigned=none")
    assert len(refs(city_admin, "assigned=none")) == 3


def test_it_searches_reference_description_and_address(city_admin, cases):
    assert refs(city_admin, f"q={cases['old'].reference}") == {cases["old"].reference}
    assert refs(city_admin, "q=crater") == {cases["east_pothole"].reference}
    assert refs(city_admin, "q=hill+lane") == {cases["west_pothole"].reference}


def test_it_filters_by_date_reported(city_admin, cases):
    today = timezone.localdate()
    old_day = (timezone.localtime(cases["old"].created_at)).date()
    assert refs(city_admin, f"until={old_day.isoformat()}") == {cases["old"].reference}
    assert cases["old"].reference not in refs(city_admin, f"since={today.isoformat()}")


def test_it_ignores_values_it_does_not_know(city_admin, cases):
    everything = refs(city_admin, "")
    assert refs(city_admin, "status=bogus&category=nope&since=yesterday&sort=sideways") == (
        everything)


def test_it_sorts_newest_oldest_due_and_priority(city_admin, cases):
    def order(sort):
        f, _form = filters.parse(QueryDict(f"sort={sort}"))
        now = timezone.now()
        return [c.reference for c in filters.ordered(filters.apply(city_admin, f, now), f.sort)]

    assert order("oldest")[0] == cases["old"].reference
    assert order("newest")[-1] == cases["old"].reference
    assert order("due")[0] == cases["old"].reference
    assert order("priority")[:2] == [cases["west_pothole"].reference,
                                     cases["east_pothole"].reference]


def test_it_filters_through_the_page_and_keeps_the_choices(client_for, city_admin, cases):
    html = page(client_for(city_admin).get("/staff/?filtered=1&category=blocked_drain&q=leaves"))
    assert f'data-reference="{cases["drain"].reference}"' in html
    assert f'data-reference="{cases["old"].reference}"' not in html
    assert 'value="leaves"' in html
    assert '<option value="blocked_drain" selected>' in html
