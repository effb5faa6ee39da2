"""Cases a sensor rule or a hotspot opened say so, on the case page and in the queue."""

from __future__ import annotations

from django.utils import timezone

from cityloop.sensing.rules.models import Alert
from cityloop.triage.hotspots.models import Hotspot
from tests.sensing.rules.helpers import make_rule, make_stream
from tests.web.staff.helpers import page


def sensor_case(make_case):
    stream = make_stream(thing="Binjiang river gauge")
    stream.thing.properties = {"public": True, "name_zh-hans": "滨江水位站"}
    stream.thing.save()
    case = make_case(channel="sensor", service_code="flooding", contact=None,
                     description="River level above 3 m", attributes={"traffic_blocked": "no"})
    Alert.objects.create(rule=make_rule(stream), datastream=stream, level="yellow",
                         highest_level="yellow", started_at=timezone.now(), peak=3.2, case=case)
    return case


def hotspot_case(make_case):
    case = make_case(channel="hotspot", contact=None, description="7 reports of potholes")
    now = timezone.now()
    Hotspot.objects.create(case=case, category=case.category, lat=case.lat, lon=case.lon,
                           radius_m=300, size=7, created_at=now, last_report_at=now)
    return case


def test_a_sensor_case_names_its_station(client_for, operator, make_case):
    case = sensor_case(make_case)
    html = page(client_for(operator).get(f"/staff/cases/{case.reference}/"))
    assert 'data-testid="case-source">Sensor: Binjiang river gauge<' in html
    assert "a resident" not in html


def test_a_sensor_case_names_its_station_in_chinese(client_for, operator, make_case):
    case = sensor_case(make_case)
    html = page(client_for(operator, "zh-hans").get(f"/staff/cases/{case.reference}/"))
    assert "传感器：滨江水位站" in html


def test_a_hotspot_case_counts_its_reports(client_for, operator, make_case):
    case = hotspot_case(make_case)
    html = page(client_for(operator).get(f"/staff/cases/{case.reference}/"))
    assert 'data-testid="case-source">Hotspot of 7 reports<' in html
    zh = page(client_for(operator, "zh-hans").get(f"/staff/cases/{case.reference}/"))
    assert "热点：7 条反映" in zh


def test_the_queue_shows_the_source_of_machine_cases_only(client_for, operator, make_case):
    sensor = sensor_case(make_case)
    hotspot = hotspot_case(make_case)
    person = make_case()
    html = page(client_for(operator).get("/staff/"))
    assert html.count('data-testid="queue-source"') == 2
    assert "Sensor: Binjiang river gauge" in html and "Hotspot of 7 reports" in html
    row = html[html.index(f'data-reference="{person.reference}"'):]
    row = row[:row.index("</tr>")]
    assert "queue-source" not in row
    assert sensor.reference in html and hotspot.reference in html


def test_a_person_reported_case_shows_its_channel(client_for, operator, make_case):
    case = make_case()
    html = page(client_for(operator).get(f"/staff/cases/{case.reference}/"))
    assert 'data-testid="case-source"' not in html
    assert "Web form" in html


def test_the_public_list_names_public_stations_but_not_private_ones(client, make_case):
    public = sensor_case(make_case)
    meter = make_stream("Tilt", thing="No. 12 Shuijing Lane tilt meter", prop="Building tilt",
                        symbol="°", public=False)
    private = make_case(channel="sensor", service_code="flooding", contact=None,
                        description="Building tilt above 0.5°",
                        attributes={"traffic_blocked": "no"})
    Alert.objects.create(rule=make_rule(meter, code="tilt", name="Tilt"), datastream=meter,
                         level="yellow", highest_level="yellow", started_at=timezone.now(),
                         peak=0.6, case=private)
    html = page(client.get("/stats/cases/"))
    assert "Sensor: Binjiang river gauge" in html and public.reference in html
    assert private.reference in html
    assert "Shuijing" not in html  # a private meter is not named, nor where it is
    assert html.count('data-testid="stats-case-source">Sensor alert<') == 1
