"""``{% uses_participation user as shown %}``: whether the staff console's navigation
offers the participation pages to ``user`` (``participation.policy.may_use``)."""

from __future__ import annotations

from typing import Any

from django import template

from cityloop.participation import policy

register = template.Library()


@register.simple_tag
def uses_participation(user: Any) -> bool:
    return policy.may_use(user)
