"""A case a private sensor opened: public pages say "Sensor alert", never the
station's name or its readings (the public list's rule, on every public page)."""

from __future__ import annotations

from django.test import Client
from django.utils import timezone

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.sensing.rules.models import Alert
from tests.sensing.rules.helpers import make_rule, make_stream

STATION = "Shuijing Lane No. 12 tilt meter"
READING = "21.11 MAD"


def sensor_case(make_case, *, public: bool):
    stream = make_stream(thing=STATION)
    stream.thing.properties = {"public": public, "name_zh-hans": "水井巷12号楼倾斜监测仪"}
    stream.thing.save()
    case = make_case(channel="sensor", service_code="flooding", contact=None,
                     description=f"Orange: {STATION}: {READING} (threshold 15)",
                     attributes={"traffic_blocked": "no"})
    Alert.objects.create(rule=make_rule(stream), datastream=stream, level="orange",
                         highest_level="orange", started_at=timezone.now(), peak=21.11, case=case)
    lifecycle.transition(case, "comment", Actor.system("sensor rule tilt"),
                         public_text=f"Orange raised to red: {STATION}: 41.11 MAD")
    return case


def test_its_page_names_neither_the_station_nor_its_readings(make_case):
    case = sensor_case(make_case, public=False)
    html = Client().get(f"/cases/{case.reference}/").content.decode()
    assert case.reference in html
    assert "Sensor alert" in html
    assert STATION not in html and READING not in html and "41.11" not in html


def test_the_home_page_updates_do_not_name_it_either(make_case):
    sensor_case(make_case, public=False)
    html = Client().get("/").content.decode()
    assert STATION not in html and "41.11" not in html


def test_a_public_stations_case_is_described_in_full(make_case):
    case = sensor_case(make_case, public=True)
    html = Client().get(f"/cases/{case.reference}/").content.decode()
    assert STATION in html and READING in html and "41.11" in html
