"""Which staff may answer, moderate and decide on a participation process.

The same notions as ``cases.policy.scope`` (roles are Django groups, a
department is a tree of units), applied to the process's responsible
department instead of a case's:

- answering and evaluating proposals (accept, refuse, merge, hide, mark
  implemented): administrators and operators for every process (the city's
  call centre answers residents as it files their calls); officers and
  supervisors of the responsible department, or of a department above it
  (the bureau answers for its district office's process);
- moderating comments: the same people;
- publishing a budget's results and starting the work of a selected
  project, which commit the city's money: administrators and the
  supervisors of the responsible department (or of a department above it).

A process without a responsible department is answered by administrators
and operators only. Every staff page asks here; none decides on its own.
"""

from __future__ import annotations

from django.db.models import QuerySet

from cityloop.cases.policy import scope
from cityloop.cases.policy.scope import AnyUser
from cityloop.catalogue import snapshot
from cityloop.participation.models import Budget, Process, Proposal


def _departments_answered(user: AnyUser) -> set[int] | None:
    """The departments whose processes ``user`` answers; None for every process."""
    if not scope.is_staff(user):
        return set()
    if scope.sees_all(user):
        return None
    if not user.has_perm("cases.work_case"):
        return set()
    # Member of the department or of one above it, or supervising either.
    return snapshot.current().tree_of(scope.own_departments(user))


def answerable_processes(user: AnyUser) -> QuerySet[Process]:
    """The processes whose proposals ``user`` may answer (and whose comments moderate)."""
    departments = _departments_answered(user)
    if departments is None:
        return Process.objects.all()
    return Process.objects.filter(department_id__in=departments)


def may_answer(user: AnyUser, process: Process) -> bool:
    departments = _departments_answered(user)
    if departments is None:
        return True
    return process.department_id is not None and process.department_id in departments


def may_moderate(user: AnyUser, process: Process) -> bool:
    return scope.is_admin(user) or may_answer(user, process)


def may_decide(user: AnyUser, process: Process) -> bool:
    """May publish a budget's results and start its projects' work."""
    if scope.is_admin(user):
        return True
    supervised = scope.supervised_tree(user)
    return process.department_id is not None and process.department_id in supervised


def decidable_processes(user: AnyUser) -> QuerySet[Process]:
    if scope.is_admin(user):
        return Process.objects.all()
    return Process.objects.filter(department_id__in=scope.supervised_tree(user))


def may_use(user: AnyUser) -> bool:
    """Whether the staff console's participation pages are of any use to ``user``."""
    if not scope.is_staff(user):
        return False
    return scope.sees_all(user) or answerable_processes(user).exists()


def answerable_proposals(user: AnyUser, base: QuerySet[Proposal] | None = None,
                         ) -> QuerySet[Proposal]:
    proposals = base if base is not None else Proposal.objects.all()
    departments = _departments_answered(user)
    if departments is None:
        return proposals
    return proposals.filter(process__department_id__in=departments)


def visible_budgets(user: AnyUser) -> QuerySet[Budget]:
    """Budgets whose tally ``user`` may read: those of processes they answer or decide."""
    if scope.sees_all(user):
        return Budget.objects.all()
    departments = (_departments_answered(user) or set()) | scope.supervised_tree(user)
    return Budget.objects.filter(process__department_id__in=departments)
