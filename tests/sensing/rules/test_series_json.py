"""GET /sensing/datastreams/<id>/series.json: rollups around a moment, for charts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.sensing.rules.helpers import make_rule, make_stream, minute, record, series


def url(stream, **query):
    base = reverse("datastream_series", args=[stream.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_it_answers_the_minutes_around_a_moment(client, city):
    stream = make_stream()
    make_rule(stream)
    for i in range(0, 120):
        record(stream, minute(i), 2.0 + i / 100)
    series(stream, 120, [3.3])
    data = client.get(url(stream, around=minute(60).isoformat().replace("+", "%2B"),
                          minutes=60)).json()
    assert data["datastream"]["unit"] == "m"
    assert len(data["points"]) == 61  # 30 minutes either side, both ends included
    assert data["points"][0]["mean"] == 2.3
    assert {t["level"]: t["value"] for t in data["thresholds"]} == {
        "yellow": 3.0, "orange": 3.5, "red": 4.0}
    everything = client.get(url(stream, around=minute(120).isoformat().replace("+", "%2B"),
                                minutes=60)).json()
    assert everything["alerts"][0]["level"] == "yellow"
    assert everything["alerts"][0]["rule_names"]["zh-hans"] == "河道水位"


def test_it_merges_minutes_over_a_long_span(client, city):
    stream = make_stream()
    for i in range(0, 1440, 2):
        record(stream, minute(i), 1.0)
    data = client.get(url(stream, around=minute(720).isoformat().replace("+", "%2B"),
                          minutes=1440)).json()
    assert data["bucket_minutes"] == 4
    assert len(data["points"]) <= 361
    assert data["points"][1]["count"] == 2


@pytest.mark.parametrize("query", [{"around": "yesterday"}, {"minutes": "5"},
                                   {"minutes": "ten"}, {"minutes": "99999"}])
def test_it_refuses_a_bad_window_with_a_clear_message(client, city, query):
    stream = make_stream()
    answer = client.get(url(stream, **query))
    assert answer.status_code == 400
    assert answer.json()["error"]["message"]


def test_it_hides_a_private_datastream_from_the_public_but_not_from_staff(
        client, city, water_officer):
    stream = make_stream(thing="Factory outlet", public=False)
    assert client.get(url(stream)).status_code == 404
    client.force_login(water_officer)
    assert client.get(url(stream)).status_code == 200


def test_it_answers_404_for_an_unknown_datastream(client, city):
    assert client.get(reverse("datastream_series", args=[999])).status_code == 404
