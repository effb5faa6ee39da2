"""Reading MultiDatastreams (OGC 18-088 §14.1): paths from and to them, $expand, $select,
$filter, $orderby, $count, and who may see them."""

from __future__ import annotations

import pytest

from cityloop.sensing.models import Thing
from tests.sensing.api.multi_helpers import create


@pytest.fixture
def weather(writer, network):
    """A MultiDatastream of the river gauge (level, PM2.5) with two Observations."""
    level, pm25, _status = network.properties
    mds = create(writer, network, [level.pk, pm25.pk], properties={"site": "bridge"})["@iot.id"]
    for minute, result in ((0, [1.5, 12]), (1, [1.75, 30])):
        response = writer.post(f"MultiDatastreams({mds})/Observations", {
            "phenomenonTime": f"2024-05-01T08:0{minute}:00Z", "result": result})
        assert response.status_code == 201, response.content
    return mds


def names(answer):
    return [e["name"] for e in answer["value"]]


def test_every_path_to_and_from_it(writer, network, weather):
    river = network.things[0]
    _level, pm25, status = network.properties
    assert names(writer.json(f"Things({river.pk})/MultiDatastreams")) == ["Weather"]
    assert names(writer.json(f"Sensors({network.sensors[0].pk})/MultiDatastreams")) == ["Weather"]
    assert names(writer.json(f"ObservedProperties({pm25.pk})/MultiDatastreams")) == ["Weather"]
    assert names(writer.json(f"ObservedProperties({status.pk})/MultiDatastreams")) == []
    assert writer.json(f"MultiDatastreams({weather})/Thing")["@iot.id"] == river.pk
    assert writer.json(f"MultiDatastreams({weather})/Sensor")["name"] == "Radar gauge"
    observations = writer.json(f"MultiDatastreams({weather})/Observations")["value"]
    assert [o["result"] for o in observations] == [[1.5, 12], [1.75, 30]]
    first = observations[0]["@iot.id"]
    assert writer.json(f"Observations({first})/MultiDatastream")["@iot.id"] == weather
    assert writer.get(f"Observations({first})/Datastream").status_code == 404
    assert writer.json(f"MultiDatastreams({weather})/Observations({first})")["@iot.id"] == first
    link = writer.json(f"Things({river.pk})")["MultiDatastreams@iot.navigationLink"]
    assert link.endswith(f"/Things({river.pk})/MultiDatastreams")


def test_a_member_of_its_array_properties_by_path(writer, weather):
    response = writer.get(f"MultiDatastreams({weather})/unitOfMeasurements/1/symbol/$value")
    assert response.status_code == 200 and response.content.decode() == "%"


def test_expand_select_count_and_orderby(writer, network, weather):
    river = network.things[0]
    answer = writer.json(f"Things({river.pk})", **{
        "$expand": "MultiDatastreams($select=name,unitOfMeasurements;"
                   "$expand=Observations($orderby=phenomenonTime desc;$top=1;$count=true))"})
    (mds,) = answer["MultiDatastreams"]
    assert set(mds) == {"name", "unitOfMeasurements", "Observations",
                        "Observations@iot.count", "Observations@iot.nextLink"}
    assert mds["Observations@iot.count"] == 2
    assert mds["Observations"][0]["result"] == [1.75, 30]
    other = create(writer, network, [network.properties[2].pk], name="Another")["@iot.id"]
    answer = writer.json("MultiDatastreams", **{"$orderby": "name desc", "$count": "true",
                                                "$select": "id,name"})
    assert answer["@iot.count"] == 2
    assert answer["value"] == [{"@iot.id": weather, "name": "Weather"},
                               {"@iot.id": other, "name": "Another"}]


def test_filter_on_it_and_on_observations_through_it(writer, network, weather):
    level = network.properties[0]
    assert names(writer.json("MultiDatastreams", **{
        "$filter": "properties/site eq 'bridge'"})) == ["Weather"]
    assert names(writer.json("MultiDatastreams", **{
        "$filter": f"ObservedProperties/id eq {level.pk} and Thing/name eq 'River gauge'"}))\
        == ["Weather"]
    assert names(writer.json("MultiDatastreams", **{
        "$filter": "ObservedProperties/name eq 'Status'"})) == []
    assert names(writer.json("Things", **{
        "$filter": "MultiDatastreams/name eq 'Weather'"})) == ["River gauge"]
    for expression in (f"MultiDatastream/id eq {weather}", "MultiDatastream/name eq 'Weather'",
                       "MultiDatastream/properties/site eq 'bridge'",
                       "MultiDatastream/ObservedProperties/name eq 'PM2.5'"):
        found = writer.json("Observations", **{"$filter": expression})["value"]
        assert [o["result"] for o in found] == [[1.5, 12], [1.75, 30]], expression
    found = writer.json("Observations", **{
        "$filter": f"MultiDatastream/id eq {weather} and phenomenonTime gt 2024-05-01T08:00:00Z"})
    assert [o["result"] for o in found["value"]] == [[1.75, 30]]
    # Observations of Datastreams are untouched by it
    assert len(writer.json("Observations", **{"$filter": "Datastream/id gt 0"})["value"]) == 9


def test_data_array_answers_one_block_per_multidatastream(writer, network, weather):
    answer = writer.json("Observations", **{"$resultFormat": "dataArray",
                                            "$select": "phenomenonTime,result",
                                            "$filter": f"MultiDatastream/id eq {weather}"})
    (block,) = answer["value"]
    assert block["MultiDatastream@iot.navigationLink"].endswith(f"/MultiDatastreams({weather})")
    assert block["dataArray"] == [["2024-05-01T08:00:00Z", [1.5, 12]],
                                  ["2024-05-01T08:01:00Z", [1.75, 30]]]


def test_a_private_things_multidatastreams_and_their_observations_are_hidden(
        sta, writer, network, weather):
    assert names(sta.json("MultiDatastreams")) == ["Weather"]
    river = network.things[0]
    Thing.objects.filter(pk=river.pk).update(properties={"owner": "water"})  # not public
    assert names(sta.json("MultiDatastreams")) == []
    assert sta.get(f"MultiDatastreams({weather})").status_code == 404
    assert sta.json("Observations", **{"$filter": "MultiDatastream/id gt 0"})["value"] == []
    assert names(writer.json("MultiDatastreams")) == ["Weather"]  # sta:read sees it
