"""Whose cases the cockpit shows, and how to say it.

The map, the tiles, the table of service groups and the lists of overdue
cases and sensor alerts all count the same cases: those the person may see
(``permissions.visible_cases``) — the whole city for administrators and
operators, a supervisor's department tree, an officer's departments. The
page says which, e.g. "Roads and Bridges Bureau and 3 sub-departments".

A ``Scope`` is plain data (the department ids), so that the event stream,
which outlives the request, can count with it, and figures can be cached
per scope rather than per person.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cityloop.cases.models import Case
from cityloop.catalogue import snapshot
from cityloop.web import permissions


@dataclass(frozen=True)
class Scope:
    departments: frozenset[int] | None  # None: the whole city

    @property
    def city_wide(self) -> bool:
        return self.departments is None

    @property
    def key(self) -> str:
        """A short cache key: the same departments give the same key."""
        if self.departments is None:
            return "city"
        joined = ",".join(str(d) for d in sorted(self.departments))
        return hashlib.sha1(joined.encode(), usedforsecurity=False).hexdigest()[:16]

    def cases(self, base: QuerySet[Case] | None = None) -> QuerySet[Case]:
        """The cases of the scope, as ``permissions.visible_cases`` defines them."""
        cases = base if base is not None else Case.objects.all()
        if self.departments is None:
            return cases
        ids = list(self.departments)
        co_handled = Case.co_departments.through.objects.filter(
            department_id__in=ids).values("case_id")
        return cases.filter(Q(department_id__in=ids) | Q(escalated_to_id__in=ids)
                            | Q(pk__in=Subquery(co_handled)))

    def label(self) -> str:
        """The scope in words, in the active language."""
        if self.departments is None:
            return _("The whole city (every department)")
        if not self.departments:
            return _("No department: you are not a member of any department")
        departments = snapshot.current().departments
        inside = [departments[d] for d in self.departments if d in departments]
        roots = sorted((d for d in inside if d.parent_id not in self.departments),
                       key=lambda d: d.display_name)
        names = _(", ").join(d.display_name for d in roots)
        below = len(inside) - len(roots)
        if not below:
            return names
        return ngettext("%(names)s and %(count)d sub-department",
                        "%(names)s and %(count)d sub-departments",
                        below) % {"names": names, "count": below}


def of(user: User | AnonymousUser) -> Scope:
    """The scope of what ``user`` may see."""
    if permissions.sees_all(user):
        return Scope(None)
    return Scope(frozenset(permissions.own_departments(user)))
