"""Observations of MultiDatastreams over HTTP (OGC 18-088 §14.1), sent as FROST-Server's
clients send them: POST to the navigation collection or to /Observations naming the
MultiDatastream, CreateObservations blocks, PATCH and DELETE; the errors in the
protocol's own format; department-limited keys."""

from __future__ import annotations

import pytest

from cityloop.sensing.models import Observation
from tests.sensing.api.multi_helpers import create, error
from tests.sensing.api.test_key_scopes import depts, key_with, owned  # noqa: F401

AT = "2024-05-01T09:00:00Z"


@pytest.fixture
def weather(writer, network):
    """Water level (a measurement), PM2.5 (a measurement) and a yes/no state."""
    return create(writer, network)["@iot.id"]


def test_it_takes_an_array_result_on_either_path(writer, weather):
    first = writer.post(f"MultiDatastreams({weather})/Observations",
                        {"phenomenonTime": AT, "result": [1.25, 18, True]})
    assert first.status_code == 201, first.content
    assert first["Location"] == first.json()["@iot.selfLink"]
    assert first.json()["result"] == [1.25, 18, True]
    second = writer.post("Observations", {"phenomenonTime": AT, "result": [1.5, "19", False],
                                          "MultiDatastream": {"@iot.id": weather}})
    assert second.status_code == 201, second.content
    assert second.json()["result"] == [1.5, 19.0, False]
    # the Java client repeats the MultiDatastream of the path in the body
    third = writer.post(f"MultiDatastreams({weather})/Observations", {
        "result": [1, 2, None], "MultiDatastream": {"@iot.id": str(weather)}})
    assert third.status_code == 201, third.content
    stored = Observation.objects.filter(multi_datastream=weather)
    assert stored.count() == 3 and not stored.filter(datastream__isnull=False).exists()


def test_it_refuses_what_does_not_fit_with_a_clear_message(writer, network, weather):
    water = network.datastreams[0]
    path = f"MultiDatastreams({weather})/Observations"
    assert "2 values, but MultiDatastream" in error(writer.post(path, {"result": [1, 2]}))
    assert "has 3 ObservedProperties" in error(writer.post(path, {"result": [1, 2, 3, 4]}))
    assert "array result" in error(writer.post(path, {"result": 7}))
    assert "result[1]: 'many' is not a number" in error(writer.post(
        path, {"result": [1, "many", True]}))
    assert "not to both" in error(writer.post("Observations", {
        "result": [1, 2, True], "MultiDatastream": {"@iot.id": weather},
        "Datastream": {"@iot.id": water.pk}}))
    assert "the body may only repeat that one" in error(writer.post(path, {
        "result": [1, 2, True], "MultiDatastream": {"@iot.id": weather + 1}}))
    assert "there is no MultiDatastream with id" in error(writer.post("Observations", {
        "result": [1, 2, True], "MultiDatastream": {"@iot.id": weather + 50}}))
    assert not Observation.objects.filter(multi_datastream=weather).exists()


def test_create_observations_takes_multidatastream_blocks_row_by_row(writer, network, weather):
    water = network.datastreams[0]
    response = writer.post("CreateObservations", [
        {"MultiDatastream": {"@iot.id": weather}, "components": ["phenomenonTime", "result"],
         "dataArray": [[AT, [1.0, 10, True]], [AT, [2.0]], ["2024-05-01T09:01:00Z",
                                                             [3.0, 30, False]]]},
        {"Datastream": {"@iot.id": water.pk}, "components": ["phenomenonTime", "result"],
         "dataArray": [[AT, 9.5]]},
    ])
    assert response.status_code == 201, response.content
    links = response.json()
    assert links[1] == "error"
    assert [link.split("/")[-1].startswith("Observations(") for link in links] == [
        True, False, True, True]
    results = writer.json(f"MultiDatastreams({weather})/Observations",
                          **{"$orderby": "phenomenonTime"})["value"]
    assert [o["result"] for o in results] == [[1.0, 10, True], [3.0, 30, False]]


def test_patch_checks_the_result_again_and_delete_removes_it(writer, weather):
    made = writer.post(f"MultiDatastreams({weather})/Observations",
                       {"phenomenonTime": AT, "result": [1, 2, True]}).json()
    path = f"Observations({made['@iot.id']})"
    assert "2 values" in error(writer.patch(path, {"result": [1, 2]}))
    changed = writer.patch(path, {"result": [5, 6, False],
                                  "phenomenonTime": "2024-05-02T09:00:00Z"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["result"] == [5, 6, False]
    mds = writer.json(f"MultiDatastreams({weather})")
    assert mds["phenomenonTime"] == "2024-05-01T09:00:00Z/2024-05-02T09:00:00Z"
    assert writer.delete(path).status_code == 200
    assert writer.json(f"MultiDatastreams({weather})/Observations")["value"] == []


def test_a_key_limited_to_a_department_writes_only_its_things_multidatastreams(
        client, owned, depts, writer):  # noqa: F811
    river_mds = create(writer, owned)["@iot.id"]
    air_mds = create(writer, owned, Thing={"@iot.id": owned.things[1].pk})["@iot.id"]
    water_key = key_with(client, "sta:read", "sta:write", departments=(depts["water"],))
    reading = {"result": [1, 2, True]}
    assert water_key.post(f"MultiDatastreams({river_mds})/Observations",
                          reading).status_code == 201
    assert error(water_key.post(f"MultiDatastreams({air_mds})/Observations", reading),
                 403).startswith("This API key writes only")
    assert error(water_key.post("CreateObservations", [
        {"MultiDatastream": {"@iot.id": air_mds}, "components": ["result"],
         "dataArray": [[[1, 2, True]]]}]), 403)
    error(water_key.patch(f"MultiDatastreams({air_mds})", {"name": "Mine"}), 403)
    error(water_key.delete(f"MultiDatastreams({air_mds})"), 403)
    assert Observation.objects.filter(multi_datastream=air_mds).count() == 0
