"""The admin of response templates and saved views: searchable, with help texts."""

from __future__ import annotations

from cityloop.web.models import ResponseTemplate, SavedView
from tests.web.staff.helpers import page


def test_it_lists_and_searches_response_templates(client_for, city_admin):
    ResponseTemplate.objects.create(title="Crew booked", text="A crew will come.")
    ResponseTemplate.objects.create(title="Thanks", text="Thank you.")
    client = client_for(city_admin)
    html = page(client.get("/admin/web/responsetemplate/?q=crew"))
    assert "Crew booked" in html and "Thanks" not in html


def test_it_explains_the_fields_of_a_template(client_for, city_admin):
    html = page(client_for(city_admin).get("/admin/web/responsetemplate/add/"))
    assert "Offered only on cases of this category; empty for every category." in html
    assert "What staff see in the list of templates." in html


def test_it_lists_saved_views(client_for, city_admin):
    SavedView.objects.create(user=city_admin, name="Overdue potholes", querystring="overdue=on")
    html = page(client_for(city_admin).get("/admin/web/savedview/?q=overdue"))
    assert "Overdue potholes" in html
