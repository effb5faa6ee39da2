"""A datastream's page: its last day as a chart with a table, and its alerts."""

from __future__ import annotations

from django.urls import reverse

from tests.sensing.rules.helpers import make_rule, make_stream, series


def test_it_shows_the_chart_the_numbers_and_the_alerts(client, city):
    stream = make_stream()
    make_rule(stream)
    series(stream, 0, [2.0, 2.5, 3.2, 3.6])
    html = client.get(reverse("datastream", args=[stream.pk])).content.decode()
    assert 'data-testid="datastream-latest"' in html and "3.6 m" in html
    assert "<polyline" in html and 'role="img"' in html
    assert "Show the numbers" in html
    assert "Orange 3.5" in html  # a threshold line, labelled with its level
    assert 'data-testid="datastream-alerts"' in html


def test_it_speaks_chinese(client, city):
    stream = make_stream()
    series(stream, 0, [2.0, 2.1])
    html = client.get(reverse("datastream", args=[stream.pk]),
                      HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<html lang="zh-hans">' in html


def test_it_hides_a_private_datastream_from_the_public(client, city, water_officer):
    stream = make_stream(thing="Factory outlet", public=False)
    assert client.get(reverse("datastream", args=[stream.pk])).status_code == 404
    client.force_login(water_officer)
    assert client.get(reverse("datastream", args=[stream.pk])).status_code == 200
