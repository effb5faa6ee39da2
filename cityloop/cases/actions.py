"""What each lifecycle action may start from, where it leads, and what it changes.

``lifecycle.transition`` looks actions up here; each ``apply`` function
changes the (locked) case in memory and returns the details recorded in the
event. Nothing here writes events or sends anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cityloop.cases import contacts
from cityloop.cases.actors import Actor
from cityloop.cases.clock import start_clock
from cityloop.cases.errors import SubmissionRejected, TransitionRefused
from cityloop.cases.models import OPEN_STATUSES, Case, CaseMedia, RejectReason, Status
from cityloop.cases.routing import locate, route
from cityloop.catalogue.models import Department, Priority, ServiceCategory
from cityloop.geo.index import areas_at

ANY_STATUS = tuple(Status.values)
FINISHED = (Status.RESOLVED, Status.CLOSED, Status.REJECTED, Status.DUPLICATE)


@dataclass
class Context:
    actor: Actor
    now: datetime
    params: dict[str, Any]
    public_text: str = ""
    note: str = ""
    follow_ups: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


Apply = Callable[[Case, Context], dict[str, Any]]


@dataclass(frozen=True)
class Action:
    name: str
    allowed_from: tuple[str, ...]
    # The status after the action: fixed, computed from the case, or None
    # for actions that leave the status as it is.
    to_status: str | Callable[[Case, Context], str] | None
    apply: Apply

    def target(self, case: Case, ctx: Context) -> str:
        if self.to_status is None:
            return case.status
        if callable(self.to_status):
            return self.to_status(case, ctx)
        return self.to_status


def _after_move(case: Case, ctx: Context) -> str:
    # A department that has just received a case has not taken it yet: it
    # is new to them. A reopened case stays marked reopened.
    moved = ctx.params.get("_moved", False)
    if moved and case.status in (Status.ASSIGNED, Status.IN_PROGRESS):
        return Status.NEW
    return case.status


def _department(ctx: Context) -> Department:
    dept = ctx.params.get("department")
    if not isinstance(dept, Department):
        raise TransitionRefused(_("Choose a department."), "department_required")
    if not dept.active:
        raise TransitionRefused(_("%(name)s is not active.") % {"name": dept}, "inactive")
    return dept


def _assign(case: Case, ctx: Context) -> dict[str, Any]:
    user = ctx.params.get("assignee")
    if user is not None:
        if not (user.is_active and user.is_staff):
            raise TransitionRefused(_("Cases can only be assigned to active staff."), "assignee")
        case.assignee = user
    case.assigned_at = ctx.now
    return {"assignee": user.get_username() if user is not None else ""}


def _start(case: Case, ctx: Context) -> dict[str, Any]:
    if case.assignee_id is None and ctx.actor.user_id is not None:
        case.assignee = get_user_model().objects.get(pk=ctx.actor.user_id)
    case.assigned_at = case.assigned_at or ctx.now
    return {}


def _resolve(case: Case, ctx: Context) -> dict[str, Any]:
    case.resolved_at = ctx.now
    # A new resolution awaits its own rating (after a bad rating reopened the
    # case); the earlier rating stays in the events.
    case.rating, case.rating_comment, case.rated_at = None, "", None
    return {"media": [int(m) for m in ctx.params.get("media_ids", [])]}


def _close(case: Case, ctx: Context) -> dict[str, Any]:
    case.closed_at = ctx.now
    return {"reason": str(ctx.params.get("reason", ""))}


def _reject(case: Case, ctx: Context) -> dict[str, Any]:
    reason = ctx.params.get("reason")
    if reason not in RejectReason.values:
        raise TransitionRefused(
            _("Give a reason for rejecting: invalid, or not the city's responsibility."),
            "reason_required",
        )
    case.reject_reason = reason
    case.closed_at = ctx.now
    return {"reason": reason}


def _mark_duplicate(case: Case, ctx: Context) -> dict[str, Any]:
    original = ctx.params.get("original")
    if not isinstance(original, Case):
        raise TransitionRefused(_("Say which case this one duplicates."), "original_required")
    seen = {case.pk}
    while original.duplicate_of_id is not None and original.pk not in seen:
        seen.add(original.pk)
        original = Case.objects.get(pk=original.duplicate_of_id)
    if original.pk in seen:
        raise TransitionRefused(_("A case cannot be a duplicate of itself."), "self_duplicate")
    case.duplicate_of = original
    case.closed_at = ctx.now
    ctx.follow_ups.append(("absorb_duplicate", {"case": original, "duplicate": case}))
    return {"original": original.reference}


def _absorb_duplicate(case: Case, ctx: Context) -> dict[str, Any]:

    duplicate: Case = ctx.params["duplicate"]
    added = contacts.merge_followers(duplicate, into=case, now=ctx.now)
    return {"duplicate": duplicate.reference, "followers_added": added}


def _reopen(case: Case, ctx: Context) -> dict[str, Any]:
    # A reopened case starts a fresh SLA clock: the department is judged on
    # how fast it handles the follow-up, and the old lateness stays recorded
    # in the events.
    case.resolved_at = case.closed_at = None
    case.duplicate_of = None
    case.reject_reason = ""
    start_clock(case, case.category, ctx.now)
    return {"reason": str(ctx.params.get("reason", "")), "due_at": case.due_at.isoformat()}


def _move_to(case: Case, dept: Department, ctx: Context) -> dict[str, Any]:
    """Hand the case to another department; the details for the event.

    The SLA clock keeps running, but the overdue mark and the escalation
    are cleared, so that if the case is late the receiving department's
    supervisors and parent hear about it at the next sweep.
    """
    previous = case.department
    case.department = dept
    case.assignee = None
    case.overdue_at = case.escalated_at = None
    case.escalated_to = None
    case.co_departments.remove(dept)
    ctx.params["_moved"] = True
    return {"from_department": previous.code, "to_department": dept.code}


def _reroute(case: Case, ctx: Context) -> dict[str, Any]:
    """After a correction: route again, and move the case if that changes its department."""

    hits = areas_at(case.lat, case.lon) if case.lat is not None and case.lon is not None else []
    dept = route(case.category, hits)
    return _move_to(case, dept, ctx) if dept.pk != case.department_id else {}


def _forward(case: Case, ctx: Context) -> dict[str, Any]:
    dept = _department(ctx)
    if dept.pk == case.department_id:
        raise TransitionRefused(_("The case is already with %(name)s.") % {"name": dept})
    return _move_to(case, dept, ctx)


def _join(case: Case, ctx: Context) -> dict[str, Any]:
    dept = _department(ctx)
    if dept.pk == case.department_id or case.co_departments.filter(pk=dept.pk).exists():
        raise TransitionRefused(_("%(name)s already handles this case.") % {"name": dept})
    case.co_departments.add(dept)
    return {"department": dept.code}


def _requires_text(attr: str) -> Apply:
    def apply(case: Case, ctx: Context) -> dict[str, Any]:
        if not getattr(ctx, attr).strip():
            raise TransitionRefused(_("Write the text first."), "text_required")
        return {}

    return apply


def _mark_overdue(case: Case, ctx: Context) -> dict[str, Any]:
    if case.overdue_at is not None:
        raise TransitionRefused(_("The case is already marked overdue."), "already")
    case.overdue_at = ctx.now
    return {"due_at": case.due_at.isoformat()}


def _escalate(case: Case, ctx: Context) -> dict[str, Any]:
    if case.escalated_at is not None:
        raise TransitionRefused(_("The case is already escalated."), "already")
    case.escalated_at = ctx.now
    case.escalated_to = case.department.parent
    target = case.escalated_to.code if case.escalated_to else ""
    return {"to_department": target, "due_at": case.due_at.isoformat()}


def _rate(case: Case, ctx: Context) -> dict[str, Any]:
    raw = ctx.params.get("rating")
    # Only a whole number will do: 4.7 or True must not pass for 4 or 1.
    if isinstance(raw, str) and raw.strip().isdigit():
        rating = int(raw.strip())
    elif isinstance(raw, int) and not isinstance(raw, bool):
        rating = raw
    else:
        rating = 0
    if not 1 <= rating <= 5:
        raise TransitionRefused(_("A rating is a whole number from 1 to 5."), "rating")
    if case.rating is not None:
        raise TransitionRefused(_("This resolution has already been rated."), "already")
    case.rating = rating
    case.rating_comment = str(ctx.params.get("comment", ""))[:4000]
    case.rated_at = ctx.now
    if rating <= 2:
        # Every bad rating is followed up (UN-Habitat people-centred
        # guidelines): the case goes back to the department at once.
        text = _(
            "Reopened automatically: the reporter rated the resolution %(rating)d out of 5. "
            "Every bad rating is followed up."
        ) % {"rating": rating}
        ctx.follow_ups.append(("reopen", {"reason": "bad_rating", "public_text": text}))
    else:
        ctx.follow_ups.append(("close", {"reason": "rated"}))
    return {"rating": rating}


def _recategorise(case: Case, ctx: Context) -> dict[str, Any]:
    category = ctx.params.get("category")
    if not isinstance(category, ServiceCategory) or not category.active:
        raise TransitionRefused(_("Choose an active category."), "category_required")
    if not ctx.note.strip():
        raise TransitionRefused(_("Say why the category changes."), "reason_required")
    previous = case.category
    case.category = category
    # The correction is a training label for triage (what the report
    # really was), kept beside what triage had predicted.
    case.triage = {**case.triage, "corrected_to": category.service_code}
    # The clock keeps its start; the allowed time is the new category's.
    start_clock(case, category, case.due_at - timedelta(hours=previous.sla_hours))
    moved = _reroute(case, ctx)
    return {"from_category": previous.service_code, "to_category": category.service_code,
            "due_at": case.due_at.isoformat(), **moved}


def _relocate(case: Case, ctx: Context) -> dict[str, Any]:

    if not ctx.note.strip():
        raise TransitionRefused(_("Say why the location changes."), "reason_required")
    lat, lon = ctx.params.get("lat"), ctx.params.get("lon")
    try:
        area = locate(lat, lon)
    except SubmissionRejected as exc:  # outside the city, or not a number
        raise TransitionRefused(exc.problems[0].message, exc.problems[0].code) from None
    old = {"lat": case.lat, "lon": case.lon}
    case.lat, case.lon, case.area_id = float(str(lat)), float(str(lon)), area.id
    case.address = str(ctx.params.get("address", case.address))[:500]
    moved = _reroute(case, ctx)
    return {"from": old, "to": {"lat": case.lat, "lon": case.lon}, "area": area.code, **moved}


def _set_priority(case: Case, ctx: Context) -> dict[str, Any]:
    priority = ctx.params.get("priority")
    if priority not in Priority.values:
        raise TransitionRefused(_("Choose a priority."), "priority_required")
    previous, case.priority = case.priority, priority
    return {"from_priority": previous, "to_priority": priority}


def _follow(case: Case, ctx: Context) -> dict[str, Any]:

    contacts.add_follower(case, ctx.params.get("contact"), now=ctx.now)
    # Only the count goes into the (public) chain, never who followed.
    return {"followers": case.contacts.count()}


def _nothing(case: Case, ctx: Context) -> dict[str, Any]:
    return {}


def _approve_photo(case: Case, ctx: Context) -> dict[str, Any]:
    """A citizen's photo becomes public (``cases.media.approve``)."""
    media = ctx.params.get("media")
    if not isinstance(media, CaseMedia) or media.case_id != case.pk:
        raise TransitionRefused(_("Choose a photo of this case."), "media_required")
    if media.public:
        raise TransitionRefused(_("This photo is already public."), "already")
    media.public = True
    media.save(update_fields=["public"])
    return {"media": media.pk, "kind": media.kind}


def _add_photos(case: Case, ctx: Context) -> dict[str, Any]:
    """Which photos staff added (stored by ``cases.media.add`` before the action)."""
    ids = [int(m) for m in ctx.params.get("media_ids", [])]
    if not ids:
        raise TransitionRefused(_("Choose at least one photo."), "media_required")
    kinds = set(CaseMedia.objects.filter(case=case, pk__in=ids).values_list("kind", flat=True))
    return {"media": ids, "kind": ",".join(sorted(kinds))}


_ACTIONS = [
    Action("assign", OPEN_STATUSES, Status.ASSIGNED, _assign),
    Action("start", (Status.NEW, Status.ASSIGNED, Status.REOPENED), Status.IN_PROGRESS, _start),
    Action("resolve", OPEN_STATUSES, Status.RESOLVED, _resolve),
    Action("close", (Status.RESOLVED,), Status.CLOSED, _close),
    Action("reject", OPEN_STATUSES, Status.REJECTED, _reject),
    Action("mark_duplicate", OPEN_STATUSES, Status.DUPLICATE, _mark_duplicate),
    Action("reopen", FINISHED, Status.REOPENED, _reopen),
    Action("forward", OPEN_STATUSES, _after_move, _forward),
    Action("join", OPEN_STATUSES, None, _join),
    Action("comment", ANY_STATUS, None, _requires_text("public_text")),
    Action("note", ANY_STATUS, None, _requires_text("note")),
    Action("add_info", OPEN_STATUSES, None, _requires_text("public_text")),
    Action("mark_overdue", OPEN_STATUSES, None, _mark_overdue),
    Action("escalate", OPEN_STATUSES, None, _escalate),
    Action("rate", (Status.RESOLVED,), None, _rate),
    Action("recategorise", OPEN_STATUSES, _after_move, _recategorise),
    Action("relocate", OPEN_STATUSES, _after_move, _relocate),
    Action("set_priority", OPEN_STATUSES, None, _set_priority),
    Action("follow", OPEN_STATUSES, None, _follow),
    Action("absorb_duplicate", ANY_STATUS, None, _absorb_duplicate),
    Action("contact_viewed", ANY_STATUS, None, _nothing),
    Action("add_photos", (*OPEN_STATUSES, Status.RESOLVED), None, _add_photos),
    Action("approve_photo", ANY_STATUS, None, _approve_photo),
]
ACTIONS: dict[str, Action] = {action.name: action for action in _ACTIONS}

# What each action is called where people read it (timelines, messages).
ACTION_LABELS = {
    "assign": gettext_lazy("assign"),
    "start": gettext_lazy("start work"),
    "resolve": gettext_lazy("resolve"),
    "close": gettext_lazy("close"),
    "reject": gettext_lazy("reject"),
    "mark_duplicate": gettext_lazy("mark as duplicate"),
    "reopen": gettext_lazy("reopen"),
    "forward": gettext_lazy("forward to another department"),
    "join": gettext_lazy("add a co-handling department"),
    "comment": gettext_lazy("public update"),
    "note": gettext_lazy("internal note"),
    "add_info": gettext_lazy("add information"),
    "mark_overdue": gettext_lazy("mark overdue"),
    "escalate": gettext_lazy("escalate"),
    "rate": gettext_lazy("rate"),
    "recategorise": gettext_lazy("change category"),
    "relocate": gettext_lazy("change location"),
    "set_priority": gettext_lazy("change priority"),
    "follow": gettext_lazy("follow (me too)"),
    "absorb_duplicate": gettext_lazy("merge a duplicate"),
    "contact_viewed": gettext_lazy("view contact details"),
    "add_photos": gettext_lazy("add photos"),
    "approve_photo": gettext_lazy("approve a photo for public display"),
    "create": gettext_lazy("report received"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
