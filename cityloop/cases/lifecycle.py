"""The only way a case changes: each change is checked, recorded and announced.

``transition`` locks the case, checks that the action is allowed from its
status, applies it, appends a hash-chained CaseEvent and announces it
(``cases.events``: notify queues the messages it calls for), all in one
database transaction: either everything happens or nothing does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityloop.cases import audit, events
from cityloop.cases.actions import ACTIONS, Context, action_label
from cityloop.cases.actors import Actor
from cityloop.cases.errors import TransitionRefused
from cityloop.cases.models import Case, CaseContact, CaseEvent, Status

CREATE = "create"


def transition(
    case: Case,
    action: str,
    actor: Actor,
    *,
    public_text: str = "",
    note: str = "",
    now: datetime | None = None,
    **params: Any,
) -> CaseEvent:
    """Apply ``action`` to ``case`` on behalf of ``actor``; the new event.

    Raises ``TransitionRefused`` with a message for the person when the
    action is unknown, not allowed from the case's status, or lacks what it
    needs. ``case`` is refreshed in place.
    """
    spec = ACTIONS.get(action)
    if spec is None:
        raise TransitionRefused(_("Unknown action %(action)s.") % {"action": action[:50]},
                                "unknown")
    now = now or timezone.now()
    with transaction.atomic():
        locked = Case.objects.select_for_update().select_related("category", "department")
        current = locked.get(pk=case.pk)
        if current.status not in spec.allowed_from:
            raise TransitionRefused(
                _("A case that is %(status)s cannot be given the action “%(action)s”.")
                % {"status": Status(current.status).label.lower(), "action": action_label(action)}
            )
        ctx = Context(actor, now, params, public_text.strip(), note.strip())
        from_status = current.status
        data = spec.apply(current, ctx)
        current.status = spec.target(current, ctx)
        current.updated_at = now
        current.save()
        event = _append(current, action, actor, from_status, ctx, data)
        events.recorded(event)  # notify queues its messages here, in this transaction
        for follow_action, follow_params in ctx.follow_ups:
            target = follow_params.pop("case", current)
            text = follow_params.pop("public_text", "")
            # Nested: the follow-up commits or rolls back with this action.
            transition(
                target, follow_action, Actor.system(), public_text=text, now=now, **follow_params
            )
    _copy_fields(current, case)
    return event


def open_case(
    case: Case,
    actor: Actor,
    *,
    data: dict[str, Any] | None = None,
    contacts: list[CaseContact] | None = None,
) -> CaseEvent:
    """Record the creation of a freshly saved case and queue its acknowledgements.

    ``contacts``: every contact the new case has (saves looking them up).
    """
    ctx = Context(actor, case.created_at, {})
    event = _append(case, CREATE, actor, "", ctx, data or {}, first=True)
    events.recorded(event, contacts=contacts)
    return event


def record_contact_view(case: Case, actor: Actor) -> CaseEvent:
    """Seeing a reporter's contact details is itself audited."""
    return transition(case, "contact_viewed", actor)


def _append(
    case: Case,
    action: str,
    actor: Actor,
    from_status: str,
    ctx: Context,
    data: dict[str, Any],
    first: bool = False,
) -> CaseEvent:
    last = None if first else (
        CaseEvent.objects.filter(case_id=case.pk)
        .order_by("-seq")
        .values_list("seq", "hash")
        .first()
    )
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, audit.GENESIS)
    event = CaseEvent(
        case=case,
        seq=seq,
        at=ctx.now,
        actor_kind=actor.kind,
        actor_user_id=actor.user_id,
        actor_label=actor.label[:200],
        action=action,
        from_status=from_status,
        to_status=case.status,
        public_text=ctx.public_text,
        internal_note=ctx.note,
        data=data,
        prev_hash=prev_hash,
    )
    event.hash = audit.hash_of(event, case.reference)
    event.save(force_insert=True)
    return event


def _copy_fields(source: Case, target: Case) -> None:
    if source is target:
        return
    for field in Case._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    # Cached related objects may be stale now.
    target._state.fields_cache.clear()
