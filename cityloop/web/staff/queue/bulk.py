"""Bulk actions on queue selections: assign, forward, or close as duplicates.

Each case goes through the lifecycle separately, in its own transaction,
with the same role rules as on the case page: one refused case does not
stop the others, and the summary says which succeeded and why others were
refused. A case the user may not see is reported as not found (never as
"not yours", which would tell them it exists).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cityloop.cases import policy
from cityloop.cases.errors import TransitionRefused
from cityloop.cases.models import Case
from cityloop.cases.policy import actions as action_rules
from cityloop.catalogue import snapshot
from cityloop.catalogue.models import Department
from cityloop.web.staff import actions

MAX_SELECTION = 200
BULK_ACTIONS = {
    "assign": gettext_lazy("Assign"),
    "forward": gettext_lazy("Forward to another department"),
    "mark_duplicate": gettext_lazy("Close as duplicates of a case"),
}


@dataclass(frozen=True)
class Result:
    reference: str
    ok: bool
    message: str


class BulkRefused(ValueError):
    """The bulk request itself cannot run (no action, missing choice)."""


def params_for(user: User, action: str, data: dict[str, str]) -> dict[str, Any]:
    """The lifecycle parameters of a bulk action from the posted choices."""
    if action not in BULK_ACTIONS:
        raise BulkRefused(_("Choose what to do with the selected cases."))
    note = str(data.get("note", ""))[:10000]
    if action == "assign":
        raw = data.get("assignee", "")
        target = user if raw == "me" else User.objects.filter(
            pk=int(raw) if str(raw).isdigit() else 0, is_active=True, is_staff=True).first()
        if target is None:
            raise BulkRefused(_("Choose whom to assign the cases to."))
        return {"assignee": target, "note": note}
    if action == "forward":
        code = data.get("department", "")
        department = Department.objects.filter(code=code, active=True).first()
        if department is None:
            raise BulkRefused(_("Choose the department to forward the cases to."))
        return {"department": department, "note": note}
    reference = str(data.get("original", "")).strip()
    original = policy.visible_cases(user).filter(reference=reference).first()
    if original is None:
        raise BulkRefused(_("No case with the reference %(ref)s that you can see.")
                          % {"ref": reference[:20]})
    return {"original": original, "note": note}


def run(user: User, references: list[str], action: str, params: dict[str, Any]) -> list[Result]:
    """Apply ``action`` to each case in ``references``; one result per reference."""
    wanted = list(dict.fromkeys(r.strip() for r in references if r.strip()))[:MAX_SELECTION]
    found = {c.reference: c for c in policy.visible_cases(user).filter(reference__in=wanted)}
    results = []
    for reference in wanted:
        case = found.get(reference)
        if case is None:
            results.append(Result(reference, False, _("No such case that you can see.")))
        else:
            results.append(_one(user, case, action, params))
    return results


def _one(user: User, case: Case, action: str, params: dict[str, Any]) -> Result:
    if action == "mark_duplicate" and params["original"].pk == case.pk:
        return Result(case.reference, False, _("This is the original case."))
    reason = action_rules.refusal(user, case, action, params)
    if reason:
        return Result(case.reference, False, reason)
    try:
        actions.execute(action, case, user, dict(params))
    except TransitionRefused as exc:
        return Result(case.reference, False, exc.message)
    return Result(case.reference, True, _("Done."))


def colleagues(user: User) -> QuerySet[User]:
    """People a bulk assignment may name: staff of the user's departments (tree)."""
    departments = snapshot.current().tree_of(policy.own_departments(user))
    return (User.objects.filter(Q(departments__in=departments)
                                | Q(supervised_departments__in=departments) | Q(pk=user.pk),
                                is_active=True, is_staff=True)
            .distinct().order_by("first_name", "last_name", "username"))
