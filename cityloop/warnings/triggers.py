"""Sensor rules and indicators that propose or publish warnings (``WarningTrigger``).

Sensing does not know of warnings: a rule's alert is announced as
``sensing.rules.signals.alert_raised`` and a vital sign's new value is an
``IndicatorValue`` saved; both reach this module inside their own
transaction. A trigger fires once when its source reaches its level (a rule
entering orange fires the orange trigger; staying orange, or rising to red,
does not fire it again) and makes a warning from its template: a draft for
the duty officer (``propose``) or a published warning (``publish``). The
warning records the alert or indicator and the time of the observation
behind it, from which the time to the first resident told is measured.
A warning that cannot be published stays a draft, with a log line; the
sensor's own work is never undone for it.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db.models.signals import post_save

from cityloop.geo import index
from cityloop.geo.models import Area, AreaLevel
from cityloop.sensing.indicators.models import Band, IndicatorValue
from cityloop.sensing.models import LatestObservation
from cityloop.sensing.rules.alerts import place_of
from cityloop.sensing.rules.levels import rank
from cityloop.sensing.rules.models import Alert, Rule
from cityloop.sensing.rules.signals import alert_raised
from cityloop.warnings.models import TriggerAction, Warning, WarningTrigger
from cityloop.warnings.publish import PublishRefused, publish

log = logging.getLogger(__name__)
TEXT_FIELDS = ("event", "event_i18n", "category", "severity", "urgency", "certainty",
               "headline", "headline_i18n", "description", "description_i18n", "instruction",
               "instruction_i18n", "valid_minutes")
BAND_RANK: dict[str, int] = {Band.GREEN: 0, Band.AMBER: 1, Band.RED: 2}


def _fire(trigger: WarningTrigger, areas: list[Area], at: datetime, *, by: str,
          **source: Any) -> Warning:
    """The trigger's warning: a draft, or published as of ``at`` (the evaluation's time)."""
    template = trigger.template
    warning = Warning.objects.create(
        status=trigger.status, template=template, trigger=trigger,
        **{name: getattr(template, name) for name in TEXT_FIELDS}, **source)
    warning.areas.set(trigger.areas.all() or areas)
    if trigger.action == TriggerAction.PUBLISH:
        try:
            return publish(warning, by=by, now=at)
        except PublishRefused as exc:
            log.warning("warning trigger %s: left as a draft: %s", trigger.pk, exc.message)
    return warning


def _district_around(thing_id: int) -> list[Area]:
    """The district of the sensor's position (its smallest area outside any district)."""
    place = place_of(thing_id)
    hits = index.areas_at(*place) if place else []
    districts = [h for h in hits if h.level == AreaLevel.DISTRICT] or hits[-1:]
    return list(Area.objects.filter(pk__in=[h.id for h in districts]))


def on_alert(sender: Any, alert: Alert, level: str, previous: str | None, at: datetime,
             **kwargs: Any) -> None:
    triggers = [t for t in WarningTrigger.objects.filter(rule_id=alert.rule_id, active=True)
                .select_related("template")
                if rank(previous) < rank(t.level) <= rank(level)]
    if not triggers:
        return
    rule = Rule.objects.get(pk=alert.rule_id)
    datastream = alert.datastream
    latest = LatestObservation.objects.filter(datastream_id=alert.datastream_id).first()
    observed = latest.phenomenon_time if latest and latest.phenomenon_time <= at else at
    areas = _district_around(datastream.thing_id)
    for trigger in triggers:
        if not Warning.objects.filter(alert=alert, trigger=trigger).exists():
            _fire(trigger, areas, at, by=f"sensor rule {rule.code}", alert=alert,
                  observed_at=observed)


def on_indicator_value(sender: Any, instance: IndicatorValue, created: bool,
                       **kwargs: Any) -> None:
    if not created or instance.band not in BAND_RANK:
        return
    triggers = list(WarningTrigger.objects.filter(indicator_id=instance.indicator_id,
                                                  active=True).select_related("template"))
    if not triggers:
        return
    before = (IndicatorValue.objects.filter(indicator_id=instance.indicator_id,
                                            at__lt=instance.at)
              .order_by("-at", "-id").values_list("band", flat=True).first())
    was, now = BAND_RANK.get(before or "", 0), BAND_RANK[instance.band]
    city = list(Area.objects.filter(level=AreaLevel.CITY))
    for trigger in triggers:
        if was < BAND_RANK.get(trigger.level, 99) <= now:
            _fire(trigger, city, instance.at, by=f"indicator {instance.indicator.code}",
                  indicator_id=instance.indicator_id, observed_at=instance.at)


alert_raised.connect(on_alert, dispatch_uid="warnings-triggers")
post_save.connect(on_indicator_value, sender=IndicatorValue, dispatch_uid="warnings-indicators")
