"""One rule of who sees which case, asked by every door (``cityloop.cases.policy``).

An officer of the roads bureau tries every way in to a case of the water
bureau — its reference known, its text searched for — and finds nothing:
not in the queue, the map points, the field page, the case page, its
contact details, its actions, the bulk actions, the cockpit's page, figures
and map, nor the admin. The admin's case pages ask the same policy, so that
opening them to staff one day would not open every department's cases.
"""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from cityloop.cases import policy
from cityloop.cases.models import Case, CaseEvent

SECRET = "Drain blocked outside flat 3, ask for Mrs Lin"


@pytest.fixture
def hidden(water_case):
    return water_case(description=SECRET)


def _absent(response, case: Case) -> None:
    assert response.status_code in {200, 403, 404}, response.status_code
    body = response.content.decode()
    # The reference searched for is echoed in the search box; the case itself is not there.
    assert f'data-reference="{case.reference}"' not in body
    assert f"/staff/cases/{case.reference}/" not in body
    if response.get("Content-Type", "").startswith("application/json"):
        assert case.reference not in body
    assert SECRET not in body
    assert "mei@example.org" not in body


def test_the_staff_console_never_shows_another_departments_case(
        client_for, roads_officer, hidden):
    client = client_for(roads_officer)
    for url in ["/staff/", f"/staff/?q={hidden.reference}", "/staff/?q=Mrs+Lin",
                "/staff/?view=map", f"/staff/points.json?q={hidden.reference}", "/staff/field/"]:
        _absent(client.get(url), hidden)
    assert client.get(f"/staff/cases/{hidden.reference}/").status_code == 404
    # Contact details are revealed by a POST (each viewing is audited).
    contact = client.post(f"/staff/cases/{hidden.reference}/contact/")
    assert contact.status_code == 404
    assert "mei@example.org" not in contact.content.decode()


def test_its_actions_are_refused_and_nothing_is_written(client_for, roads_officer, hidden):
    client = client_for(roads_officer)
    before = CaseEvent.objects.filter(case=hidden).count()
    response = client.post(f"/staff/cases/{hidden.reference}/act/comment/",
                           {"text": "Seen it"})
    assert response.status_code == 404
    response = client.post("/staff/bulk/", {"case": [hidden.reference], "action": "resolve",
                                            "back": "/staff/"}, follow=True)
    assert response.status_code == 200
    assert CaseEvent.objects.filter(case=hidden).count() == before
    hidden.refresh_from_db()
    assert hidden.status == "new"


def test_the_cockpit_counts_and_maps_only_the_officers_departments(
        client_for, roads_officer, hidden):
    client = client_for(roads_officer)
    for url in ["/ops/", "/ops/?wall=1", "/ops/feed.json", "/ops/cases.geojson"]:
        _absent(client.get(url), hidden)
    assert policy.scope_of(roads_officer).cases().filter(pk=hidden.pk).exists() is False


def test_the_admin_refuses_officers_and_its_case_pages_ask_the_policy(
        client_for, roads_officer, city_admin, hidden):
    client = client_for(roads_officer)
    for url in [f"/admin/cases/case/?q={hidden.reference}",
                f"/admin/cases/case/{hidden.pk}/change/", "/admin/"]:
        assert client.get(url).status_code == 403, url
    # Were the admin's case list ever opened to an officer, it would still be scoped.
    case_admin = site._registry[Case]
    request = RequestFactory().get("/admin/cases/case/")
    request.user = roads_officer
    assert not case_admin.get_queryset(request).filter(pk=hidden.pk).exists()
    assert case_admin.has_view_permission(request, hidden) is False
    request.user = city_admin
    assert case_admin.get_queryset(request).filter(pk=hidden.pk).exists()
    assert client_for(city_admin).get(
        f"/admin/cases/case/?q={hidden.reference}").status_code == 200


def test_the_water_officer_sees_it_through_every_door(client_for, water_officer, hidden):
    """The counter-check: the same doors do show the case to its own department."""
    client = client_for(water_officer)
    assert hidden.reference in client.get(f"/staff/?q={hidden.reference}").content.decode()
    assert client.get(f"/staff/cases/{hidden.reference}/").status_code == 200
    refs = {f["properties"]["ref"] for f in client.get("/ops/cases.geojson").json()["features"]}
    assert hidden.reference in refs
    assert policy.can_view(water_officer, hidden) and policy.can_work(water_officer, hidden)
