"""Whose cases the cockpit shows, and how to say it.

The map, the tiles, the table of service groups and the lists of overdue
cases and sensor alerts all count the same cases: the person's
``cases.policy`` scope — the whole city for administrators and operators,
a supervisor's department tree, an officer's departments. The page says
which, e.g. "Roads and Bridges Bureau and 3 sub-departments".

The scope is plain data (the department ids), so that the event stream,
which outlives the request, counts with it, and figures are cached per
scope rather than per person.
"""

from __future__ import annotations

import hashlib

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cityloop.cases.policy import Scope
from cityloop.catalogue import snapshot

__all__ = ["Scope", "key", "label"]


def key(scope: Scope) -> str:
    """A short cache key: the same departments give the same key."""
    if scope.departments is None:
        return "city"
    joined = ",".join(str(d) for d in sorted(scope.departments))
    return hashlib.sha1(joined.encode(), usedforsecurity=False).hexdigest()[:16]


def label(scope: Scope) -> str:
    """The scope in words, in the active language."""
    if scope.departments is None:
        return _("The whole city (every department)")
    if not scope.departments:
        return _("No department: you are not a member of any department")
    departments = snapshot.current().departments
    inside = [departments[d] for d in scope.departments if d in departments]
    roots = sorted((d for d in inside if d.parent_id not in scope.departments),
                   key=lambda d: d.display_name)
    names = _(", ").join(d.display_name for d in roots)
    below = len(inside) - len(roots)
    if not below:
        return names
    return ngettext("%(names)s and %(count)d sub-department",
                    "%(names)s and %(count)d sub-departments",
                    below) % {"names": names, "count": below}
