"""Making warnings in tests."""

from __future__ import annotations

from typing import Any

from cityloop.geo.models import Area
from cityloop.warnings.models import Warning
from cityloop.warnings.publish import publish

TEXT: dict[str, Any] = {
    "event": "Flood", "event_i18n": {"zh-hans": "洪水"},
    "category": "Met", "severity": "Severe", "urgency": "Expected", "certainty": "Likely",
    "headline": "Flood warning for the river bank",
    "headline_i18n": {"zh-hans": "河岸洪水预警"},
    "description": "The river is rising fast.", "description_i18n": {"zh-hans": "河水上涨很快。"},
    "instruction": "Move to higher ground.", "instruction_i18n": {"zh-hans": "请转移到高处。"},
}


def draft(*areas: Area, **overrides: Any) -> Warning:
    warning = Warning.objects.create(**{**TEXT, **overrides})
    warning.areas.set(areas)
    return warning


def published(*areas: Area, **overrides: Any) -> Warning:
    return publish(draft(*areas, **overrides), by="test")
