"""``{{ moment|ago }}``: "just now" or "3 hours ago" (see ``cityloop.web.relative``)."""

from __future__ import annotations

from datetime import datetime

from django import template

from cityloop.web import relative

register = template.Library()


@register.filter
def ago(moment: datetime | None) -> str:
    return relative.ago(moment)
