"""Vital signs from YAML: the demo city's file, reloads, and files with mistakes."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from cityloop.demo.sensors.network import DATA
from cityloop.sensing.indicators.models import Indicator, IndicatorValue
from tests.sensing.rules.helpers import make_stream

DEMO_FILE = DATA / "indicators.yaml"


@pytest.fixture
def streams(city):
    make_stream("PM2.5", thing="Gulou air station", prop="PM2.5", symbol="µg/m³")
    make_stream("River level", thing="Qiaotou gauge", prop="River level")
    make_stream("Precipitation", thing="Gulou rain gauge", prop="Precipitation", symbol="mm")


def test_it_loads_the_demo_citys_vital_signs_with_their_tags(streams, capsys):
    call_command("load_indicators", str(DEMO_FILE))
    assert "Loaded 8 indicators" in capsys.readouterr().out
    pm25 = Indicator.objects.get(code="pm25-24h")
    assert pm25.name_i18n == {"zh-hans": "细颗粒物（PM2.5）24小时均值"}
    assert pm25.tags == ["SDG 11.6.2", "ISO 37120:2018 8.1"]
    water = Indicator.objects.get(code="water-loss")
    assert list(water.values.order_by("at").values_list("value", "band"))[-1] == (11.6, "amber")


def test_it_adds_no_manual_value_twice(streams):
    call_command("load_indicators", str(DEMO_FILE))
    call_command("load_indicators", str(DEMO_FILE))
    assert Indicator.objects.count() == 8
    assert IndicatorValue.objects.filter(indicator__code="water-loss").count() == 4


def test_it_changes_nothing_when_the_file_has_a_mistake(streams, tmp_path):
    text = DEMO_FILE.read_text(encoding="utf-8").replace(
        "statistic: median_hours_to_resolve", "statistic: slowest").replace(
        "green: 90\n    amber: 75", "green: 90\n    amber: 95")
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("load_indicators", str(path))
    message = str(raised.value)
    assert "indicators[3].params: statistic must be one of" in message
    assert "indicators[4].better: the amber limit must be beyond the green one" in message
    assert not Indicator.objects.exists()
