"""An administrator asks the residents about a case from its staff page."""

from __future__ import annotations

from cityloop.participation.models import Process


def test_an_administrator_starts_a_draft_consultation_from_the_case_page(
        client, make_case, city_admin):
    case = make_case()
    client.force_login(city_admin)
    page = client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert 'data-testid="case-ask-residents"' in page
    response = client.post(f"/staff/participation/cases/{case.reference}/consult/")
    process = Process.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/participation/process/{process.pk}/change/"
    assert not process.published and process.surveys.get().case == case
    page = client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert 'data-testid="case-consultation"' in page


def test_other_staff_neither_see_the_button_nor_may_post(client, make_case, roads_supervisor):
    case = make_case()
    client.force_login(roads_supervisor)
    page = client.get(f"/staff/cases/{case.reference}/").content.decode()
    assert "case-ask-residents" not in page
    response = client.post(f"/staff/participation/cases/{case.reference}/consult/")
    assert response.status_code == 403
    assert not Process.objects.exists()


def test_a_case_one_may_not_see_is_not_found(client, make_case, water_officer):
    case = make_case()
    client.force_login(water_officer)
    assert client.post(f"/staff/participation/cases/{case.reference}/consult/").status_code == 404

