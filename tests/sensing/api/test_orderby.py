"""$orderby (OGC 18-088 §9.3.3.1): several expressions, asc and desc."""

from __future__ import annotations


def results(sta, **params):
    return [o["result"] for o in sta.json("Observations", **params)["value"]]


def test_it_orders_by_a_property(sta, network):
    assert results(sta, **{"$orderby": "result", "$filter": "result ge 1"}) == [
        1, 2, 3, 4, 5, 10, 20, 30]
    assert results(sta, **{"$orderby": "result desc", "$filter": "result ge 1"})[:2] == [30, 20]


def test_it_orders_by_several_expressions(sta, network):
    names = [d["name"] for d in sta.json(
        "Datastreams", **{"$orderby": "Thing/name asc, name desc"})["value"]]
    assert names == ["Station status", "PM2.5 in the park", "Water level at the bridge"]


def test_it_orders_by_an_expression(sta, network):
    streams = sta.json("Datastreams", **{"$orderby": "length(name) desc"})["value"]
    assert streams[0]["name"] == "Water level at the bridge"


def test_it_orders_by_a_json_property(sta, network):
    things = sta.json("Things", **{"$orderby": "properties/depth"})["value"]
    assert [t["name"] for t in things] == ["Air station", "River gauge"]


def test_it_refuses_to_order_by_a_to_many_property(sta, network):
    response = sta.get("Things", **{"$orderby": "Datastreams/name"})
    assert response.status_code == 400
    assert response.json()["message"].startswith("$orderby: cannot order by")


def test_it_refuses_to_order_by_a_constant(sta, network):
    # PostgreSQL rejects ORDER BY 'text'; SQLite ignores it. Both answer the same 400.
    for constant in ["'text'", "1", "now()", "length('abc') desc", "-1"]:
        response = sta.get("Things", **{"$orderby": constant})
        assert response.status_code == 400, constant
        assert response.json()["message"].startswith(
            "$orderby: an order key must refer to a property at position"), response.json()
