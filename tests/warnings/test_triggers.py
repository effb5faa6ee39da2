"""A sensor rule or an indicator over its level proposes or publishes a warning."""

import pytest

from cityloop.sensing.indicators.compute import record as record_value
from cityloop.sensing.indicators.models import Indicator
from cityloop.warnings.models import TriggerAction, Warning, WarningTemplate, WarningTrigger
from tests.sensing.rules.helpers import make_rule, make_stream, minute, series


@pytest.fixture
def template(city):
    return WarningTemplate.objects.create(
        code="flood", name="Flood", event="Flood", severity="Severe", urgency="Immediate",
        certainty="Observed", headline="River over its banks",
        headline_i18n={"zh-hans": "河水漫堤"}, description="The gauge reads above red.",
        instruction="Leave the river bank.", valid_minutes=240)


@pytest.fixture
def river(city):
    stream = make_stream()
    return stream, make_rule(stream)


def _trigger(rule=None, template=None, **fields):
    return WarningTrigger.objects.create(name="River over orange", rule=rule,
                                         template=template, level="orange", **fields)


def test_a_rule_over_its_level_proposes_a_draft(city, river, template):
    stream, rule = river
    trigger = _trigger(rule, template)
    series(stream, 0, [2.0, 3.2, 3.6])  # normal, yellow, orange
    warning = Warning.objects.get()
    assert warning.published_at is None and warning.trigger == trigger
    assert warning.headline == "River over its banks" and warning.severity == "Severe"
    assert warning.alert is not None and warning.alert.rule == rule
    assert warning.observed_at == minute(2)  # the reading that crossed orange
    # The district around the gauge (it stands in west_n).
    assert list(warning.areas.values_list("code", flat=True)) == ["west"]


def test_it_fires_once_per_alert_however_high_it_goes(city, river, template):
    stream, rule = river
    _trigger(rule, template)
    series(stream, 0, [3.6, 3.7, 4.5, 3.6])  # orange, orange, red, orange
    assert Warning.objects.count() == 1


def test_a_rule_marked_publish_publishes_and_uses_its_own_areas(city, river, template):
    stream, rule = river
    trigger = _trigger(rule, template, action=TriggerAction.PUBLISH)
    trigger.areas.set([city.areas["east_n"]])
    series(stream, 0, [4.2])
    warning = Warning.objects.get()
    assert warning.published_at == minute(0) and warning.is_current(minute(1))
    assert warning.published_by == "sensor rule river-level"
    assert list(warning.areas.values_list("code", flat=True)) == ["east_n"]
    assert warning.observed_at == minute(0)


def test_below_its_level_nothing_happens(city, river, template):
    stream, rule = river
    _trigger(rule, template)
    series(stream, 0, [3.2, 3.3])
    assert not Warning.objects.exists()


def test_an_inactive_trigger_does_nothing(city, river, template):
    stream, rule = river
    _trigger(rule, template, active=False)
    series(stream, 0, [4.5])
    assert not Warning.objects.exists()


def test_an_indicator_entering_its_band_proposes_for_the_whole_city(city, template):
    indicator = Indicator.objects.create(code="pm25", name="PM2.5", source="manual",
                                         better="lower", green=35, amber=75)
    WarningTrigger.objects.create(name="Bad air", indicator=indicator, template=template,
                                  level="red")
    record_value(indicator, 50, minute(0))  # amber
    assert not Warning.objects.exists()
    record_value(indicator, 90, minute(60))  # red: fires
    record_value(indicator, 95, minute(120))  # still red: does not fire again
    warning = Warning.objects.get()
    assert warning.indicator == indicator and warning.observed_at == minute(60)
    assert list(warning.areas.values_list("code", flat=True)) == ["testcity"]
