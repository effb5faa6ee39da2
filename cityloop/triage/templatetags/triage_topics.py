"""``{% hot_topics as topics %}``: the latest stored hot topics, for any page that shows them."""

from __future__ import annotations

from typing import Any

from django import template

from cityloop.triage.topics import weekly

register = template.Library()


@register.simple_tag
def hot_topics(week: str = "") -> dict[str, Any]:
    """``{"week": "2026-W47", "topics": [Topic, ...]}``; the latest week when none is given."""
    try:
        found_week, found = weekly.stored(week or None)
    except weekly.BadWeek:
        found_week, found = week, []
    return {"week": found_week, "topics": found}
