"""A category's department and time to resolve, changed in the admin, route the
very next report: no restart, no cache to clear."""

from __future__ import annotations

from datetime import timedelta

from cityloop.catalogue.models import ServiceCategory
from tests.admin.formdata import form_data


def test_the_next_report_follows_the_department_and_sla_set_in_the_admin(
        settings, city, city_admin, client_for, make_case):
    # The first report reads every in-process copy (catalogue, areas, channels)
    # afresh, so none is left over from an earlier test's rolled-back rows.
    before = make_case(service_code="pothole")
    # Then a long check interval: the admin's change must reach the catalogue
    # snapshot through its revision token, not because the cache expired.
    settings.SHARED_CACHE_CHECK_SECONDS = 3600
    assert before.department == city.departments["roads_east"]  # the east district's unit
    pothole = ServiceCategory.objects.get(service_code="pothole")
    assert before.due_at - before.created_at == timedelta(hours=pothole.sla_hours) != timedelta(
        hours=6)

    url = f"/admin/catalogue/servicecategory/{pothole.pk}/change/"
    client = client_for(city_admin, "zh-hans")
    data = form_data(client.get(url).content.decode(), "servicecategory_form")
    data.update(department=str(city.departments["water"].pk), sla_hours="6", _save="Save")
    response = client.post(url, data)
    assert response.status_code == 302

    after = make_case(service_code="pothole")
    assert after.department == city.departments["water"]
    assert after.due_at - after.created_at == timedelta(hours=6)
