"""Staff correcting a case: its category, its place, its priority."""

from __future__ import annotations

import pytest

from cityloop.cases.errors import TransitionRefused
from cityloop.catalogue.models import ServiceCategory
from tests import citydata
from tests.cases.helpers import act, actions_of


def category(code: str) -> ServiceCategory:
    return ServiceCategory.objects.get(service_code=code)


def test_it_recategorises_and_keeps_the_correction_for_triage(make_case, roads_officer):
    case = make_case(service_code="", description="There is a big pothole in the road")
    event = act(case, "recategorise", roads_officer, category=category("footpath"),
                note="It is on the pavement")
    assert case.category.service_code == "footpath"
    assert case.triage["category"] == "pothole"
    assert case.triage["corrected_to"] == "footpath"
    assert event.data["from_category"] == "pothole"
    assert event.data["to_category"] == "footpath"
    assert "to_department" not in event.data  # both are the roads office's
    assert event.internal_note == "It is on the pavement"


def test_it_sends_a_recategorised_case_to_the_new_categorys_department(
        make_case, roads_officer):
    case = make_case()
    act(case, "assign", roads_officer, assignee=roads_officer)
    created = case.created_at
    event = act(case, "recategorise", roads_officer, category=category("flooding"),
                note="It is a flooded road, not a pothole")
    case.refresh_from_db()
    assert case.department.code == "water"
    assert event.data["to_department"] == "water"
    # New to the water bureau, nobody there has it yet, and the clock that
    # started at the report now allows the flooding category's hours.
    assert (case.status, case.assignee) == ("new", None)
    hours = category("flooding").sla_hours
    assert abs((case.due_at - created).total_seconds() - hours * 3600) < 1


def test_it_reroutes_a_relocated_case_to_the_unit_of_its_new_place(make_case, roads_officer):
    case = make_case()
    assert case.department.code == "roads_east"
    lat, lon = citydata.INSIDE_WEST_S
    event = act(case, "relocate", roads_officer, lat=lat, lon=lon, note="Wrong side of town")
    case.refresh_from_db()
    assert case.department.code == "roads_west"
    assert event.data["to_department"] == "roads_west"


def test_it_needs_a_reason_and_an_active_category_to_recategorise(make_case, roads_officer):
    case = make_case()
    with pytest.raises(TransitionRefused) as no_reason:
        act(case, "recategorise", roads_officer, category=category("footpath"))
    assert no_reason.value.code == "reason_required"
    footpath = category("footpath")
    footpath.active = False
    footpath.save()
    for wrong in (footpath, "footpath", None):
        with pytest.raises(TransitionRefused) as refusal:
            act(case, "recategorise", roads_officer, category=wrong, note="pavement")
        assert refusal.value.code == "category_required"
    case.refresh_from_db()
    assert case.category.service_code == "pothole"


def test_it_relocates_a_case_to_the_right_area(make_case, roads_officer):
    case = make_case()
    lat, lon = citydata.INSIDE_EAST_N
    event = act(case, "relocate", roads_officer, lat=lat, lon=lon, address="3 North Road",
                note="Caller gave the wrong corner")
    case.refresh_from_db()
    assert (case.lat, case.lon, case.area.code, case.address) == (
        lat, lon, "east_n", "3 North Road")
    assert event.data["to"] == {"lat": lat, "lon": lon}
    assert event.data["area"] == "east_n"


def test_it_needs_a_reason_to_relocate(make_case, roads_officer):
    case = make_case()
    lat, lon = citydata.INSIDE_EAST_N
    with pytest.raises(TransitionRefused) as refusal:
        act(case, "relocate", roads_officer, lat=lat, lon=lon)
    assert refusal.value.code == "reason_required"


def test_it_refuses_to_relocate_a_case_outside_the_city(make_case, roads_officer):
    case = make_case()
    lat, lon = citydata.OUTSIDE
    with pytest.raises(TransitionRefused) as refusal:
        act(case, "relocate", roads_officer, lat=lat, lon=lon, note="moved")
    assert "outside the area the city looks after" in refusal.value.message
    case.refresh_from_db()
    assert (case.lat, case.lon, case.area.code) == (*citydata.INSIDE_EAST_S, "east_s")
    assert actions_of(case) == ["create"]


def test_it_sets_a_known_priority_only(make_case, roads_officer):
    case = make_case()
    event = act(case, "set_priority", roads_officer, priority="urgent")
    assert case.priority == "urgent"
    assert event.data == {"from_priority": "normal", "to_priority": "urgent"}
    with pytest.raises(TransitionRefused) as refusal:
        act(case, "set_priority", roads_officer, priority="asap")
    assert refusal.value.code == "priority_required"
    case.refresh_from_db()
    assert case.priority == "urgent"
