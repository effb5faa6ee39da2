"""Who may see and work which case: the one rule every door applies.

The staff console, the cockpit and its event stream, the admin, the field
pages, exports and every API ask here; none decides on its own. The rule
belongs to the domain, not to the web: an export or an MQTT publisher has
no request, yet must answer the same question.

- ``scope``: who sees which cases (roles, department trees, ``visible_cases``);
- ``actions``: which console action each role may take on a case it sees;
- ``public``: what anyone, signed in or not, may see of the city's cases.

Roles are Django groups (cases/roles.py); see ``scope`` for what each sees.
"""

from __future__ import annotations

from cityloop.cases.policy.scope import (
    AnyUser,
    Scope,
    can_see_contact,
    can_supervise,
    can_view,
    can_work,
    is_admin,
    is_operator,
    is_staff,
    may_file_cases,
    own_departments,
    scope_of,
    sees_all,
    supervised_tree,
    visible_cases,
)

__all__ = [
    "AnyUser", "Scope", "can_see_contact", "can_supervise", "can_view", "can_work", "is_admin",
    "is_operator", "is_staff", "may_file_cases", "own_departments", "scope_of", "sees_all",
    "supervised_tree", "visible_cases",
]
