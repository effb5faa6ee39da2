"""$expand costs one query per level, whatever the number of entities (no N+1)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cityloop.sensing.models import Datastream, Location, Thing
from tests.sensing.api.conftest import observe

EXPAND = ("Datastreams($expand=Observations($top=2;$orderby=phenomenonTime desc;$count=true),"
          "Sensor),Locations")


def build(network, things):
    sensor, prop = network.sensors[0], network.properties[0]
    for n in range(things):
        thing = Thing.objects.create(name=f"Gauge {n}", description="",
                                     properties={"public": True})
        thing.locations.add(Location.objects.create(
            name=f"Spot {n}", description="", location={"type": "Point", "coordinates": [n, n]}))
        for s in range(2):
            stream = Datastream.objects.create(
                name=f"Level {n}.{s}", description="", unit_of_measurement={},
                observation_type="OM_Measurement", thing=thing, sensor=sensor,
                observed_property=prop)
            for minute in range(3):
                observe(stream, minute, minute)


def queries(sta):
    with CaptureQueriesContext(connection) as captured:
        body = sta.json("Things", **{"$expand": EXPAND})
    return len(captured), body


def test_expanding_costs_the_same_for_few_or_many_entities(sta, network):
    build(network, 2)
    few, _body = queries(sta)
    build(network, 20)
    many, body = queries(sta)
    assert few == many
    last = body["value"][-1]
    assert len(last["Datastreams"]) == 2
    assert [o["result"] for o in last["Datastreams"][0]["Observations"]] == [2, 1]
    assert last["Datastreams"][0]["Observations@iot.count"] == 3
    assert last["Datastreams"][0]["Sensor"]["name"] == "Radar gauge"
