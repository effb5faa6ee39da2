"""A service category's form: each language its own labelled box, keywords one per line."""

from __future__ import annotations

from cityloop.catalogue.models import ServiceCategory
from tests.admin.formdata import form_data


def _url(category: ServiceCategory) -> str:
    return f"/admin/catalogue/servicecategory/{category.pk}/change/"


def test_it_labels_each_language_and_lists_keywords_one_per_line(city, city_admin, client_for):
    pothole = ServiceCategory.objects.get(service_code="pothole")
    html = client_for(city_admin).get(_url(pothole)).content.decode()
    assert "Name (English)" in html and "Name (Simplified Chinese)" in html
    assert "Description (Simplified Chinese)" in html
    data = form_data(html, "servicecategory_form")
    assert data["keywords"].splitlines() == pothole.keywords
    assert data["name__zh-hans"] == pothole.name_i18n["zh-hans"]
    zh = client_for(city_admin, "zh-hans").get(_url(pothole)).content.decode()
    assert "名称（简体中文）" in zh


def test_it_saves_keywords_typed_one_per_line(city, city_admin, client_for):
    pothole = ServiceCategory.objects.get(service_code="pothole")
    client = client_for(city_admin)
    data = form_data(client.get(_url(pothole)).content.decode(), "servicecategory_form")
    data.update(keywords="pothole\n  sunken road \n\n坑洼\n", _save="Save")
    assert client.post(_url(pothole), data).status_code == 302
    pothole.refresh_from_db()
    assert pothole.keywords == ["pothole", "sunken road", "坑洼"]


def _size_field(data: dict) -> str:
    """The inline form field holding the choices of pothole's "size" question."""
    prefix = next(k[: -len("-code")] for k, v in data.items()
                  if k.endswith("-code") and v == "size")
    return f"{prefix}-values"


def test_it_edits_list_choices_one_per_line_in_each_language(city, city_admin, client_for):
    pothole = ServiceCategory.objects.get(service_code="pothole")
    client = client_for(city_admin)
    data = form_data(client.get(_url(pothole)).content.decode(), "servicecategory_form")
    size = pothole.attributes.get(code="size")
    lines = data[_size_field(data)].splitlines()
    first = size.values[0]
    assert lines[0] == f"{first['key']} | {first['name']} | {first['name_i18n']['zh-hans']}"
    data[_size_field(data)] = "small | Small | 小\nhuge | Huge\n"
    data["_save"] = "Save"
    assert client.post(_url(pothole), data).status_code == 302
    size.refresh_from_db()
    assert size.values == [{"key": "small", "name": "Small", "name_i18n": {"zh-hans": "小"}},
                           {"key": "huge", "name": "Huge", "name_i18n": {}}]


def test_it_refuses_a_list_of_one_choice(city, city_admin, client_for):
    pothole = ServiceCategory.objects.get(service_code="pothole")
    client = client_for(city_admin)
    data = form_data(client.get(_url(pothole)).content.decode(), "servicecategory_form")
    data[_size_field(data)] = "small | Small | 小\n"
    data["_save"] = "Save"
    response = client.post(_url(pothole), data)
    assert response.status_code == 200
    assert "A list needs at least two choices, each with its own key." in (
        response.content.decode())
