"""Rules from YAML: checked whole, written whole, or not at all."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from cityloop.notify.models import NotificationChannel
from cityloop.sensing.rules.models import Rule
from tests.sensing.rules.helpers import make_stream

RULES = """
rules:
  - code: river-qiaotou
    name: {en: "River level at Qiaotou", zh-hans: "桥头河道水位"}
    kind: threshold
    datastream: {thing: "Qiaotou gauge", name: "River level"}
    thresholds: {yellow: 3.0, orange: 3.5, red: 4.0}
    hysteresis: 0.1
    case_level: yellow
    category: flooding
    answers: {traffic_blocked: "no"}
    channels: ["Flood control office"]
  - code: pm25-hourly
    name: "PM2.5 hourly mean"
    kind: window
    observed_property: PM2.5
    params: {minutes: 60, aggregate: mean}
    thresholds: {yellow: 75, orange: 115, red: 150}
    category: air_pollution
    department: environment
"""


@pytest.fixture
def network(city):
    make_stream()
    make_stream("PM2.5", thing="Gulou air station", prop="PM2.5", symbol="µg/m³")
    NotificationChannel.objects.create(name="Flood control office", kind="email",
                                       target="flood@city.example")


def write(tmp_path, text: str):
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_it_loads_rules_and_updates_them_on_a_second_load(network, tmp_path, capsys):
    call_command("load_rules", str(write(tmp_path, RULES)))
    assert "Loaded 2 rules" in capsys.readouterr().out
    river = Rule.objects.get(code="river-qiaotou")
    assert (river.yellow, river.red, river.hysteresis) == (3.0, 4.0, 0.1)
    assert river.name_i18n == {"zh-hans": "桥头河道水位"}
    assert river.datastream is not None and river.datastream.name == "River level"
    assert [c.name for c in river.channels.all()] == ["Flood control office"]
    pm25 = Rule.objects.get(code="pm25-hourly")
    assert pm25.observed_property is not None and pm25.department is not None
    assert (pm25.observed_property.name, pm25.department.code) == ("PM2.5", "environment")
    call_command("load_rules", str(write(tmp_path, RULES.replace("red: 4.0", "red: 4.5"))))
    assert Rule.objects.count() == 2
    assert Rule.objects.get(code="river-qiaotou").red == 4.5


def test_it_changes_nothing_when_the_file_has_a_mistake(network, tmp_path):
    bad = (RULES.replace("red: 4.0", "red: 2.0")
           .replace("category: air_pollution", "category: smog")
           .replace("minutes: 60, aggregate: mean", "minutes: 60, aggregate: median"))
    with pytest.raises(CommandError) as raised:
        call_command("load_rules", str(write(tmp_path, bad)))
    message = str(raised.value)
    assert "nothing loaded" in message
    assert "rules[0].thresholds: the red threshold must be above the orange" in message
    assert "rules[1].category: no category 'smog'" in message
    assert not Rule.objects.exists()


def test_it_asks_for_the_answers_the_category_requires(network, tmp_path):
    with pytest.raises(CommandError) as raised:
        call_command("load_rules", str(write(tmp_path, RULES.replace(
            '    answers: {traffic_blocked: "no"}\n', ""))))
    assert "rules[0].answers:" in str(raised.value)
    assert "traffic_blocked" in str(raised.value)


def test_it_names_an_unknown_datastream_and_an_unknown_field(network, tmp_path):
    text = RULES.replace('name: "River level"}', 'name: "River height"}').replace(
        "    hysteresis: 0.1\n", "    hysterisis: 0.1\n")
    with pytest.raises(CommandError) as raised:
        call_command("load_rules", str(write(tmp_path, text)))
    assert "rules[0].datastream: no datastream" in str(raised.value)
    assert "rules[0].hysterisis: unknown field" in str(raised.value)


def test_it_refuses_a_file_that_is_not_yaml(network, tmp_path):
    with pytest.raises(CommandError, match="not valid YAML"):
        call_command("load_rules", str(write(tmp_path, "rules: [")))
