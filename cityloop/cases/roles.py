"""Staff roles as Django groups, created after every migrate.

- operator: files cases for callers and sees every case; does not close them.
- officer: works the cases of their own departments.
- supervisor: as officer, for their department's whole tree; reassigns,
  handles escalations.
- admin: everything, including the Django admin (a superuser).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

ROLES: dict[str, list[str]] = {
    "operator": ["view_case", "add_case", "view_contact"],
    "officer": ["view_case", "work_case", "view_contact"],
    "supervisor": ["view_case", "work_case", "view_contact", "supervise_case"],
}
ADMIN = "admin"
ALL_ROLES = [*ROLES, ADMIN]


def ensure_roles(**kwargs: Any) -> None:
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(content_type__app_label="cases", codename__in=codenames)
        group.permissions.set(perms)
