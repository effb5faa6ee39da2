"""Who may see and do what with a case: the rules every staff view and API call applies.

Roles are Django groups (cases/roles.py):

- operator: files cases for callers and sees every case, but works none
  (no assigning, resolving or closing);
- officer: sees and works the cases of their own departments, including
  cases their department co-handles;
- supervisor: as officer, for their departments and every unit below them,
  plus cases escalated to them; may reassign;
- admin (superuser): everything.

Reporters' contact details need the ``cases.view_contact`` permission on top
of seeing the case, and every viewing is audited by the case page.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet, Subquery

from cityloop.cases.models import Case
from cityloop.catalogue import snapshot

AnyUser = User | AnonymousUser


def is_staff(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def is_admin(user: AnyUser) -> bool:
    return is_staff(user) and bool(user.is_superuser)


def is_operator(user: AnyUser) -> bool:
    return is_staff(user) and user.has_perm("cases.add_case") and not user.has_perm(
        "cases.work_case"
    )


def sees_all(user: AnyUser) -> bool:
    """Admins and call-centre operators see every case of the city."""
    return is_admin(user) or is_operator(user)


def own_departments(user: AnyUser) -> set[int]:
    """Departments the user belongs to or supervises."""
    if not is_staff(user):
        return set()
    assert isinstance(user, User)
    members = set(user.departments.values_list("id", flat=True))
    return members | supervised_tree(user)


def supervised_tree(user: AnyUser) -> set[int]:
    """Departments the user supervises and every unit below them."""
    if not is_staff(user) or not user.has_perm("cases.supervise_case"):
        return set()
    assert isinstance(user, User)
    top = set(user.supervised_departments.values_list("id", flat=True))
    units = snapshot.current().units
    tree, todo = set(top), list(top)
    while todo:
        for unit in units.get(todo.pop(), []):
            if unit.pk not in tree:
                tree.add(unit.pk)
                todo.append(unit.pk)
    return tree


def visible_cases(user: AnyUser, base: QuerySet[Case] | None = None) -> QuerySet[Case]:
    cases = base if base is not None else Case.objects.all()
    if not is_staff(user):
        return cases.none()
    if sees_all(user):
        return cases
    departments = own_departments(user)
    # Co-handled cases by subquery, not by joining the M2M: a join needs
    # DISTINCT, which keeps the database from using the (department,
    # status) index on a million cases.
    co_handled = Case.co_departments.through.objects.filter(
        department_id__in=departments
    ).values("case_id")
    scope = (
        Q(department_id__in=departments)
        | Q(escalated_to_id__in=departments)
        | Q(pk__in=Subquery(co_handled))
    )
    return cases.filter(scope)


def can_view(user: AnyUser, case: Case) -> bool:
    if not is_staff(user):
        return False
    if sees_all(user):
        return True
    return visible_cases(user, Case.objects.filter(pk=case.pk)).exists()


def can_work(user: AnyUser, case: Case) -> bool:
    """May act on the case: assign, update, resolve, reject, merge..."""
    if is_admin(user):
        return True
    if not user.has_perm("cases.work_case"):
        return False
    return can_view(user, case)


def can_supervise(user: AnyUser, case: Case) -> bool:
    """May reassign across the tree and handle escalations."""
    if is_admin(user):
        return True
    tree = supervised_tree(user)
    return bool(tree) and (
        case.department_id in tree
        or case.escalated_to_id in tree
        or case.co_departments.filter(pk__in=tree).exists()
    )


def can_see_contact(user: AnyUser, case: Case) -> bool:
    return can_view(user, case) and (is_admin(user) or user.has_perm("cases.view_contact"))


def may_file_cases(user: AnyUser) -> bool:
    """Operators file for callers; officers and admins may too."""
    return is_staff(user) and (is_admin(user) or user.has_perm("cases.add_case")
                               or user.has_perm("cases.work_case"))


def describe(user: AnyUser) -> dict[str, Any]:
    """For templates: what the signed-in person may do in general."""
    return {
        "is_admin": is_admin(user),
        "is_operator": is_operator(user),
        "is_supervisor": bool(supervised_tree(user)),
        "may_file": may_file_cases(user),
    }
