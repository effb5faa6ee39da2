"""The duty officer: the staff role that publishes warnings.

A group like the case roles (cases/roles.py), holding this app's
``publish_warning`` permission; an administrator may also give the
permission to another group (a supervisor's) in the admin.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, AnonymousUser, Group, Permission

DUTY_OFFICER = "duty_officer"
PERMISSION = "warnings.publish_warning"


def ensure_duty_officer(**kwargs: Any) -> None:
    group, _ = Group.objects.get_or_create(name=DUTY_OFFICER)
    group.permissions.add(*Permission.objects.filter(content_type__app_label="warnings",
                                                      codename="publish_warning"))


def may_publish(user: AbstractUser | AnonymousUser) -> bool:
    """Active staff with the permission (superusers have every permission)."""
    return bool(user.is_active and user.is_authenticated and user.is_staff
                and user.has_perm(PERMISSION))
