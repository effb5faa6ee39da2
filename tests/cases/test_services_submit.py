"""``submit``: a report becomes a routed case with a clock, or is refused with every reason."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from cityloop.cases.contacts import ContactInfo
from cityloop.cases.errors import SubmissionRejected
from cityloop.cases.models import ActorKind, Case, CaseContact, CaseEvent, ContactRole, Status
from cityloop.cases.services import Report, submit
from cityloop.catalogue.models import ServiceAttribute, ServiceCategory
from cityloop.notify.models import Kind, Message
from tests import citydata
from tests.cases.helpers import rows

pytestmark = pytest.mark.usefixtures("city")

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def report(**fields: Any) -> Report:
    lat, lon = citydata.INSIDE_EAST_S
    values: dict[str, Any] = {
        "channel": "web",
        "service_code": "pothole",
        "description": "Deep pothole in the bus lane",
        "lat": lat,
        "lon": lon,
    }
    values.update(fields)
    return Report(**values)


def refused(**fields) -> SubmissionRejected:
    with pytest.raises(SubmissionRejected) as caught:
        submit(report(**fields), now=NOW)
    return caught.value


def problem(rejection: SubmissionRejected, field: str):
    found = [p for p in rejection.problems if p.field == field]
    assert found, f"no problem with {field}: {rejection.problems}"
    return found[0]


# --- routing --------------------------------------------------------------------------------


def test_it_routes_a_pothole_to_the_most_local_roads_unit():
    for point, department, area in [
        (citydata.INSIDE_EAST_S, "roads_east", "east_s"),  # district office
        (citydata.INSIDE_WEST_S, "roads_west", "west_s"),  # district office
        (citydata.INSIDE_WEST_N, "roads_west_n", "west_n"),  # the street team, third level
    ]:
        case = submit(report(lat=point[0], lon=point[1]), now=NOW)
        assert case.area is not None
        assert (case.department.code, case.area.code) == (department, area), point
        assert (case.lat, case.lon) == point


def test_it_keeps_a_case_with_the_bureau_when_the_bureau_has_no_local_units():
    lat, lon = citydata.INSIDE_WEST_N
    case = submit(
        report(service_code="streetlight", lat=lat, lon=lon, attributes={"fault": "out"}), now=NOW
    )
    assert case.department.code == "lighting"
    assert case.area is not None and case.area.code == "west_n"


def test_it_routes_an_address_only_report_to_the_bureau_with_no_area():
    case = submit(report(lat=None, lon=None, address="12 Jiefang Road"), now=NOW)
    assert case.department.code == "roads"
    assert case.area is None
    assert (case.lat, case.lon) == (None, None)
    assert case.address == "12 Jiefang Road"


def test_it_refuses_a_place_outside_the_city_with_a_clear_message():
    lat, lon = citydata.OUTSIDE
    rejection = refused(lat=lat, lon=lon)
    outside = rejection.first("outside_city")
    assert outside is not None
    assert outside.field == "lat"
    assert "outside the area the city looks after" in outside.message
    assert "29.70000" in outside.message and "106.70000" in outside.message


def test_it_refuses_coordinates_that_are_not_degrees():
    for lat, lon, field, says in [
        ("north", 106.58, "lat", "must be a number"),
        (29.54, "east", "long", "must be a number"),
        (95, 106.58, "lat", "between -90 and 90"),
        (29.54, 181, "long", "between -180 and 180"),
        ("nan", 106.58, "lat", "between"),
    ]:
        found = problem(refused(lat=lat, lon=lon), field)
        assert found.code == "invalid"
        assert says in found.message, (lat, lon)


def test_it_needs_both_lat_and_long():
    lat, lon = citydata.INSIDE_EAST_S
    for fields, missing in (({"lat": lat, "lon": None}, "long"),
                            ({"lat": None, "lon": lon}, "lat")):
        found = problem(refused(**fields), missing)
        assert found.code == "required"
        assert "both lat and long" in found.message


def test_it_needs_a_place_of_some_kind():
    found = refused(lat=None, lon=None, address="").first("location_required")
    assert found is not None and "lat and long, or an address" in found.message


# --- category ------------------------------------------------------------------------------


def test_it_refuses_a_category_the_city_does_not_have():
    found = problem(refused(service_code="unicorn_sighting"), "service_code")
    assert found.code == "unknown_service"
    assert "unicorn_sighting is not a service of this city" in found.message


def test_it_refuses_a_category_the_city_has_switched_off():
    pothole = ServiceCategory.objects.get(service_code="pothole")
    pothole.active = False
    pothole.save()
    assert problem(refused(), "service_code").code == "unknown_service"


def test_it_refuses_a_report_from_an_unknown_channel():
    assert problem(refused(channel="carrier_pigeon"), "channel").code == "invalid"


# --- answers to the category's questions (the real default catalogue) ---------------------


def test_it_requires_the_answers_the_category_requires():
    found = problem(refused(service_code="road_obstruction"), "attribute[blocking]")
    assert found.code == "required"
    assert "How much of the way is blocked?" in found.message


def test_it_refuses_an_answer_to_a_question_the_category_does_not_ask():
    found = problem(refused(attributes={"colour": "grey"}), "attribute[colour]")
    assert found.code == "unknown_attribute"
    assert "colour is not a question of service pothole" in found.message


def test_it_refuses_an_answer_to_an_informational_text():
    # flooding.safety_notice is a 'text' notice that asks nothing (variable: false)
    found = problem(
        refused(service_code="flooding", attributes={"traffic_blocked": "no",
                                                     "safety_notice": "ok"}),
        "attribute[safety_notice]",
    )
    assert found.code == "unknown_attribute"


def test_it_keeps_a_string_answer_and_refuses_one_too_long():
    fields = {"service_code": "streetlight"}
    case = submit(report(**fields, attributes={"fault": "out", "pole_number": " LP-0042 "}),
                  now=NOW)
    assert case.attributes == {"fault": "out", "pole_number": "LP-0042"}
    found = problem(
        refused(**fields, attributes={"fault": "out", "pole_number": "x" * 1001}),
        "attribute[pole_number]",
    )
    assert found.code == "too_long"


def test_it_refuses_two_values_for_a_string_question():
    found = problem(
        refused(service_code="streetlight",
                attributes={"fault": "out", "pole_number": ["LP-1", "LP-2"]}),
        "attribute[pole_number]",
    )
    assert "takes a single value" in found.message


def test_it_stores_a_number_answer_as_a_number():
    for given, stored in [("7", 7), ("7.5", 7.5), (" 12 ", 12), (5, 5), (0, 0)]:
        case = submit(report(attributes={"depth_cm": given}), now=NOW)
        assert case.attributes["depth_cm"] == stored, given


def test_it_refuses_a_number_answer_that_is_not_a_finite_number():
    for given in ["deep", "nan", "inf", "1e999", "7cm"]:
        found = problem(refused(attributes={"depth_cm": given}), "attribute[depth_cm]")
        assert found.code == "invalid"
        assert "must be a number" in found.message, given


def test_it_stores_a_datetime_answer_and_refuses_one_it_cannot_read():
    fields = {"service_code": "noise", "attributes": {"source": "music_party"}}
    case = submit(report(**{**fields, "attributes": {"source": "music_party",
                                                       "when": "2026-03-09T23:30:00+08:00"}}),
                  now=NOW)
    assert case.attributes["when"] == "2026-03-09T23:30:00+08:00"
    for unreadable in ("last night", "2026-13-45T25:00"):
        found = problem(
            refused(**{**fields, "attributes": {"source": "music_party", "when": unreadable}}),
            "attribute[when]",
        )
        assert "must be a date and time" in found.message


def test_it_accepts_a_long_text_answer_up_to_4000_characters():
    # The default catalogue's 'text' attributes are notices; a city may ask real ones.
    other = ServiceCategory.objects.get(service_code="other")
    ServiceAttribute.objects.create(
        category=other, code="details", datatype="text", description="Tell us more"
    )
    fields = {"service_code": "other", "description": "Odd problem"}
    case = submit(report(**fields, attributes={"details": "y" * 4000}), now=NOW)
    assert len(case.attributes["details"]) == 4000
    found = problem(refused(**fields, attributes={"details": "y" * 4001}), "attribute[details]")
    assert found.code == "too_long"


def test_it_takes_one_choice_from_a_single_value_list():
    case = submit(report(attributes={"size": "medium"}), now=NOW)
    assert case.attributes == {"size": "medium"}
    wrong = problem(refused(attributes={"size": "huge"}), "attribute[size]")
    assert wrong.code == "invalid_choice"
    assert "choose from small, medium, large" in wrong.message
    two = problem(refused(attributes={"size": ["small", "large"]}), "attribute[size]")
    assert "one choice only" in two.message


def test_it_takes_several_choices_from_a_multi_value_list():
    fields = {"service_code": "illegal_parking", "description": "Car on the pavement"}
    case = submit(report(**fields, attributes={"blocking": ["footpath", "bus_stop", "footpath"]}),
                  now=NOW)
    assert case.attributes["blocking"] == ["footpath", "bus_stop"]
    single = submit(report(**fields, attributes={"blocking": "driveway"}), now=NOW)
    assert single.attributes["blocking"] == ["driveway"]
    wrong = problem(refused(**fields, attributes={"blocking": ["footpath", "moon"]}),
                    "attribute[blocking]")
    assert wrong.code == "invalid_choice"
    assert "moon is not a choice" in wrong.message


# --- text, contact ------------------------------------------------------------------------


def test_it_refuses_a_description_over_4000_characters():
    submit(report(description="d" * 4000), now=NOW)
    found = problem(refused(description="d" * 4001), "description")
    assert found.code == "too_long"
    assert "4001 characters long; the limit is 4000" in found.message


def test_it_strips_nul_and_control_characters_but_keeps_line_breaks():
    case = submit(
        report(
            description="Hole\x00 in the\x07 road\x1b\nnear the school",
            address="12\x00 Jiefang\x08 Road",
            service_code="streetlight",
            attributes={"fault": "out", "pole_number": "LP\x00-7"},
            contact=ContactInfo(name="Mei\x00 Lin", phone="138\x00 0000", email="mei@example.org"),
        ),
        now=NOW,
    )
    case.refresh_from_db()
    assert case.description == "Hole in the road\nnear the school"
    assert case.address == "12 Jiefang Road"
    assert case.attributes["pole_number"] == "LP-7"
    reporter = case.contacts.get()
    assert (reporter.name, reporter.phone) == ("Mei Lin", "138 0000")


def test_it_refuses_a_bad_email_address():
    found = problem(refused(contact=ContactInfo(email="mei@@example")), "email")
    assert found.code == "invalid"
    assert "not a valid email address" in found.message


def test_it_lists_every_problem_at_once():
    rejection = refused(
        description="x" * 4001,
        attributes={"size": "huge", "colour": "grey"},
        contact=ContactInfo(email="not-an-email"),
        priority="whenever",
    )
    fields = {p.field for p in rejection.problems}
    assert {"description", "attribute[size]", "attribute[colour]", "email", "priority"} <= fields


def test_it_keeps_the_reporter_as_a_private_contact():
    contact = ContactInfo(name="Mei", email="mei@example.org", phone="13800000000",
                          language="zh-hans")
    case = submit(report(contact=contact), now=NOW)
    reporter = CaseContact.objects.get(case=case)
    assert reporter.role == ContactRole.REPORTER
    assert (reporter.email, reporter.language) == ("mei@example.org", "zh-hans")
    created = CaseEvent.objects.get(case=case)
    assert "Mei" not in str(created.data) and "mei@example.org" not in str(created.data)
    assert created.actor_label == "Citizen"


# --- reference, clock, priority -----------------------------------------------------------


def test_it_numbers_cases_per_year_and_restarts_in_a_new_year():
    first = submit(report(), now=NOW)
    second = submit(report(), now=NOW + timedelta(hours=1))
    new_year = submit(report(), now=datetime(2027, 1, 1, 0, 5, tzinfo=UTC))
    late_2026 = submit(report(), now=datetime(2026, 12, 31, 23, 55, tzinfo=UTC))
    assert [first.reference, second.reference] == ["2026-000001", "2026-000002"]
    assert new_year.reference == "2027-000001"
    assert late_2026.reference == "2026-000003"


def test_it_does_not_use_up_a_reference_on_a_refused_report():
    submit(report(), now=NOW)
    refused(service_code="unicorn_sighting")
    assert submit(report(), now=NOW).reference == "2026-000002"


def test_it_starts_the_sla_clock_from_the_category():
    for code, hours, attributes in [
        ("pothole", 72, {}),
        ("road_obstruction", 24, {"blocking": "some_lanes"}),
        ("illegal_parking", 4, {}),
    ]:
        case = submit(report(service_code=code, attributes=attributes), now=NOW)
        assert case.created_at == NOW
        assert case.due_at == NOW + timedelta(hours=hours), code
        assert case.escalate_at == NOW + timedelta(hours=2 * hours), code
        assert case.overdue_at is None and case.escalated_at is None


def test_it_takes_the_priority_from_the_category_unless_one_is_given():
    obstruction = submit(report(service_code="road_obstruction",
                                attributes={"blocking": "whole_road"}), now=NOW)
    assert obstruction.priority == "high"
    assert submit(report(), now=NOW).priority == "normal"
    assert submit(report(priority="urgent"), now=NOW).priority == "urgent"
    assert problem(refused(priority="whenever"), "priority").code == "invalid"


# --- the triage seam --------------------------------------------------------------------------


def test_it_lets_triage_choose_the_category_when_it_is_confident(settings):
    settings.TRIAGE_CONFIDENCE = 0.6
    case = submit(report(service_code="", description="There is a big pothole in the road"),
                  now=NOW)
    assert case.category.service_code == "pothole"
    assert case.department.code == "roads_east"
    assert case.triage["category"] == "pothole"
    assert case.triage["provider"] == "keywords"
    assert case.triage["confidence"] >= 0.6


def test_it_asks_for_a_category_when_triage_is_unsure(settings):
    settings.TRIAGE_CONFIDENCE = 0.6
    before = rows()
    for text in ("pothole next to the graffiti", "Something strange happened"):
        found = problem(refused(service_code="", description=text), "service_code")
        assert found.code == "required"
    assert rows() == before


def test_it_records_what_triage_said_even_when_the_reporter_chose():
    case = submit(report(service_code="pothole", description="The street light is flickering"),
                  now=NOW)
    assert case.category.service_code == "pothole"
    assert case.triage["category"] == "streetlight"


# --- what a case starts with ----------------------------------------------------------------


def test_it_records_the_creation_and_queues_the_acknowledgement():
    case = submit(report(contact=ContactInfo(email="mei@example.org")), now=NOW)
    created = CaseEvent.objects.get(case=case)
    assert (created.seq, created.action, created.from_status, created.to_status) == (
        1, "create", "", Status.NEW)
    assert created.actor_kind == ActorKind.CITIZEN
    assert created.data == {"channel": "web"}
    ack = Message.objects.get(case=case, kind=Kind.ACKNOWLEDGEMENT)
    assert ack.target == "mei@example.org"


def test_it_records_who_filed_the_report(operator, api_client_key):
    client, _ = api_client_key
    by_staff = submit(report(channel="staff", created_by=operator), now=NOW)
    by_app = submit(report(channel="open311", client=client), now=NOW)
    by_sensor = submit(report(channel="sensor"), now=NOW)
    kinds = {
        case.channel: CaseEvent.objects.get(case=case).actor_kind
        for case in (by_staff, by_app, by_sensor)
    }
    assert kinds == {"staff": "staff", "open311": "client", "sensor": "system"}
    assert CaseEvent.objects.get(case=by_app).actor_label == "Test App"


def test_it_writes_nothing_for_a_refused_report():
    before = rows()
    refused(
        lat=citydata.OUTSIDE[0],
        lon=citydata.OUTSIDE[1],
        contact=ContactInfo(name="Mei", email="mei@example.org"),
        media_urls=["https://photos.example.org/1.jpg"],
    )
    refused(service_code="road_obstruction", contact=ContactInfo(email="mei@example.org"))
    assert rows() == before
    assert not Case.objects.exists()


def test_it_keeps_only_a_language_cityloop_speaks(make_case):
    case = make_case(language="zh_Hans")
    assert case.language == "zh-hans"
    assert make_case(language="x" * 50, contact=None).language == ""
