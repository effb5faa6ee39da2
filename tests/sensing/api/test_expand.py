"""$expand (OGC 18-088 §9.3.2.1), nested with its own query options."""

from __future__ import annotations


def test_it_expands_a_navigation_property(sta, network):
    things = sta.json("Things", **{"$expand": "Datastreams"})["value"]
    assert [d["name"] for d in things[1]["Datastreams"]] == ["PM2.5 in the park",
                                                              "Station status"]
    assert "Datastreams@iot.navigationLink" in things[1]


def test_it_expands_a_path_of_navigation_properties(sta, network):
    things = sta.json("Things", **{"$expand": "Datastreams/ObservedProperty"})["value"]
    assert things[0]["Datastreams"][0]["ObservedProperty"]["name"] == "Water level"


def test_it_expands_a_to_one_navigation_property(sta, network):
    stream = sta.json(f"Datastreams({network.datastreams[0].pk})",
                      **{"$expand": "Thing,Sensor,ObservedProperty"})
    assert stream["Thing"]["name"] == "River gauge"
    assert stream["Sensor"]["name"] == "Radar gauge"
    assert stream["ObservedProperty"]["name"] == "Water level"


def test_it_applies_nested_options_per_parent(sta, network):
    """The spec's example: the latest observation of each datastream, with only its name."""
    thing = sta.json(
        f"Things({network.things[1].pk})",
        **{"$expand": "Datastreams($select=name;$expand=Observations($top=1;"
                      "$orderby=phenomenonTime desc))"},
    )
    streams = thing["Datastreams"]
    assert [set(s) - {"Observations@iot.nextLink"} for s in streams] == [
        {"name", "Observations"}] * 2
    assert [s["Observations"][0]["result"] for s in streams] == [30, "ok"]
    pm25 = network.datastreams[1].pk
    assert streams[0]["Observations@iot.nextLink"] == (
        f"http://testserver/sta/v1.1/Datastreams({pm25})/Observations"
        "?$top=1&$orderby=phenomenonTime%20desc&$skip=1"
    )
    assert "Observations@iot.nextLink" not in streams[1]


def test_it_filters_and_counts_expanded_entities(sta, network):
    stream = sta.json(
        f"Datastreams({network.datastreams[0].pk})",
        **{"$expand": "Observations($filter=result gt 2;$count=true;$top=2)"},
    )
    assert stream["Observations@iot.count"] == 3
    assert [o["result"] for o in stream["Observations"]] == [3, 4]
    assert "Observations@iot.nextLink" in stream


def test_it_expands_many_to_many_relations(sta, network):
    things = sta.json("Things", **{"$expand": "Locations($select=name)"})["value"]
    assert [t["Locations"] for t in things] == [[{"name": "Bridge"}], [{"name": "Park"}]]
    locations = sta.json("Locations", **{"$expand": "Things($select=name),HistoricalLocations"})
    assert locations["value"][0]["Things"] == [{"name": "River gauge"}]
    assert len(locations["value"][0]["HistoricalLocations"]) == 1


def test_it_refuses_to_expand_what_is_not_a_navigation_property(sta, network):
    response = sta.get("Things", **{"$expand": "Sensors"})
    assert response.status_code == 400
    assert "Thing has no navigation property 'Sensors'" in response.json()["message"]


def test_it_pages_children_per_parent_whatever_the_filter(sta, network):
    # A filter that names the stand-in id the one-query union uses still pages per parent.
    things = sta.json("Things", **{
        "$expand": "Datastreams($filter=id ne -7364019283;$top=1;$orderby=name desc)"})
    assert [[d["name"] for d in t["Datastreams"]] for t in things["value"]] == [
        ["Water level at the bridge"], ["Station status"]]
