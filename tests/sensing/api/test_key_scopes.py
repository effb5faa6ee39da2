"""API keys act only within their scopes on SensorThings (issue 9, item 2; docs/api-keys.md).

Writes need ``sta:write``; private Things are read with ``sta:read``; a key
limited to departments writes only the Things whose ``properties.department``
is one of them (or a unit below one) and what belongs to those Things; every
key is held to its rate limit (429 with Retry-After). Refusals answer in
SensorThings' error body, ``{"code", "type": "error", "message"}``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from cityloop.cases.models import ApiClient
from cityloop.catalogue.models import Department
from cityloop.sensing.models import (
    Datastream,
    Location,
    Observation,
    Sensor,
    Thing,
)
from cityloop.web.models import Throttle
from tests.sensing.api.conftest import T0, Network, Sta

READING = {"phenomenonTime": "2024-05-01T09:00:00Z", "result": 9.9}


def refused(response, status: int = 403) -> str:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == status and body["type"] == "error"
    return str(body["message"])


def data_array(stream: Datastream) -> list[dict[str, object]]:
    return [{"Datastream": {"@iot.id": stream.pk}, "components": ["phenomenonTime", "result"],
             "dataArray": [["2024-05-01T09:00:00Z", 99.0]]}]


def key_with(client, *scopes: str, departments: tuple[Department, ...] = (),
             rate_limit: int | None = None) -> Sta:
    made, key = ApiClient.create(f"Key {ApiClient.objects.count()}", scopes=scopes,
                                 rate_limit=rate_limit)
    made.departments.set(departments)
    return Sta(client, key)


# --- the citizen app's key ------------------------------------------------------------


@pytest.fixture
def citizen_app(client, db) -> Sta:
    """The demo's kind of key: made with the defaults, so open311 only."""
    return Sta(client, ApiClient.create("Citizen app", "apps@example.org")[1])


def test_the_citizen_app_key_cannot_delete_a_thing_or_post_observations(citizen_app, network):
    river, stream = network.things[0], network.datastreams[0]
    before = Observation.objects.count()
    assert "sta:write" in refused(citizen_app.delete(f"Things({river.pk})"))
    assert "sta:write" in refused(citizen_app.post(f"Datastreams({stream.pk})/Observations",
                                                   READING))
    refused(citizen_app.post("CreateObservations", data_array(stream)))
    refused(citizen_app.post("Observations", {**READING, "Datastream": {"@iot.id": stream.pk}}))
    refused(citizen_app.patch(f"Things({river.pk})", {"name": "Renamed"}))
    refused(citizen_app.post("Things", {"name": "Fake gauge", "description": ""}))
    assert Thing.objects.filter(pk=river.pk, name="River gauge").exists()
    assert Thing.objects.count() == 2
    assert Observation.objects.count() == before


def test_a_key_without_a_sensorthings_scope_is_refused_on_reads_too(citizen_app, network):
    message = refused(citizen_app.get("Things"))
    assert "open311" in message and "sta:read" in message


def test_the_error_is_translated(citizen_app, network):
    response = citizen_app.client.delete(
        f"/sta/v1.1/Things({network.things[0].pk})", HTTP_ACCEPT_LANGUAGE="zh-hans",
        HTTP_AUTHORIZATION=f"Bearer {citizen_app.key}")
    assert response.status_code == 403
    assert "sta:write" in response.json()["message"]
    assert "API" in response.json()["message"] and "密钥" in response.json()["message"]


# --- sta:read and sta:write ------------------------------------------------------------


@pytest.fixture
def private(network: Network) -> Thing:
    thing = Thing.objects.create(name="Tilt meter", description="", properties={"public": False})
    stream = Datastream.objects.create(
        name="Tilt", description="", unit_of_measurement={"symbol": "mrad"},
        observation_type="OM_Measurement", thing=thing, sensor=network.sensors[0],
        observed_property=network.properties[0])
    Observation.objects.create(datastream=stream, phenomenon_time=T0, result_number=1.0)
    return thing


def ids(sta: Sta, path: str) -> set[int]:
    params: dict[str, Any] = {"$top": "1000"}
    return {e["@iot.id"] for e in sta.json(path, **params)["value"]}


def test_only_a_key_with_sta_read_sees_private_things(client, network, private):
    write_only = key_with(client, "sta:write")
    assert private.pk not in ids(write_only, "Things")
    assert write_only.get(f"Things({private.pk})").status_code == 404
    reader = key_with(client, "sta:read")
    assert private.pk in ids(reader, "Things")
    assert reader.json(f"Things({private.pk})/Datastreams")["value"]


def test_a_key_that_cannot_see_a_private_thing_cannot_write_it(client, network, private):
    write_only = key_with(client, "sta:write")
    stream = private.datastreams.get()
    assert write_only.delete(f"Things({private.pk})").status_code == 404
    assert write_only.post(f"Datastreams({stream.pk})/Observations", READING).status_code == 404
    linked = write_only.post("Observations", {**READING, "Datastream": {"@iot.id": stream.pk}})
    assert linked.status_code == 400
    answer = write_only.post("CreateObservations", data_array(stream))
    assert answer.status_code == 201 and answer.json() == ["error"]
    assert Thing.objects.filter(pk=private.pk).exists()
    assert stream.observations.count() == 1


def test_a_key_with_sta_read_only_cannot_write(client, network):
    reader = key_with(client, "sta:read")
    assert "sta:write" in refused(reader.delete(f"Things({network.things[0].pk})"))
    assert Thing.objects.count() == 2


def test_a_key_with_sta_write_writes(client, network):
    writer = key_with(client, "sta:write")
    stream = network.datastreams[0]
    assert writer.post(f"Datastreams({stream.pk})/Observations", READING).status_code == 201
    assert writer.delete(f"Things({network.things[1].pk})").status_code == 200


# --- sta:write limited to departments ---------------------------------------------------


@pytest.fixture
def depts(db) -> dict[str, Department]:
    water, _ = Department.objects.get_or_create(code="water", defaults={"name": "Water"})
    north, _ = Department.objects.get_or_create(
        code="water_north", defaults={"name": "Water North", "parent": water})
    environment, _ = Department.objects.get_or_create(
        code="environment", defaults={"name": "Environment"})
    return {d.code: d for d in (water, north, environment)}


@pytest.fixture
def owned(network: Network) -> Network:
    """The river gauge is the water department's, the air station environment's."""
    river, air = network.things
    river.properties["department"] = "water"
    river.save()
    air.properties["department"] = "environment"
    air.save()
    return network


@pytest.fixture
def water_key(client, depts) -> Sta:
    return key_with(client, "sta:read", "sta:write", departments=(depts["water"],))


def test_a_key_limited_to_a_department_writes_that_departments_things(water_key, owned):
    river, stream = owned.things[0], owned.datastreams[0]
    assert water_key.patch(f"Things({river.pk})", {"description": "New"}).status_code == 200
    assert water_key.post(f"Datastreams({stream.pk})/Observations", READING).status_code == 201
    assert water_key.post("CreateObservations", data_array(stream)).status_code == 201
    made = water_key.post("Things", {"name": "North gauge", "description": "",
                                     "properties": {"department": "water_north"}})
    assert made.status_code == 201, made.content  # a unit below the key's department


def test_a_sta_write_key_limited_to_a_department_cannot_write_another_departments_thing(
        water_key, owned):
    air = owned.things[1]
    dust = owned.datastreams[1]
    before = Observation.objects.count()
    message = refused(water_key.delete(f"Things({air.pk})"))
    assert "water" in message and f"Thing({air.pk})" in message
    refused(water_key.patch(f"Things({air.pk})", {"name": "Mine now"}))
    refused(water_key.post(f"Datastreams({dust.pk})/Observations", READING))
    refused(water_key.post("Observations", {**READING, "Datastream": {"@iot.id": dust.pk}}))
    refused(water_key.post(f"Things({air.pk})/Datastreams", {
        "name": "Extra", "description": "", "unitOfMeasurement": {},
        "observationType": "OM_Measurement", "Sensor": {"@iot.id": owned.sensors[1].pk},
        "ObservedProperty": {"@iot.id": owned.properties[1].pk}}))
    refused(water_key.delete(f"Datastreams({dust.pk})"))
    refused(water_key.delete(f"Observations({owned.observations[5].pk})"))
    air.refresh_from_db()
    assert air.name == "Air station" and dust.pk in set(
        Datastream.objects.values_list("pk", flat=True))
    assert Observation.objects.count() == before


def test_a_batch_with_one_observation_for_another_department_is_refused_whole(water_key,
                                                                               owned):
    before = Observation.objects.count()
    body = data_array(owned.datastreams[0]) + data_array(owned.datastreams[1])
    refused(water_key.post("CreateObservations", body))
    assert Observation.objects.count() == before


def test_it_cannot_create_a_thing_outside_its_departments(water_key, owned):
    for properties in ({}, {"department": "environment"}, {"department": ["water"]}):
        message = refused(water_key.post("Things", {"name": "Gauge", "description": "",
                                                    "properties": properties}))
        assert "properties" in message and "department" in message
    assert Thing.objects.count() == 2


def test_it_cannot_move_a_thing_or_its_datastreams_out_or_take_others_in(water_key, owned):
    river, air = owned.things
    water, dust = owned.datastreams[0], owned.datastreams[1]
    refused(water_key.patch(f"Things({river.pk})", {"properties": {"department": "environment"}}))
    refused(water_key.patch(f"Datastreams({water.pk})", {"Thing": {"@iot.id": air.pk}}))
    # A deep insert that takes another department's datastream in leaves nothing behind.
    refused(water_key.post("Things", {"name": "Grabber", "description": "",
                                      "properties": {"department": "water"},
                                      "Datastreams": [{"@iot.id": dust.pk}]}))
    refused(water_key.post("Locations", {
        "name": "Here", "description": "", "encodingType": "application/geo+json",
        "location": {"type": "Point", "coordinates": [1, 2]}, "Things": [{"@iot.id": air.pk}]}))
    river.refresh_from_db()
    water.refresh_from_db()
    dust.refresh_from_db()
    assert river.properties["department"] == "water"
    assert (water.thing_id, dust.thing_id) == (river.pk, air.pk)
    assert not Thing.objects.filter(name="Grabber").exists()
    assert not Location.objects.filter(name="Here").exists()


def test_shared_entities_are_writable_only_when_nothing_of_another_department_uses_them(
        water_key, owned):
    gauge, dust = owned.sensors  # the river's sensor; the air station's
    assert water_key.patch(f"Sensors({gauge.pk})", {"description": "Radar"}).status_code == 200
    refused(water_key.patch(f"Sensors({dust.pk})", {"description": "Mine"}))
    refused(water_key.delete(f"Sensors({dust.pk})"))
    park = owned.locations[1]
    refused(water_key.patch(f"Locations({park.pk})", {"name": "Moved"}))
    refused(water_key.delete(f"Locations({park.pk})"))
    made = water_key.post("Sensors", {"name": "New", "description": "", "encodingType":
                                      "text/html", "metadata": "https://x"})
    assert made.status_code == 201
    assert Sensor.objects.get(pk=dust.pk).description == "Optical counter"


def test_a_key_without_departments_writes_every_thing(client, owned, depts):
    anywhere = key_with(client, "sta:write")
    assert anywhere.patch(f"Things({owned.things[1].pk})", {"name": "Air"}).status_code == 200
    assert anywhere.post("Things", {"name": "Free", "description": ""}).status_code == 201


# --- rate limits ------------------------------------------------------------------------


def test_a_key_over_its_rate_limit_gets_429_with_retry_after(client, network):
    stream = network.datastreams[0]
    limited = key_with(client, "sta:read", "sta:write", rate_limit=2)
    before = Observation.objects.count()
    assert limited.get("Things").status_code == 200
    assert limited.post(f"Datastreams({stream.pk})/Observations", READING).status_code == 201
    over = limited.post(f"Datastreams({stream.pk})/Observations", READING)
    assert "2" in refused(over, 429)
    assert 1 <= int(over["Retry-After"]) <= 60
    refused(limited.get("Things"), 429)
    assert Observation.objects.count() == before + 1
    # Anonymous reads are not this key's.
    assert Sta(client).get("Things").status_code == 200


def test_a_key_may_ask_again_once_its_minute_has_passed(client, network):
    limited = key_with(client, "sta:read", rate_limit=1)
    assert limited.get("Things").status_code == 200
    refused(limited.get("Things"), 429)
    Throttle.objects.filter(key__startswith="apikey:").update(
        window_start=timezone.now() - timedelta(seconds=61))
    assert limited.get("Things").status_code == 200


def test_the_default_limit_comes_from_the_keys_scopes(client, network, settings):
    settings.API_RATE_LIMITS = {**settings.API_RATE_LIMITS, "sta:read": 1, "sta:write": 3}
    reader = key_with(client, "sta:read")
    assert reader.get("Things").status_code == 200
    refused(reader.get("Things"), 429)
    both = key_with(client, "sta:read", "sta:write")  # the largest of its scopes' limits
    assert [both.get("Things").status_code for _ in range(4)] == [200, 200, 200, 429]
    unlimited = key_with(client, "sta:read", rate_limit=0)
    assert {unlimited.get("Things").status_code for _ in range(3)} == {200}
