"""The public vital-signs page: traffic lights, sparklines, drill-down, both languages."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from cityloop.sensing.indicators.compute import record
from cityloop.sensing.models import Datastream
from tests.sensing.indicators.helpers import make_indicator
from tests.sensing.rules.helpers import make_stream, minute


@pytest.fixture
def signs(city):
    make_stream("PM2.5", thing="Gulou air station", prop="PM2.5", symbol="µg/m³")
    pm25 = make_indicator()
    for i, value in enumerate((30.0, 42.0, 55.0)):
        record(pm25, value, minute(0) + timedelta(hours=i))
    internal = make_indicator(code="pipe-losses", name="Water lost from pipes",
                              source="manual", params={}, unit="%", public=False)
    record(internal, 18.0, minute(0))
    return pm25, internal


def test_it_shows_each_public_sign_with_its_light_value_and_sparkline(client, signs):
    page = client.get(reverse("vital_signs"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="vital-sign-pm25-daily"' in html
    assert "vital-sign--amber" in html and "Watch" in html  # the word, not only the colour
    assert "55" in html and "µg/m³" in html
    assert '<svg class="sparkline"' in html
    assert "SDG 11.6.2" in html
    assert "pipe-losses" not in html  # internal signs are for staff


def test_it_speaks_chinese(client, signs):
    page = client.get(reverse("vital_signs"), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "细颗粒物（PM2.5）24小时均值" in html


def test_it_shows_staff_the_internal_signs_too(client, signs, roads_officer):
    client.force_login(roads_officer)
    assert "pipe-losses" in client.get(reverse("vital_signs")).content.decode()


def test_it_drills_down_to_the_datastreams_behind_a_sign(client, signs):
    page = client.get(reverse("vital_sign", args=["pm25-daily"]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Gulou air station – PM2.5" in html
    stream = Datastream.objects.get(thing__name="Gulou air station")
    assert f'href="{reverse("datastream", args=[stream.pk])}"' in html
    assert html.count("<tr>") == 4  # the header and three values


def test_it_hides_private_datastreams_behind_a_sign_from_the_public(client, city, signs,
                                                                  roads_officer):
    make_stream("PM2.5", thing="Private factory sensor", prop="PM2.5", symbol="µg/m³",
                public=False)
    url = reverse("vital_sign", args=["pm25-daily"])
    assert "Private factory sensor" not in client.get(url).content.decode()
    client.force_login(roads_officer)
    assert "Private factory sensor" in client.get(url).content.decode()


def test_it_drills_down_to_the_case_categories_behind_a_statistic(client, city):
    make_indicator(code="flood-hours", source="cases", unit="h", params={
        "statistic": "median_hours_to_resolve", "categories": ["flooding"], "days": 30})
    html = client.get(reverse("vital_sign", args=["flood-hours"])).content.decode()
    assert "Flooding / standing water" in html
    assert "/staff/" not in html.split("<main", 1)[1]  # no staff links for the public


def test_it_answers_404_for_an_unknown_or_internal_sign(client, signs):
    assert client.get(reverse("vital_sign", args=["nothing"])).status_code == 404
    assert client.get(reverse("vital_sign", args=["pipe-losses"])).status_code == 404


def test_it_says_so_when_nothing_is_published(client, city):
    assert 'data-testid="vital-signs-empty"' in client.get(reverse("vital_signs")).content.decode()
