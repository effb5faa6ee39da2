"""Citizens as sensors: N reports within R metres in T minutes open one incident case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cityloop.cases.models import Case, CaseEvent, Channel
from cityloop.catalogue import snapshot
from cityloop.catalogue.models import ServiceCategory
from cityloop.triage.hotspots import detection as hotspots
from cityloop.triage.hotspots.models import Hotspot, HotspotMember
from cityloop.worker.jobs import run_due_jobs
from tests import citydata
from tests.cases.helpers import act, actions_of

LAT, LON = citydata.INSIDE_EAST_S
METRE = 1 / 111_320
FLOOD = {"service_code": "flooding", "attributes": {"traffic_blocked": "yes"}}


@pytest.fixture
def flooding(city):
    """Flooding as the default catalogue has it: 5 reports within 500 m in an hour."""
    category = ServiceCategory.objects.get(service_code="flooding")
    assert (category.hotspot_reports, category.hotspot_radius_m,
            category.hotspot_minutes) == (5, 500, 60)
    return category


@pytest.fixture
def report(make_case):
    def make(minutes_ago: float, north_m: float = 0, lat: float = LAT, **kw) -> Case:
        fields = {**FLOOD, "description": "Water over the road at the underpass", **kw}
        return make_case(lat=lat + north_m * METRE, lon=LON,
                         now=timezone.now() - timedelta(minutes=minutes_ago), **fields)

    return make


def incidents() -> list[Case]:
    return list(Case.objects.filter(channel=Channel.HOTSPOT).order_by("pk"))


def test_five_reports_within_500_m_in_an_hour_open_one_incident(flooding, report):
    members = [report(50 - 10 * i, north_m=100 * i) for i in range(5)]
    result = hotspots.scan()
    assert (result.opened, result.joined) == (1, 0)
    [incident] = incidents()
    assert incident.category == flooding
    assert incident.lat == pytest.approx(LAT + 200 * METRE)
    assert all(m.reference in incident.description for m in members)
    assert "5" in incident.description
    assert actions_of(incident) == ["create"]
    assert CaseEvent.objects.get(case=incident, seq=1).actor_label == "hotspot detector"
    hotspot = Hotspot.objects.get(case=incident)
    assert set(hotspot.members.all()) == set(members)
    assert hotspot.size == 5
    for member in members:
        update = CaseEvent.objects.get(case=member, action="comment")
        assert incident.reference in update.public_text


def test_a_sixth_report_joins_and_escalates(flooding, report):
    for i in range(5):
        report(40 - i)
    hotspots.scan()
    [incident] = incidents()
    ServiceCategory.objects.filter(pk=flooding.pk).update(default_priority="high")
    Case.objects.filter(pk=incident.pk).update(priority="high")
    sixth = report(1, north_m=300)
    result = hotspots.scan()
    assert (result.opened, result.joined, result.escalated) == (0, 1, 1)
    assert incidents() == [incident]
    incident.refresh_from_db()
    assert incident.priority == "urgent"
    assert actions_of(incident) == ["create", "note", "set_priority", "comment"]
    assert "6" in CaseEvent.objects.get(case=incident, action="comment").public_text
    hotspot = Hotspot.objects.get(case=incident)
    assert (hotspot.size, hotspot.escalations) == (6, 1)
    assert HotspotMember.objects.get(case=sixth).hotspot == hotspot


def test_a_seventh_report_joins_without_escalating(flooding, report):
    for i in range(6):
        report(40 - i)
    hotspots.scan()
    [incident] = incidents()
    report(1)
    result = hotspots.scan()
    assert (result.joined, result.escalated) == (1, 0)
    assert Hotspot.objects.get(case=incident).size == 7


def test_a_cluster_elsewhere_opens_a_second_incident(flooding, report):
    for i in range(5):
        report(30 - i)
    far_lat = citydata.INSIDE_EAST_N[0]
    for i in range(5):
        report(20 - i, lat=far_lat)
    hotspots.scan()
    first, second = incidents()
    assert second.lat == pytest.approx(far_lat)
    assert Hotspot.objects.get(case=first).size == Hotspot.objects.get(case=second).size == 5


def test_fewer_reports_or_reports_too_far_apart_open_nothing(flooding, report, make_case):
    for i in range(4):
        report(30 - i)
    report(25, north_m=900)  # too far
    report(100)  # too early: more than an hour before the others
    make_case(service_code="pothole", lat=LAT, lon=LON)  # another kind of problem
    assert hotspots.scan().opened == 0
    assert incidents() == []


def test_categories_without_a_hotspot_setting_are_not_watched(city, make_case):
    for _ in range(8):
        make_case(service_code="pothole")
    assert hotspots.scan().looked_at == 0
    assert incidents() == []


def test_running_twice_opens_nothing_more(flooding, report):
    for i in range(5):
        report(30 - i)
    hotspots.scan()
    events = CaseEvent.objects.count()
    again = hotspots.scan()
    assert (again.opened, again.joined) == (0, 0)
    assert len(incidents()) == 1
    assert CaseEvent.objects.count() == events


def test_a_closed_incident_lets_a_new_cluster_open_a_new_one(flooding, report, city_admin):
    for i in range(5):
        report(50 - i)
    hotspots.scan()
    [first] = incidents()
    act(first, "resolve", city_admin, public_text="Pumped out")
    for i in range(5):
        report(10 - i)
    assert hotspots.scan().opened == 1
    assert len(incidents()) == 2


def test_sensor_cases_and_rejected_reports_do_not_count(flooding, report, city_admin):
    for i in range(3):
        report(30 - i)
    report(20, channel="sensor")
    act(report(19), "reject", city_admin, reason="invalid")
    assert hotspots.scan().opened == 0


def test_escalation_sizes_double():
    assert hotspots.milestones(5) == [6, 10, 20]
    assert hotspots.milestones(2) == [3, 4, 8]


def test_the_worker_runs_it_as_a_periodic_job(flooding, report):
    for i in range(5):
        report(30 - i)
    assert "hotspots" in run_due_jobs("test-worker")
    assert len(incidents()) == 1
    assert "hotspots" not in run_due_jobs("test-worker")  # not due again yet


def test_odd_texts_do_not_stop_it(flooding, report):
    texts = ["", "水", "🌊" * 40, "x" * 3999, "积水 flooding حار"]
    for i, text in enumerate(texts):
        report(30 - i, description=text)
    assert hotspots.scan().opened == 1


def test_settings_changed_in_the_admin_apply_at_the_next_scan(flooding, report):
    for i in range(3):
        report(30 - i)
    assert hotspots.scan().opened == 0
    ServiceCategory.objects.filter(pk=flooding.pk).update(hotspot_reports=3)
    snapshot.touch()
    report(5)
    assert hotspots.scan().opened == 1
