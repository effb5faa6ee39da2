"""A rule's change of level, turned into alerts and case actions ("faults find people").

Called with the rule's ``RuleState`` row locked (evaluation.py), so exactly
one evaluation at a time decides for a rule and a datastream:

- normal → a level: a new ``Alert``; from the rule's ``case_level`` up, a case
  opened through ``cases.services.submit`` (channel "sensor"), or, while the
  case of an earlier alert is still open, a public update on that case;
- a higher level: the case's priority raised (``set_priority``) and a public
  update; a lower level: an internal note;
- back to normal: the alert ends and the case gets an internal note; staff
  close the case, the sensor does not.

Entering or changing a level is announced as ``signals.alert_raised`` in the
same transaction, for the apps that act on it (warnings). Every change goes
through ``submit`` / ``lifecycle.transition`` (the audit chain and the
outbox); the rule's own notification channels hear of each event through
``notify.outbox.enqueue_for_channels``.
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db.models import F
from django.db.models.functions import Greatest, Least

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.errors import SubmissionRejected, TransitionRefused
from cityloop.cases.models import OPEN_STATUSES, Case, CaseEvent
from cityloop.cases.services import Report, submit
from cityloop.catalogue.models import Department, Priority
from cityloop.notify.models import Kind
from cityloop.notify.outbox import enqueue_for_channels
from cityloop.sensing.models import Datastream, Location
from cityloop.sensing.rules import text
from cityloop.sensing.rules.levels import PRIORITY, Direction, rank
from cityloop.sensing.rules.models import Alert, Rule, RuleState
from cityloop.sensing.rules.signals import alert_raised

log = logging.getLogger(__name__)
PRIORITY_RANK = {str(p): i for i, p in enumerate(Priority.values)}


def apply(state: RuleState, rule: Rule, level: str | None, value: float | None,
          now: datetime) -> None:
    """Record the rule's new ``level`` on the (locked) ``state`` and act on the case."""
    previous = state.level or None
    state.last_value, state.last_evaluated = value, now
    if level == previous:
        if state.alert_id is not None and value is not None:
            track_peak(state.alert_id, rule, value)
        state.save(update_fields=["last_value", "last_evaluated"])
        return
    datastream = Datastream.objects.select_related("thing").get(pk=state.datastream_id)
    reading = text.Reading(rule, datastream, level, value, now)
    alert = _update_alert(state, rule, reading)
    state.level, state.since = level or "", now
    state.problem = ""
    case = _open_case(state)
    if level is None:
        if case is not None:
            _act(rule, case, "note", now, note=text.recovered(reading, alert.peak,
                                                               alert.highest_level))
    elif rank(level) >= rank(rule.case_level):
        case = _raise(state, rule, reading, previous, case)
        if case is not None and alert.case_id is None:
            Alert.objects.filter(pk=alert.pk).update(case=case)
    elif case is not None and rank(level) < rank(previous):
        _act(rule, case, "note", now, note=text.level_change(reading, previous))
    state.save()
    if level is not None:  # other apps (warnings) act on it in this transaction
        alert_raised.send(sender=Rule, alert=alert, level=level, previous=previous, at=now)


def _update_alert(state: RuleState, rule: Rule, r: text.Reading) -> Alert:
    if state.alert_id is None:
        alert = Alert.objects.create(
            rule=rule, datastream_id=state.datastream_id, level=r.level or "",
            highest_level=r.level or "", started_at=r.at, peak=r.value,
        )
        state.alert = alert
        return alert
    alert = Alert.objects.get(pk=state.alert_id)
    if r.value is not None:
        alert.peak = _more_extreme(rule, alert.peak, r.value)
    if r.level is None:
        alert.ended_at = r.at
        state.alert = None
    else:
        alert.level = r.level
        if rank(r.level) > rank(alert.highest_level):
            alert.highest_level = r.level
    alert.save()
    return alert


def _more_extreme(rule: Rule, peak: float | None, value: float) -> float:
    if peak is None:
        return value
    return min(peak, value) if rule.direction == Direction.BELOW else max(peak, value)


def track_peak(alert_id: int, rule: Rule, value: float) -> None:
    pick = Least if rule.direction == Direction.BELOW else Greatest
    Alert.objects.filter(pk=alert_id, peak__isnull=False).update(peak=pick(F("peak"), value))
    Alert.objects.filter(pk=alert_id, peak__isnull=True).update(peak=value)


def _open_case(state: RuleState) -> Case | None:
    """The case of this rule and datastream, if it is still open."""
    if state.case_id is None:
        return None
    return Case.objects.filter(pk=state.case_id, status__in=OPEN_STATUSES).first()


def _raise(state: RuleState, rule: Rule, r: text.Reading, previous: str | None,
           case: Case | None) -> Case | None:
    """The level is at or above the rule's case level: open a case or add to it."""
    assert r.level is not None
    if case is None:
        case = _submit(state, rule, r)
        state.case = case
        return case
    rising = rank(r.level) > rank(previous)
    if previous is not None and not rising:
        _act(rule, case, "note", r.at, note=text.level_change(r, previous))
        return case
    wanted = PRIORITY[r.level]
    if PRIORITY_RANK[wanted] > PRIORITY_RANK.get(case.priority, 0):
        _act(rule, case, "set_priority", r.at, priority=wanted)
    words = text.again(r) if previous is None else text.level_change(r, previous)
    _act(rule, case, "comment", r.at, public_text=words)
    return case


def _submit(state: RuleState, rule: Rule, r: text.Reading) -> Case | None:
    assert r.level is not None
    place = place_of(r.datastream.thing_id)
    report = Report(
        channel="sensor",
        service_code=rule.category.service_code,
        description=text.description(r),
        lat=place[0] if place else None,
        lon=place[1] if place else None,
        address="" if place else r.datastream.thing.name,
        attributes=rule.answers or {},
        priority=PRIORITY[r.level],
        actor=actor_of(rule),
    )
    try:
        case = submit(report, now=r.at)
    except SubmissionRejected as exc:
        # The alert is kept; the rule's admin page shows why no case opened.
        state.problem = str(exc)[:500]
        log.warning("rule %s: no case for datastream %s: %s", rule.code, state.datastream_id, exc)
        return None
    created = CaseEvent.objects.filter(case=case, seq=1).first()
    if created is not None:
        enqueue_for_channels(created, Kind.NEW_CASE, rule.channels.all())
    _send_to_department(rule, case, r.at)
    return case


def _send_to_department(rule: Rule, case: Case, now: datetime) -> None:
    """Forward to the rule's department unless routing chose it or one of its units."""
    if rule.department_id is None:
        return
    node: Department | None = case.department
    while node is not None:
        if node.pk == rule.department_id:
            return
        node = node.parent
    _act(rule, case, "forward", now, department=rule.department)


def _act(rule: Rule, case: Case, action: str, now: datetime, **params: object) -> None:
    try:
        event = lifecycle.transition(case, action, actor_of(rule), now=now, **params)  # type: ignore[arg-type]
    except TransitionRefused as exc:
        log.warning("rule %s: %s on case %s refused: %s", rule.code, action, case.reference,
                    exc.message)
        return
    enqueue_for_channels(event, Kind.CASE_EVENT, rule.channels.all())


def actor_of(rule: Rule) -> Actor:
    return Actor.system(f"sensor rule {rule.code}")


def place_of(thing_id: int) -> tuple[float, float] | None:
    """(lat, lon) of the thing's first location that has a point."""
    for location in Location.objects.filter(things__id=thing_id).order_by("id"):
        point = point_of(location)
        if point is not None:
            return point
    return None


def point_of(location: Location) -> tuple[float, float] | None:
    if location.lat is not None and location.lon is not None:
        return location.lat, location.lon
    geometry = location.location or {}
    if isinstance(geometry, dict) and geometry.get("type") == "Feature":
        geometry = geometry.get("geometry") or {}
    if isinstance(geometry, dict) and geometry.get("type") == "Point":
        coordinates = geometry.get("coordinates") or []
        if len(coordinates) >= 2 and all(isinstance(c, int | float) for c in coordinates[:2]):
            return float(coordinates[1]), float(coordinates[0])
    return None
