"""$resultFormat=dataArray (OGC 18-088 §14.3)."""

from __future__ import annotations


def test_it_groups_observations_by_datastream(sta, network):
    water, dust = network.datastreams[:2]
    body = sta.json("Observations", **{"$resultFormat": "dataArray", "$filter": "result gt 3",
                                       "$select": "id,phenomenonTime,result", "$count": "true"})
    assert body["@iot.count"] == 5
    first, second = body["value"]
    assert first["Datastream@iot.navigationLink"].endswith(f"Datastreams({water.pk})")
    assert first["components"] == ["id", "phenomenonTime", "result"]
    assert first["dataArray@iot.count"] == 2
    assert first["dataArray"] == [
        [network.observations[3].pk, "2024-05-01T08:03:00Z", 4],
        [network.observations[4].pk, "2024-05-01T08:04:00Z", 5],
    ]
    assert second["Datastream@iot.navigationLink"].endswith(f"Datastreams({dust.pk})")
    assert [row[2] for row in second["dataArray"]] == [10, 20, 30]


def test_it_gives_every_component_without_select(sta, network):
    stream = network.datastreams[0]
    body = sta.json(f"Datastreams({stream.pk})/Observations",
                    **{"$resultFormat": "dataArray", "$top": "2"})
    assert body["value"][0]["components"] == [
        "id", "phenomenonTime", "result", "resultTime", "resultQuality", "validTime",
        "parameters"]
    assert "@iot.nextLink" in body


def test_it_is_only_for_observations(sta, network):
    response = sta.get("Things", **{"$resultFormat": "dataArray"})
    assert response.status_code == 400
    assert response.json()["message"] == "$resultFormat=dataArray is only for Observations."
