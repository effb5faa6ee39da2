"""Who sees which cases.

- operator: files cases for callers and sees every case, but works none
  (no assigning, resolving or closing);
- officer: sees and works the cases of their own departments, including
  cases their department co-handles or that were escalated to it;
- supervisor: as officer, for their departments and every unit below them,
  plus cases escalated to them; may reassign;
- admin (superuser): everything.

A reporter's contact details need the ``cases.view_contact`` permission on
top of seeing the case; the case page audits every viewing.

A ``Scope`` is plain data (department ids, or None for the whole city), so
that what outlives a request (the cockpit's event stream, an export job)
counts with the same rule, and figures can be cached per scope.
"""

from __future__ import annotations

from dataclasses import dataclass

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


def supervised_tree(user: AnyUser) -> set[int]:
    """Departments the user supervises and every unit below them."""
    if not is_staff(user) or not user.has_perm("cases.supervise_case"):
        return set()
    assert isinstance(user, User)
    top = set(user.supervised_departments.values_list("id", flat=True))
    return snapshot.current().tree_of(top)


def own_departments(user: AnyUser) -> set[int]:
    """Departments the user belongs to or supervises (with the units below those)."""
    if not is_staff(user):
        return set()
    assert isinstance(user, User)
    members = set(user.departments.values_list("id", flat=True))
    return members | supervised_tree(user)


@dataclass(frozen=True)
class Scope:
    """The cases of some departments, or of the whole city (``departments`` None)."""

    departments: frozenset[int] | None

    @property
    def city_wide(self) -> bool:
        return self.departments is None

    def cases(self, base: QuerySet[Case] | None = None) -> QuerySet[Case]:
        cases = base if base is not None else Case.objects.all()
        if self.departments is None:
            return cases
        ids = list(self.departments)
        # Co-handled cases by subquery, not by joining the M2M: a join needs
        # DISTINCT, which keeps the database from using the (department,
        # status) index on a million cases.
        co_handled = Case.co_departments.through.objects.filter(
            department_id__in=ids).values("case_id")
        return cases.filter(Q(department_id__in=ids) | Q(escalated_to_id__in=ids)
                            | Q(pk__in=Subquery(co_handled)))

    def holds(self, case: Case) -> bool:
        """Whether ``case`` is in the scope, without a query when the case says so."""
        if self.departments is None:
            return True
        if case.department_id in self.departments or case.escalated_to_id in self.departments:
            return True
        return case.co_departments.filter(pk__in=self.departments).exists()


NOTHING = Scope(frozenset())


def scope_of(user: AnyUser) -> Scope:
    """The cases ``user`` may see: nothing for anyone who is not active staff."""
    if not is_staff(user):
        return NOTHING
    if sees_all(user):
        return Scope(None)
    return Scope(frozenset(own_departments(user)))


def visible_cases(user: AnyUser, base: QuerySet[Case] | None = None) -> QuerySet[Case]:
    cases = base if base is not None else Case.objects.all()
    if not is_staff(user):
        return cases.none()
    return scope_of(user).cases(cases)


def can_view(user: AnyUser, case: Case) -> bool:
    return is_staff(user) and scope_of(user).holds(case)


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
    return bool(tree) and Scope(frozenset(tree)).holds(case)


def can_see_contact(user: AnyUser, case: Case) -> bool:
    return can_view(user, case) and (is_admin(user) or user.has_perm("cases.view_contact"))


def may_file_cases(user: AnyUser) -> bool:
    """Operators file for callers; officers and admins may too."""
    return is_staff(user) and (is_admin(user) or user.has_perm("cases.add_case")
                               or user.has_perm("cases.work_case"))
