"""GET /vital-signs.json: every public sign, its value, band and history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from cityloop.sensing.indicators.compute import record
from tests.sensing.indicators.helpers import make_indicator
from tests.sensing.rules.helpers import minute


@pytest.fixture
def pm25(city):
    indicator = make_indicator()
    for i, value in enumerate((30.0, 80.0)):
        record(indicator, value, minute(0) + timedelta(hours=i))
    make_indicator(code="internal", source="manual", params={}, public=False)
    return indicator


def test_it_lists_the_public_signs_with_their_latest_value_and_history(client, pm25):
    data = client.get(reverse("vital_signs_json")).json()
    assert [i["code"] for i in data["indicators"]] == ["pm25-daily"]
    sign = data["indicators"][0]
    assert (sign["value"], sign["band"], sign["unit"]) == (80.0, "red", "µg/m³")
    assert sign["target"] == {"green": 35.0, "amber": 75.0}
    assert sign["tags"] == ["SDG 11.6.2", "ISO 37120:2018 8.1"]
    assert [h["value"] for h in sign["history"]] == [30.0, 80.0]
    assert sign["url"].endswith("/vital-signs/pm25-daily/")
    assert sign["names"]["zh-hans"] == "细颗粒物（PM2.5）24小时均值"


def test_it_names_the_signs_in_the_language_asked_for(client, pm25):
    english = client.get(reverse("vital_signs_json")).json()["indicators"][0]
    chinese = client.get(reverse("vital_signs_json"),
                         HTTP_ACCEPT_LANGUAGE="zh-hans").json()["indicators"][0]
    assert english["name"] == "Fine particles (PM2.5), 24-hour mean"
    assert chinese["name"] == "细颗粒物（PM2.5）24小时均值"


def test_it_gives_null_for_a_sign_without_values(client, city):
    make_indicator()
    sign = client.get(reverse("vital_signs_json")).json()["indicators"][0]
    assert (sign["value"], sign["band"], sign["history"]) == (None, None, [])
