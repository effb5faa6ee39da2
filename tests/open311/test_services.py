"""The service list and service definitions, in both formats and both languages."""

from __future__ import annotations

from cityloop.catalogue.models import ServiceCategory
from tests.open311.conftest import BASE, child, children, descriptions, errors, json_of, xml_of

SERVICE_FIELDS = [
    "service_code", "service_name", "description", "metadata", "type", "keywords", "group",
]
ATTRIBUTE_FIELDS = [
    "variable", "code", "datatype", "required", "datatype_description", "order", "description",
    "values",
]


def test_it_lists_every_active_service_in_json(client, city):
    services = json_of(client.get(f"{BASE}/services.json"))
    by_code = {s["service_code"]: s for s in services}
    assert len(services) == ServiceCategory.objects.filter(active=True).count()
    pothole = by_code["pothole"]
    assert list(pothole) == SERVICE_FIELDS
    assert pothole["service_name"] == "Pothole"
    assert pothole["metadata"] is True
    assert pothole["type"] == "realtime"
    assert pothole["group"] == "Roads and pavements"
    assert "hole in road, crater" in pothole["keywords"]
    assert by_code["other"]["metadata"] is False


def test_it_lists_services_in_xml_in_the_specs_element_order(client, city):
    root = xml_of(client.get(f"{BASE}/services.xml"))
    assert root.tag == "services"
    assert {child.tag for child in root} == {"service"}
    pothole = next(s for s in root if s.findtext("service_code") == "pothole")
    assert children(pothole) == SERVICE_FIELDS
    assert pothole.findtext("metadata") == "true"
    assert pothole.findtext("group") == "Roads and pavements"


def test_it_leaves_out_inactive_services(client, city):
    category = ServiceCategory.objects.get(service_code="graffiti")
    category.active = False
    category.save()
    codes = [s["service_code"] for s in json_of(client.get(f"{BASE}/services.json"))]
    assert "graffiti" not in codes and "pothole" in codes
    response = client.get(f"{BASE}/services/graffiti.json")
    assert response.status_code == 404


def test_it_answers_in_the_language_of_accept_language(client, city):
    services = json_of(client.get(f"{BASE}/services.json", HTTP_ACCEPT_LANGUAGE="zh-Hans"))
    pothole = next(s for s in services if s["service_code"] == "pothole")
    assert pothole["service_name"] == "路面坑洼"
    assert pothole["group"] == "道路与人行道"


def test_it_answers_in_the_language_of_the_locale_parameter(client, city):
    for locale in ("zh-hans", "zh_CN", "zh-CN"):
        response = client.get(f"{BASE}/services.xml", {"locale": locale})
        root = xml_of(response)
        pothole = next(s for s in root if s.findtext("service_code") == "pothole")
        assert pothole.findtext("service_name") == "路面坑洼", locale
        assert response["Content-Language"] == "zh-hans"


def test_it_ignores_an_unknown_locale(client, city):
    services = json_of(client.get(f"{BASE}/services.json", {"locale": "xx_YY"}))
    assert any(s["service_name"] == "Pothole" for s in services)


def test_it_defines_a_service_in_json(client, city):
    definition = json_of(client.get(f"{BASE}/services/pothole.json"))
    assert list(definition) == ["service_code", "attributes"]
    assert definition["service_code"] == "pothole"
    size = definition["attributes"][0]
    assert list(size) == ATTRIBUTE_FIELDS
    assert size["code"] == "size"
    assert size["variable"] is True
    assert size["datatype"] == "singlevaluelist"
    assert size["required"] is False
    assert size["order"] == 1
    assert size["description"] == "How big is the pothole?"
    assert size["values"][0] == {"key": "small", "name": "Smaller than a dinner plate"}
    depth = definition["attributes"][1]
    assert depth["datatype"] == "number"
    assert depth["datatype_description"] == "A number, e.g. 5"
    assert depth["values"] == []


def test_it_defines_a_service_in_xml(client, city):
    root = xml_of(client.get(f"{BASE}/services/pothole.xml"))
    assert root.tag == "service_definition"
    assert children(root) == ["service_code", "attributes"]
    attributes = child(root, "attributes")
    assert {a.tag for a in attributes} == {"attribute"}
    size = attributes[0]
    assert children(size) == ATTRIBUTE_FIELDS
    assert size.findtext("required") == "false"
    values = child(size, "values")
    assert [v.tag for v in values] == ["value", "value", "value"]
    assert children(values[2]) == ["key", "name"]
    assert values[2].findtext("key") == "large"


def test_it_defines_a_service_in_chinese(client, city):
    definition = json_of(client.get(f"{BASE}/services/pothole.json", {"locale": "zh_CN"}))
    size = definition["attributes"][0]
    assert size["description"] == "坑洼有多大？"
    assert size["values"][0]["name"] == "比餐盘小"


def test_it_answers_404_for_an_unknown_service_in_both_formats(client, city):
    response = client.get(f"{BASE}/services/unicorn.json")
    assert response.status_code == 404
    assert errors(response) == [(404, "unicorn is not a service of this city.")]
    response = client.get(f"{BASE}/services/unicorn.xml")
    assert response.status_code == 404
    assert "unicorn is not a service" in descriptions(response)
