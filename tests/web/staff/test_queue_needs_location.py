"""A case filed without a location (a report by email naming no place) is found under
"Needs a location", and an operator sets one with "Change location", audited."""

from __future__ import annotations

from django.http import QueryDict
from django.utils import timezone

from cityloop.cases.models import CaseEvent
from cityloop.web.staff.queue import filters
from tests import citydata
from tests.web.staff.helpers import page


def unlocated_case(make_case):
    return make_case(channel="email", lat=None, lon=None, location_later=True,
                     description="The streetlight is out again")


def refs(user, querystring: str) -> set[str]:
    f, _form = filters.parse(QueryDict(querystring))
    return set(filters.apply(user, f, timezone.now()).values_list("reference", flat=True))


def test_the_filter_finds_the_cases_without_a_location(operator, make_case):
    located = make_case()
    waiting = unlocated_case(make_case)
    assert refs(operator, "unlocated=on") == {waiting.reference}
    assert located.reference in refs(operator, "")
    assert filters.active_filters(filters.parse(QueryDict("unlocated=on"))[0]) == 1


def test_the_operator_sees_it_and_sets_the_location(client_for, operator, make_case):
    case = unlocated_case(make_case)
    client = client_for(operator)
    queue = page(client.get("/staff/?unlocated=on"))
    assert case.reference in queue and 'name="unlocated"' in queue
    assert 'data-testid="queue-needs-location"' in queue
    html = page(client.get(f"/staff/cases/{case.reference}/"))
    assert 'data-testid="case-needs-location"' in html
    lat, lon = citydata.INSIDE_EAST_S
    response = client.post(f"/staff/cases/{case.reference}/act/relocate/", {
        "relocate-lat": lat, "relocate-lon": lon, "relocate-address": "12 Binjiang Road",
        "relocate-note": "The reporter replied with the address"})
    assert response.status_code in (200, 302)
    case.refresh_from_db()
    assert case.lat == lat and case.area is not None and case.area.code == "east_s"
    event = CaseEvent.objects.filter(case=case).latest("seq")
    assert event.action == "relocate" and event.actor_user_id == operator.pk
    assert 'data-testid="case-needs-location"' not in page(
        client.get(f"/staff/cases/{case.reference}/"))


def test_staff_see_the_email_channel_in_the_filter_in_chinese(client_for, operator, make_case):
    unlocated_case(make_case)
    html = page(client_for(operator, "zh-hans").get("/staff/?channel=email"))
    assert '<option value="email" selected>电子邮件</option>' in html
    assert "需要补充位置" in html


def test_an_operator_may_not_move_a_case_that_has_a_location(client_for, operator, make_case):
    case = make_case()
    lat, lon = citydata.INSIDE_WEST_N
    response = client_for(operator).post(f"/staff/cases/{case.reference}/act/relocate/", {
        "relocate-lat": lat, "relocate-lon": lon, "relocate-note": "moved"})
    assert response.status_code == 403
    case.refresh_from_db()
    assert (case.lat, case.lon) == citydata.INSIDE_EAST_S
