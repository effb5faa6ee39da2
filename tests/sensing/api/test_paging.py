"""$top, $skip, $count and server-driven paging (OGC 18-088 §9.3.3.2-9.3.3.4)."""

from __future__ import annotations

from urllib.parse import unquote

from cityloop.sensing.api import options
from tests.sensing.api.conftest import ROOT


def follow(sta, url):
    return sta.client.get(url.replace("http://testserver", "")).json()


def test_it_returns_at_most_top_entities(sta, network):
    assert len(sta.json("Observations", **{"$top": "3"})["value"]) == 3


def test_it_skips_entities(sta, network):
    ids = [o["@iot.id"] for o in sta.json("Observations", **{"$skip": "7"})["value"]]
    assert ids == [o.pk for o in network.observations[7:]]


def test_it_counts_all_matching_entities(sta, network):
    body = sta.json("Observations", **{"$count": "true", "$top": "2", "$filter": "result gt 2"})
    assert body["@iot.count"] == 6
    assert len(body["value"]) == 2
    assert "@iot.count" not in sta.json("Observations", **{"$count": "false"})


def test_it_links_the_next_page_until_the_last(sta, network):
    seen = []
    body = sta.json("Observations", **{"$top": "4"})
    while True:
        seen += [o["@iot.id"] for o in body["value"]]
        if "@iot.nextLink" not in body:
            break
        body = follow(sta, body["@iot.nextLink"])
    assert seen == [o.pk for o in network.observations]


def test_it_pages_a_custom_order_by_skipping(sta, network):
    body = sta.json("Observations", **{"$top": "3", "$orderby": "result desc",
                                       "$filter": "result ge 1"})
    link = unquote(body["@iot.nextLink"])
    assert "$skip=3" in link and "$orderby=result desc" in link
    second = follow(sta, body["@iot.nextLink"])
    assert [o["result"] for o in second["value"]] == [5, 4, 3]


def test_it_pages_by_id_with_a_keyset(sta, network):
    body = sta.json("Observations", **{"$top": "2"})
    assert f"$skiptoken={network.observations[1].pk}" in body["@iot.nextLink"]


def test_it_caps_top_at_the_server_maximum(sta, network, monkeypatch):
    monkeypatch.setattr(options, "MAX_TOP", 2)
    body = sta.json("Observations", **{"$top": "5"})
    assert len(body["value"]) == 2
    assert "$top=2" in body["@iot.nextLink"]


def test_it_pages_by_default(sta, network, monkeypatch):
    monkeypatch.setattr(options, "DEFAULT_TOP", 4)
    body = sta.json("Observations")
    assert len(body["value"]) == 4
    assert body["@iot.nextLink"].startswith("http://testserver" + ROOT + "Observations?")


def test_it_refuses_a_negative_or_odd_top(sta, network):
    response = sta.get("Things", **{"$top": "-1"})
    assert response.status_code == 400
    assert response.json()["message"] == "$top must be a whole number of 0 or more, not '-1'."
