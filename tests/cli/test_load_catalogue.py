"""`cityloop load-catalogue`: a file with any mistake changes nothing and says where it is."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from cityloop.cases.services import Report, submit
from cityloop.catalogue import snapshot
from cityloop.catalogue.models import Department, ServiceAttribute, ServiceCategory
from tests import citydata

GOOD = """
departments:
  - code: roads
    name: {en: "Roads Authority", zh-hans: "道路局"}
  - code: potholes_unit
    name: Pothole Unit
    parent: roads
groups:
  - code: roads
    name: Roads
services:
  - code: pothole
    group: roads
    name: {en: "Hole in the road", zh-hans: "路面坑洼"}
    department: potholes_unit
    sla_hours: 48
    keywords: {en: [pothole], zh-hans: [坑]}
    attributes:
      - code: size
        datatype: singlevaluelist
        required: true
        description: How big?
        values: [{key: small}, {key: large}]
      - code: depth_cm
        datatype: number
        description: How deep?
"""


def load(tmp_path: Path, text: str | None) -> str:
    out = StringIO()
    args = []
    if text is not None:
        path = tmp_path / "catalogue.yaml"
        path.write_text(text, encoding="utf-8")
        args.append(str(path))
    call_command("load_catalogue", *args, stdout=out)
    return out.getvalue()


def refusal(tmp_path: Path, text: str) -> str:
    with pytest.raises(CommandError) as refused:
        load(tmp_path, text)
    return str(refused.value)


def state() -> dict:
    return {
        "departments": sorted(Department.objects.values_list("code", "name", "parent_id")),
        "categories": sorted(ServiceCategory.objects.values_list(
            "service_code", "name", "department_id", "sla_hours")),
        "attributes": sorted(ServiceAttribute.objects.values_list(
            "category_id", "code", "datatype", "required")),
    }


def test_it_loads_the_default_catalogue(db, tmp_path):
    out = load(tmp_path, None)
    assert out.startswith("Loaded 10 departments, 9 groups, ")
    assert ServiceCategory.objects.get(service_code="pothole").department.code == "roads"


def test_it_loads_a_citys_own_file_and_updates_on_reload(city, tmp_path):
    out = load(tmp_path, GOOD)
    assert "Loaded 2 departments, 1 groups, 1 services with 2 questions" in out
    pothole = ServiceCategory.objects.get(service_code="pothole")
    assert (pothole.name, pothole.name_i18n, pothole.sla_hours) == (
        "Hole in the road", {"zh-hans": "路面坑洼"}, 48)
    bureau = pothole.department.parent
    assert bureau is not None and bureau.code == "roads"
    assert pothole.keywords == ["pothole", "坑"]
    assert list(pothole.attributes.values_list("code", flat=True)) == ["depth_cm", "size"]
    load(tmp_path, GOOD.replace("      - code: depth_cm\n        datatype: number\n"
                                "        description: How deep?\n", ""))
    assert list(pothole.attributes.values_list("code", flat=True)) == ["size"]


def test_it_applies_a_loaded_file_to_the_next_report_at_once(city, tmp_path):
    snapshot.current()  # the catalogue as the running process knows it
    load(tmp_path, GOOD)
    lat, lon = citydata.INSIDE_EAST_S
    case = submit(Report(channel="web", service_code="pothole", lat=lat, lon=lon,
                         attributes={"size": "small"}))
    assert case.department.code == "potholes_unit"


MISTAKES = [
    (GOOD.replace("datatype: number", "datatype: colour"),
     "services[0].attributes[1].datatype: must be one of string, number"),
    (GOOD.replace("department: potholes_unit", "department: nowhere"),
     "services[0].department: no department 'nowhere'"),
    (GOOD.replace("sla_hours: 48", "sla_hours: soon"),
     "services[0].sla_hours: must be a whole number of hours"),
    (GOOD.replace("values: [{key: small}, {key: large}]", "values: [{key: small}]"),
     "services[0].attributes[0].values: a list needs at least two values"),
    (GOOD.replace("group: roads", "group: pavements"), "services[0].group: no group"),
    (GOOD.replace("    name: Pothole Unit\n", ""), "departments[1].name: must be text"),
    (GOOD.replace("parent: roads", "parent: highways"),
     "departments[1].parent: no department 'highways'"),
]


def test_it_changes_nothing_for_a_file_with_a_mistake_and_names_the_place(city, tmp_path):
    before = state()
    for broken, where in MISTAKES:
        message = refusal(tmp_path, broken)
        assert "nothing loaded" in message
        assert where in message
        assert state() == before, where


def test_it_refuses_a_file_that_is_not_yaml(city, tmp_path):
    before = state()
    message = refusal(tmp_path, "services: [unclosed\n  - code: x")
    assert "is not valid YAML" in message
    assert state() == before


def test_an_import_renews_the_catalogue_revision_once(db, tmp_path, monkeypatch):
    """A hundred saves, one renewal: every process rebuilds its copy once, not per row."""
    renewals: list[None] = []
    original = snapshot.touch

    def touch() -> None:
        renewals.append(None)
        original()

    monkeypatch.setattr(snapshot, "touch", touch)
    path = tmp_path / "catalogue.yaml"
    path.write_text(GOOD, encoding="utf-8")
    call_command("load_catalogue", str(path), stdout=StringIO())
    assert len(renewals) == 1
    assert snapshot.current().categories["pothole"].display_name == "Hole in the road"
    # Outside an import, a single change still renews it at once (the admin's case).
    ServiceCategory.objects.filter(service_code="pothole").get().save()
    assert len(renewals) == 2
