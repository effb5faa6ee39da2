"""The vital sign "median hours to resolve flooding" has a value whenever flooding
cases were resolved in its window, including the demo city's, whose floods come
with the summer storms."""

from __future__ import annotations

from datetime import timedelta

import yaml
from django.utils import timezone

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.demo.sensors.network import DATA
from cityloop.sensing.indicators.compute import compute
from cityloop.sensing.indicators.loader import load
from cityloop.sensing.indicators.models import Indicator


def flood_resolved(make_case, reported, hours):
    case = make_case(service_code="flooding", attributes={"traffic_blocked": "no"},
                     now=reported)
    lifecycle.transition(case, "resolve", Actor.system("test"),
                         now=reported + timedelta(hours=hours))
    return case


def demo_flood_sign() -> Indicator:
    items = yaml.safe_load((DATA / "indicators.yaml").read_text(encoding="utf-8"))
    entries = items["indicators"] if isinstance(items, dict) else items
    load([e for e in entries if e["code"] == "flood-response-hours"])
    return Indicator.objects.get(code="flood-response-hours")


def test_it_is_the_median_of_the_resolved_flooding_cases(make_case):
    now = timezone.now()
    for hours in (2, 4, 9):
        flood_resolved(make_case, now - timedelta(days=3), hours)
    make_case(service_code="flooding", attributes={"traffic_blocked": "no"})  # still open
    make_case()  # a pothole: another category
    indicator = demo_flood_sign()
    value = compute(indicator, now)
    assert value is not None and value.value is not None
    assert round(value.value, 2) == 4.0
    assert value.detail["cases"] == 3


def test_the_demo_sign_has_a_value_months_after_the_storm_season(make_case):
    """The demo's floods are months old most of the year: a 30-day sign showed nothing."""
    now = timezone.now()
    summer = now - timedelta(days=120)
    flood_resolved(make_case, summer, 3)
    flood_resolved(make_case, summer + timedelta(days=10), 5)
    value = compute(demo_flood_sign(), now)
    assert value is not None and value.value is not None
    assert round(value.value, 2) == 4.0


def test_it_has_no_value_without_resolved_flooding_cases(make_case):
    make_case(service_code="flooding", attributes={"traffic_blocked": "no"})
    value = compute(demo_flood_sign(), timezone.now())
    assert value is not None and value.value is None and value.detail["cases"] == 0
