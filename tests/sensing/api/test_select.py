"""$select (OGC 18-088 §9.3.2.2)."""

from __future__ import annotations


def test_it_returns_only_the_selected_properties(sta, network):
    obs = sta.json(f"Observations({network.observations[0].pk})",
                   **{"$select": "result,phenomenonTime"})
    assert obs == {"result": 1, "phenomenonTime": "2024-05-01T08:00:00Z"}


def test_it_selects_the_id(sta, network):
    things = sta.json("Things", **{"$select": "id"})["value"]
    assert things == [{"@iot.id": t.pk} for t in network.things]


def test_it_selects_navigation_links(sta, network):
    thing = sta.json(f"Things({network.things[0].pk})", **{"$select": "name,Datastreams"})
    assert set(thing) == {"name", "Datastreams@iot.navigationLink"}


def test_it_refuses_an_unknown_property(sta, network):
    response = sta.get("Things", **{"$select": "name,colour"})
    assert response.status_code == 400
    assert "Thing has no property 'colour'" in response.json()["message"]
