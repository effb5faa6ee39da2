"""The silence kind: a device that stops reporting is a fault case for maintenance."""

from __future__ import annotations

from datetime import timedelta

from cityloop.cases.models import Case, CaseEvent
from cityloop.catalogue.models import Department
from cityloop.sensing import evaluation
from cityloop.sensing.rules.models import Alert, RuleState
from cityloop.worker.jobs import run_due_jobs
from tests.sensing.rules.helpers import make_rule, make_stream, minute, observe, series


def silence_rule(stream, maintenance):
    return make_rule(stream, code="gauge-silent", kind="silence", yellow=30.0, orange=120.0,
                     red=None, hysteresis=0.0, case_level="yellow",
                     category_id=_category("other"), answers={}, department=maintenance)


def test_it_opens_a_device_fault_case_for_the_maintenance_department(city):
    maintenance = Department.objects.create(code="sensor_maintenance",
                                            name="Sensor Maintenance")
    stream = make_stream()
    rule = silence_rule(stream, maintenance)
    series(stream, 0, [2.0, 2.1])
    assert evaluation.sweep(minute(20)).startswith("1 rule evaluations, 0 changes")
    evaluation.sweep(minute(40))  # 39 minutes without data
    state = RuleState.objects.get(rule=rule)
    assert state.level == "yellow"
    case = Case.objects.get()
    assert case.channel == "sensor"
    assert case.department == maintenance
    assert "39 minutes without data" in case.description
    evaluation.sweep(minute(200))
    assert RuleState.objects.get(rule=rule).level == "orange"
    assert Case.objects.count() == 1


def test_it_ends_the_silence_as_soon_as_data_arrives(city):
    maintenance = Department.objects.create(code="sensor_maintenance",
                                            name="Sensor Maintenance")
    stream = make_stream()
    rule = silence_rule(stream, maintenance)
    series(stream, 0, [2.0])
    evaluation.sweep(minute(45))
    observe(stream, minute(46), 2.2)
    state = RuleState.objects.get(rule=rule)
    assert state.level == ""
    assert Alert.objects.get(rule=rule).ended_at == minute(46)
    last = CaseEvent.objects.filter(case=state.case).order_by("-seq").first()
    assert last is not None
    assert last.action == "note"
    assert "Back to normal" in last.internal_note


def test_it_runs_as_a_periodic_job_of_the_worker(city):
    maintenance = Department.objects.create(code="sensor_maintenance",
                                            name="Sensor Maintenance")
    stream = make_stream()
    silence_rule(stream, maintenance)
    series(stream, 0, [2.0])
    assert "sensor_rules" in run_due_jobs("test-worker", now=minute(0) + timedelta(hours=2))
    assert Case.objects.filter(department=maintenance).count() == 1


def _category(code: str) -> int:
    from cityloop.catalogue.models import ServiceCategory

    return ServiceCategory.objects.get(service_code=code).pk
