"""Which rules watch a datastream: kept in memory, cheap when there are none."""

from __future__ import annotations

from cityloop.sensing import evaluation
from cityloop.sensing.rules.models import RuleState
from tests.sensing.rules.helpers import make_rule, make_stream, minute, record, series


def test_it_costs_no_query_for_a_datastream_without_rules(city, settings,
                                                          django_assert_num_queries):
    settings.SHARED_CACHE_CHECK_SECONDS = 60.0
    watched = make_stream()
    quiet = make_stream("Water temperature", prop="Water temperature", symbol="°C")
    make_rule(watched)
    evaluation.after_ingest({quiet.pk}, minute(0))  # builds the index
    with django_assert_num_queries(0):
        evaluation.after_ingest({quiet.pk}, minute(1))


def test_it_watches_every_datastream_of_an_observed_property(city):
    gulou = make_stream("PM2.5", thing="Gulou air station", prop="PM2.5", symbol="µg/m³")
    port = make_stream("PM2.5", thing="Gangkou air station", prop="PM2.5", symbol="µg/m³")
    rule = make_rule(None, code="pm25", observed_property=gulou.observed_property,
                     yellow=75.0, orange=115.0, red=150.0, hysteresis=5.0,
                     category_id=_category("air_pollution"), answers={})
    series(gulou, 0, [80.0])
    series(port, 0, [160.0])
    levels = dict(RuleState.objects.filter(rule=rule).values_list("datastream_id", "level"))
    assert levels == {gulou.pk: "yellow", port.pk: "red"}


def test_it_can_narrow_a_property_rule_to_some_things(city):
    gulou = make_stream("PM2.5", thing="Gulou air station", prop="PM2.5", symbol="µg/m³")
    port = make_stream("PM2.5", thing="Gangkou air station", prop="PM2.5", symbol="µg/m³")
    rule = make_rule(None, code="pm25", observed_property=gulou.observed_property,
                     things=[port.thing], yellow=75.0, orange=None, red=None,
                     category_id=_category("air_pollution"), answers={})
    series(gulou, 0, [80.0])
    series(port, 0, [80.0])
    assert list(RuleState.objects.filter(rule=rule).values_list("datastream_id", "level")) == [
        (port.pk, "yellow")]


def test_it_sees_a_new_or_changed_rule_at_once(city):
    stream = make_stream()
    series(stream, 0, [3.2])
    rule = make_rule(stream)
    series(stream, 1, [3.2])
    assert RuleState.objects.get(rule=rule).level == "yellow"
    rule.active = False
    rule.save()
    series(stream, 2, [4.5])
    assert RuleState.objects.get(rule=rule).level == "yellow"


def test_it_sweeps_every_watched_pair(city):
    stream = make_stream()
    make_rule(stream)
    record(stream, minute(0), 3.7)  # ingested without evaluation (the worker catches up)
    assert evaluation.sweep(minute(1)) == "1 rule evaluations, 1 changes of level"
    assert RuleState.objects.get().level == "orange"


def _category(code: str) -> int:
    from cityloop.catalogue.models import ServiceCategory

    return ServiceCategory.objects.get(service_code=code).pk
