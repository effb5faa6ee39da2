"""Private Things (no ``"public": true``) and what is reached through them are invisible
to anonymous readers: 404 when addressed, absent from lists, counts, ``$expand`` and
``$filter``; staff sessions and API keys with read rights see them (``sensing.access``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.urls import reverse

from cityloop.sensing import access
from cityloop.sensing.models import (
    Datastream,
    FeatureOfInterest,
    HistoricalLocation,
    Location,
    Observation,
    Sensor,
    Thing,
)
from tests.sensing.api.conftest import T0, Sta, observe


@dataclass
class Hidden:
    thing: Thing
    location: Location
    history: HistoricalLocation
    stream: Datastream
    opted_out: Datastream  # public Thing, datastream marked public: false
    sensor: Sensor
    feature: FeatureOfInterest
    observation: Observation


@pytest.fixture
def hidden(network) -> Hidden:
    river = network.things[0]
    bridge = network.locations[0]  # shared with the public river gauge
    thing = Thing.objects.create(name="Tilt meter, Tower B", description="Building tilt",
                                 properties={"public": False, "floor": 12})
    location = Location.objects.create(name="Tower B roof", description="Exact spot",
                                       location={"type": "Point", "coordinates": [114.2, 22.7]})
    thing.locations.add(location, bridge)
    history = HistoricalLocation.objects.create(thing=thing, time=T0)
    history.locations.add(location)
    sensor = Sensor.objects.create(name="Tiltmeter TX-9", description="Secret model",
                                   encoding_type="application/pdf", metadata="https://x/tx9")
    prop = network.properties[0]
    stream = Datastream.objects.create(
        name="Tilt of Tower B", description="Tilt", unit_of_measurement={"symbol": "mrad"},
        observation_type="OM_Measurement", thing=thing, sensor=sensor, observed_property=prop)
    opted_out = Datastream.objects.create(
        name="Pump current", description="Internal", properties={"public": False},
        unit_of_measurement={"symbol": "A"}, observation_type="OM_Measurement", thing=river,
        sensor=network.sensors[0], observed_property=prop)
    feature = FeatureOfInterest.objects.create(
        name="Tower B foundation", description="Only the tilt meter sees it",
        feature={"type": "Point", "coordinates": [114.2, 22.7]})
    observation = observe(stream, 0, 999.0, feature_of_interest=feature)
    observe(opted_out, 0, 555.0)
    return Hidden(thing, location, history, stream, opted_out, sensor, feature, observation)


def ids(sta: Sta, path: str, **params: Any) -> set[int]:
    return {row["@iot.id"] for row in sta.json(path, **params)["value"]}


COLLECTIONS = ["Things", "Locations", "HistoricalLocations", "Datastreams", "Observations",
               "FeaturesOfInterest", "Sensors"]


def hidden_ids(hidden: Hidden) -> dict[str, set[int]]:
    return {
        "Things": {hidden.thing.pk}, "Locations": {hidden.location.pk},
        "HistoricalLocations": {hidden.history.pk},
        "Datastreams": {hidden.stream.pk, hidden.opted_out.pk},
        "Observations": set(Observation.objects.filter(
            datastream__in=[hidden.stream, hidden.opted_out]).values_list("pk", flat=True)),
        "FeaturesOfInterest": {hidden.feature.pk}, "Sensors": {hidden.sensor.pk},
    }


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_collections_leave_out_private_entities(sta, network, hidden, collection):
    shown = ids(sta, collection)
    assert shown  # the public ones are there
    assert not shown & hidden_ids(hidden)[collection]


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_a_private_entity_addressed_directly_is_not_found(sta, network, hidden, collection):
    for pk in hidden_ids(hidden)[collection]:
        assert sta.get(f"{collection}({pk})").status_code == 404
        assert sta.get(f"{collection}({pk})/name").status_code in {404}
    assert sta.get(f"Things({hidden.thing.pk})/$ref").status_code == 404


def test_the_filter_of_the_finding_lists_no_private_thing(sta, network, hidden):
    found = sta.json("Things", **{"$filter": "properties/public ne true"})["value"]
    assert found == []


def test_navigation_does_not_lead_into_private_entities(sta, network, hidden):
    river, bridge = network.things[0], network.locations[0]
    assert sta.get(f"Things({hidden.thing.pk})/Datastreams").status_code == 404
    assert sta.get(f"Datastreams({hidden.stream.pk})/Observations").status_code == 404
    assert sta.get(f"Observations({hidden.observation.pk})/FeatureOfInterest").status_code == 404
    assert ids(sta, f"Locations({bridge.pk})/Things") == {river.pk}
    assert hidden.opted_out.pk not in ids(sta, f"Things({river.pk})/Datastreams")
    assert sta.get(f"Things({river.pk})/Datastreams({hidden.opted_out.pk})").status_code == 404
    assert ids(sta, f"Sensors({network.sensors[0].pk})/Datastreams") == {network.datastreams[0].pk}
    assert hidden.stream.pk not in ids(sta, f"ObservedProperties({network.properties[0].pk})"
                                            "/Datastreams")


def test_expand_from_a_public_entity_stops_at_private_ones(sta, network, hidden):
    bridge = sta.json(f"Locations({network.locations[0].pk})", **{
        "$expand": "Things($expand=Datastreams($expand=Observations)),HistoricalLocations"})
    assert [t["name"] for t in bridge["Things"]] == ["River gauge"]
    streams = {d["name"] for d in bridge["Things"][0]["Datastreams"]}
    assert streams == {"Water level at the bridge"}
    prop = sta.json(f"ObservedProperties({network.properties[0].pk})",
                    **{"$expand": "Datastreams($expand=Thing,Sensor;$count=true)"})
    assert prop["Datastreams@iot.count"] == 1
    assert [d["Thing"]["name"] for d in prop["Datastreams"]] == ["River gauge"]


@pytest.mark.parametrize(("collection", "expression"), [
    ("Things", "Datastreams/name eq 'Pump current'"),
    ("Things", "Datastreams/Observations/result eq 555"),
    ("Locations", "Things/name eq 'Tilt meter, Tower B'"),
    ("Locations", "Things/properties/floor eq 12"),
    ("Sensors", "Datastreams/Observations/result eq 999"),
    ("ObservedProperties", "Datastreams/Thing/properties/public eq false"),
    ("FeaturesOfInterest", "Observations/result eq 999"),
])
def test_filter_on_related_private_properties_matches_nothing(sta, network, hidden, collection,
                                                              expression):
    assert sta.json(collection, **{"$filter": expression})["value"] == []


def test_counts_leave_out_private_entities(sta, network, hidden):
    assert sta.json("Things", **{"$count": "true"})["@iot.count"] == 2
    assert sta.json("Datastreams", **{"$count": "true", "$top": "1"})["@iot.count"] == 3
    assert sta.json("Observations", **{"$count": "true"})["@iot.count"] == 9
    expanded = sta.json("Things", **{"$expand": "Datastreams($count=true)"})["value"]
    assert [t["Datastreams@iot.count"] for t in expanded] == [1, 2]


def test_a_staff_session_and_an_api_key_see_private_things(client, writer, network, hidden):
    assert hidden.thing.pk in ids(writer, "Things")
    assert writer.json(f"Datastreams({hidden.stream.pk})/Observations")["value"]
    staff = User.objects.create_user("ops", password="x", is_staff=True)
    client.force_login(staff)
    assert hidden.thing.pk in ids(Sta(client), "Things")
    assert Sta(client).json(f"Things({hidden.thing.pk})/Locations")["value"]


def test_a_wrong_key_is_refused_not_read_as_anonymous(client, network, hidden):
    response = Sta(client, "cl_not-a-key").get("Things")
    assert response.status_code == 401
    assert "error" in response.json() or "message" in response.json()


def test_the_sensor_pages_and_sensorthings_agree(client, sta, network, hidden):
    shown = ids(sta, "Datastreams")
    for stream in Datastream.objects.all():
        assert access.may_see(AnonymousUser(), stream) == (stream.pk in shown), stream.name
        page = client.get(reverse("datastream", args=[stream.pk]))
        assert page.status_code == (200 if stream.pk in shown else 404), stream.name
