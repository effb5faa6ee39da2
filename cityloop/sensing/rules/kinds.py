"""The built-in rule kinds, registered on ``registry.rule_kinds``.

Each kind is a small class: ``validate(params)`` lists what is wrong with a
rule's parameters, ``measure`` reads rollups or the latest value and answers
one number (or None when there is nothing to judge), and ``evaluate`` turns
that number into a warning level with the rule's thresholds and hysteresis.
"None" from ``measure`` keeps the level held before: missing data proves
nothing either way (the silence kind is there for missing data).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

from django.utils.translation import gettext as _

from cityloop.registry import RuleEvaluation, rule_kinds
from cityloop.sensing.rules import readings
from cityloop.sensing.rules.levels import Direction, Level, as_level, classify
from cityloop.sensing.rules.models import Rule

AGGREGATES = ("sum", "mean", "max", "min", "count")
PER = {"minute": 1, "hour": 60}
MAX_MINUTES = 60 * 24 * 31


class RuleKind:
    key: ClassVar[str] = ""
    # Triggered by new data (after_ingest); the worker's sweep evaluates every kind.
    on_ingest: ClassVar[bool] = True
    allowed: ClassVar[dict[str, str]] = {}  # parameter -> what it is, for messages

    def __init__(self, rule: Rule, previous: str | None = None):
        self.rule = rule
        self.previous = as_level(previous)
        self.value: float | None = None

    @classmethod
    def validate(cls, params: Any) -> list[str]:
        """What is wrong with ``params`` (an empty list when nothing)."""
        if not isinstance(params, Mapping):
            return [_("parameters must be a mapping")]
        unknown = sorted(set(params) - set(cls.allowed))
        if unknown:
            known = ", ".join(sorted(cls.allowed)) or _("none")
            return [_("unknown parameter %(name)s (this kind takes: %(known)s)")
                    % {"name": ", ".join(unknown), "known": known}]
        return cls.check(params)

    @classmethod
    def check(cls, params: Mapping[str, Any]) -> list[str]:
        return []

    def measure(self, datastream_id: int, now: datetime) -> float | None:
        raise NotImplementedError

    def evaluate(self, datastream_id: int, now: datetime) -> Level | None:
        """The rule's level on the datastream at ``now``; ``self.value`` what it measured."""
        self.value = self.measure(datastream_id, now)
        if self.value is None:
            return self.previous
        return classify(
            self.value,
            self.rule.thresholds,
            direction=self.rule.direction,
            hysteresis=self.rule.hysteresis,
            previous=self.previous,
        )

    @property
    def params(self) -> Mapping[str, Any]:
        return self.rule.params or {}


def _whole(params: Mapping[str, Any], name: str, low: int, high: int,
           required: bool = True) -> list[str]:
    value = params.get(name)
    if value is None and not required:
        return []
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        return [_("%(name)s must be a whole number from %(low)d to %(high)d")
                % {"name": name, "low": low, "high": high}]
    return []


def _choice(params: Mapping[str, Any], name: str, choices: tuple[str, ...],
            required: bool = True) -> list[str]:
    value = params.get(name)
    if value is None and not required:
        return []
    if value not in choices:
        return [_("%(name)s must be one of %(choices)s")
                % {"name": name, "choices": ", ".join(choices)}]
    return []


@rule_kinds.register("threshold", "The latest value against the thresholds.")
class Threshold(RuleKind):
    key = "threshold"

    def measure(self, datastream_id: int, now: datetime) -> float | None:
        newest = readings.latest(datastream_id)
        return newest.value if newest else None


@rule_kinds.register(
    "window", "An aggregate (sum, mean, max, min, count) over the last N minutes."
)
class Window(RuleKind):
    key = "window"
    allowed = {"minutes": "window length", "aggregate": "sum, mean, max, min or count"}

    @classmethod
    def check(cls, params: Mapping[str, Any]) -> list[str]:
        return (_whole(params, "minutes", 1, MAX_MINUTES)
                + _choice(params, "aggregate", AGGREGATES))

    def measure(self, datastream_id: int, now: datetime) -> float | None:
        end = readings.anchor(datastream_id, now)
        return readings.aggregate(
            datastream_id, end, self.params["minutes"], self.params["aggregate"]
        )


@rule_kinds.register("rate", "Change of the per-minute mean per minute or per hour.")
class Rate(RuleKind):
    key = "rate"
    allowed = {"minutes": "how far back to compare", "per": "minute or hour"}

    @classmethod
    def check(cls, params: Mapping[str, Any]) -> list[str]:
        return _whole(params, "minutes", 2, MAX_MINUTES) + _choice(
            params, "per", tuple(PER), required=False
        )

    def measure(self, datastream_id: int, now: datetime) -> float | None:
        end = readings.anchor(datastream_id, now)
        buckets = readings.minutes(datastream_id, end, self.params["minutes"])
        return readings.rate(buckets, PER[self.params.get("per", "hour")])


@rule_kinds.register("silence", "Minutes since the last observation (a device fault).")
class Silence(RuleKind):
    key = "silence"
    on_ingest = False  # data arriving ends a silence; only the clock starts one

    def measure(self, datastream_id: int, now: datetime) -> float | None:
        newest = readings.latest(datastream_id)
        # A datastream that never reported is silent since the rule began watching it.
        since = newest.at if newest else self.rule.created_at
        return max(0.0, (now - since).total_seconds() / 60.0)

    def evaluate(self, datastream_id: int, now: datetime) -> Level | None:
        if self.rule.direction != Direction.ABOVE:  # guarded by validation too
            return None
        return super().evaluate(datastream_id, now)


@rule_kinds.register(
    "anomaly", "Distance of the latest minute's mean from the rolling median, in MADs."
)
class Anomaly(RuleKind):
    key = "anomaly"
    allowed = {"minutes": "baseline window", "min_points": "minutes of data needed",
               "side": "both, above or below"}

    @classmethod
    def check(cls, params: Mapping[str, Any]) -> list[str]:
        return (_whole(params, "minutes", 10, MAX_MINUTES)
                + _whole(params, "min_points", 3, MAX_MINUTES, required=False)
                + _choice(params, "side", ("both", "above", "below"), required=False))

    def measure(self, datastream_id: int, now: datetime) -> float | None:
        end = readings.anchor(datastream_id, now)
        buckets = readings.minutes(datastream_id, end, self.params["minutes"])
        deviation = readings.robust_deviation(buckets, self.params.get("min_points", 10))
        if deviation is None:
            return None
        side = self.params.get("side", "both")
        if side == "above":
            return deviation
        if side == "below":
            return -deviation
        return abs(deviation)


def kind_for(rule: Rule, previous: str | None = None) -> RuleEvaluation:
    return rule_kinds.get(rule.kind)(rule, previous)
