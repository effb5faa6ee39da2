"""One case per rule and datastream while it is open: rising levels escalate it,
recovery adds a note, and only a closed case lets a new alert open another."""

from __future__ import annotations

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.audit import verify_all
from cityloop.cases.models import Case, CaseEvent
from cityloop.sensing.rules.models import Alert, RuleState
from tests.sensing.rules.helpers import make_rule, make_stream, series


def actions(case: Case) -> list[str]:
    return list(CaseEvent.objects.filter(case=case).order_by("seq")
                .values_list("action", flat=True))


def test_it_opens_one_case_and_escalates_it_as_the_level_rises(city):
    stream = make_stream()
    make_rule(stream)
    series(stream, 0, [3.1, 3.2, 3.3])
    case = Case.objects.get()
    assert (case.channel, case.priority, case.category.service_code) == (
        "sensor", "normal", "flooding")
    assert case.lat == 29.58 and case.lon == 106.52
    series(stream, 3, [3.6, 3.7, 4.1])
    case.refresh_from_db()
    assert Case.objects.count() == 1
    assert case.priority == "urgent"
    assert actions(case) == ["create", "set_priority", "comment", "set_priority", "comment"]
    rising = CaseEvent.objects.filter(case=case, action="comment").last()
    assert rising is not None
    assert "from Orange to Red" in rising.public_text
    assert rising.actor_label == "sensor rule river-level"
    assert list(verify_all()) == []


def test_it_notes_a_falling_level_and_the_recovery_without_closing(city):
    stream = make_stream()
    make_rule(stream)
    series(stream, 0, [4.2, 3.2, 2.0])
    case = Case.objects.get()
    assert actions(case) == ["create", "note", "note"]
    recovery = CaseEvent.objects.filter(case=case).last()
    assert recovery is not None
    assert "Back to normal" in recovery.internal_note
    assert "Red" in recovery.internal_note  # the highest level of the alert
    assert case.status == "new"
    alert = Alert.objects.get()
    assert (alert.highest_level, alert.peak, alert.case) == ("red", 4.2, case)


def test_it_adds_a_new_alert_to_the_case_still_open(city):
    stream = make_stream()
    make_rule(stream)
    series(stream, 0, [3.2, 2.0, 3.6])
    case = Case.objects.get()
    assert actions(case) == ["create", "note", "set_priority", "comment"]
    latest = CaseEvent.objects.filter(case=case).last()
    assert latest is not None and "again" in latest.public_text
    assert Alert.objects.filter(case=case).count() == 2


def test_it_opens_a_new_case_once_staff_have_closed_the_last(city, roads_supervisor):
    stream = make_stream()
    make_rule(stream)
    series(stream, 0, [3.2, 2.0])
    first = Case.objects.get()
    lifecycle.transition(first, "resolve", Actor.system(), public_text="Pumps cleared.")
    series(stream, 2, [3.3])
    assert Case.objects.count() == 2
    second = Case.objects.exclude(pk=first.pk).get()
    assert RuleState.objects.get().case == second


def test_it_records_alerts_below_the_case_level_without_a_case(city):
    stream = make_stream()
    make_rule(stream, blue=2.5, case_level="orange")
    series(stream, 0, [2.6, 3.1])
    assert Case.objects.count() == 0
    assert Alert.objects.get().level == "yellow"
    series(stream, 2, [3.6])
    case = Case.objects.get()
    assert case.priority == "high"
    assert Alert.objects.get().case == case
