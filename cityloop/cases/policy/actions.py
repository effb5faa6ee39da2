"""Which action each role may take on a case it sees (``scope`` says which it sees).

- operators (call centre) may add public updates and internal notes to any
  case (they relay what callers say), and give a location to a case filed
  without one (a report by email that named no place: the queue's "Needs a
  location"), but never assign, resolve, close, reject or otherwise work a
  case;
- officers work the cases of their departments, but a case assigned to a
  colleague is reassigned (or started) only by a supervisor, and a case is
  forwarded outside the officer's own department tree only by a supervisor;
- supervisors and admins may do all of it.

Every function answers without raising, so single and bulk actions share it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from cityloop.cases.models import Case
from cityloop.cases.policy import scope
from cityloop.cases.policy.scope import AnyUser
from cityloop.catalogue import snapshot
from cityloop.catalogue.models import Department

# Actions an operator may take although they work no case.
OPERATOR_ACTIONS = frozenset({"comment", "note"})
# ... and on a case that has no location yet: setting it (not moving a located case).
OPERATOR_LOCATING = frozenset({"relocate"})
# Every action the console offers (lifecycle names).
CONSOLE_ACTIONS = frozenset({
    "comment", "note", "assign", "start", "forward", "join", "mark_duplicate", "reject",
    "resolve", "close", "reopen", "recategorise", "relocate", "set_priority", "approve_photo",
    "add_photos",
})


def available(user: AnyUser, case: Case) -> set[str]:
    """The actions ``user`` may take on ``case`` at all (the forms the case page shows)."""
    if scope.can_work(user, case):
        return set(CONSOLE_ACTIONS)
    if scope.is_operator(user) and scope.can_view(user, case):
        return set(OPERATOR_ACTIONS | (OPERATOR_LOCATING if case.lat is None else set()))
    return set()


def may_take(user: AnyUser, case: Case, action: str) -> bool:
    return action in available(user, case)


def refusal(user: AnyUser, case: Case, action: str, params: dict[str, Any]) -> str | None:
    """Why ``user`` may not take ``action`` with ``params`` on ``case``; None when they may."""
    if not may_take(user, case, action):
        if scope.is_operator(user):
            return _("Operators file and annotate cases; the department works them.")
        return _("You may not do this on this case.")
    held_by_other = case.assignee_id is not None and case.assignee_id != user.pk
    supervises = scope.can_supervise(user, case)
    if action == "assign":
        target = params.get("assignee")
        if held_by_other and not supervises and (target is None or target.pk != case.assignee_id):
            return _("This case is assigned to someone else: only a supervisor can reassign it.")
        if target is not None and not assignees(user, case).filter(pk=target.pk).exists():
            return _("%(name)s does not work for a department handling this case.") % {
                "name": target.get_full_name() or target.get_username()}
    if action == "start" and held_by_other and not supervises:
        return _("This case is assigned to someone else: only a supervisor can take it over.")
    if action == "forward":
        department = params.get("department")
        own_tree = snapshot.current().tree_of(scope.own_departments(user))
        if isinstance(department, Department) and department.pk not in own_tree and not (
            supervises
        ):
            return _("Only a supervisor can forward a case outside your own departments.")
    return None


def assignees(user: AnyUser, case: Case) -> QuerySet[User]:
    """Colleagues ``case`` may be assigned to by ``user``: staff of the handling
    departments (and, for a supervisor, of the whole tree they supervise), and
    the user themself."""
    departments = {case.department_id, *case.co_departments.values_list("id", flat=True)}
    if scope.can_supervise(user, case):
        departments |= scope.supervised_tree(user)
    people = Q(departments__in=departments) | Q(supervised_departments__in=departments)
    if scope.can_work(user, case):
        people |= Q(pk=user.pk)
    return (
        User.objects.filter(people, is_active=True, is_staff=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
