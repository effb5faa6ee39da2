"""Which messages a case event calls for; written in the event's own transaction.

Nothing is sent here: rows are queued, and ``cityloop worker`` claims and
sends them. Citizens hear about the moments that matter to them (received,
answered, resolved, rejected, merged); departments about work arriving and
work running late.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from django.conf import settings
from django.contrib.auth import get_user_model

from cityloop.cases.models import Case, CaseContact, CaseEvent, ContactRole
from cityloop.catalogue.models import Department
from cityloop.notify.models import ChannelRevision, Kind, Message, NotificationChannel
from cityloop.registry import notification_transports
from cityloop.sharedcache import SharedCache

# Event action -> what the people following the case are told.
FOLLOWER_KINDS = {
    "resolve": Kind.CASE_RESOLVED,
    "reject": Kind.CASE_REJECTED,
    "mark_duplicate": Kind.CASE_DUPLICATE,
    "comment": Kind.CASE_UPDATE,
}
# Event action -> what the handling department is told.
DEPARTMENT_KINDS = {
    "create": Kind.NEW_CASE,
    "forward": Kind.NEW_CASE,
    "join": Kind.NEW_CASE,
    "reopen": Kind.CASE_REOPENED,
    "mark_overdue": Kind.CASE_OVERDUE,
    "escalate": Kind.CASE_ESCALATED,
}
SUPERVISOR_KINDS = (Kind.CASE_OVERDUE, Kind.CASE_ESCALATED)
REROUTING = ("recategorise", "relocate")
HANDOVERS = ("forward", "join", *REROUTING)

_local = threading.local()
Person = TypeVar("Person")  # a case contact or a user: whoever a transport may reach


def _load_channels() -> list[NotificationChannel]:
    return list(NotificationChannel.objects.filter(enabled=True).order_by("id"))


_channels = SharedCache(ChannelRevision, _load_channels)


def enabled_channels() -> list[NotificationChannel]:
    """Every enabled channel; a few dozen rows read by every event, kept in memory."""
    return _channels.get()


def channels_changed(**kwargs: object) -> None:
    if not kwargs.get("raw"):
        _channels.touch()


@contextlib.contextmanager
def suppressed() -> Iterator[None]:
    """Queue nothing inside this block (synthetic history in the demo)."""
    previous = getattr(_local, "suppressed", False)
    _local.suppressed = True
    try:
        yield
    finally:
        _local.suppressed = previous


def is_suppressed() -> bool:
    return bool(getattr(_local, "suppressed", False))


def enqueue_for_event(
    event: CaseEvent, contacts: list[CaseContact] | None = None
) -> list[Message]:
    """Queue the messages ``event`` calls for. ``contacts``: the case's contacts
    when the caller has them at hand (a case just created), saving a query."""
    if getattr(_local, "suppressed", False):
        return []
    case = event.case
    messages: list[Message] = []
    told = _told_contacts(event)
    if told is not None:
        contact_kind, roles = told
        messages += _to_contacts(event, contact_kind, roles=roles, known=contacts)
    kind = DEPARTMENT_KINDS.get(event.action)
    if event.action in REROUTING and "to_department" in event.data:
        kind = Kind.NEW_CASE  # a correction moved the case to another department
    department = _department_for(event, case) if kind else case.department
    # City-wide channels heard of the case when it was created; a move
    # between departments is news only to the receiving department.
    citywide = event.action not in HANDOVERS
    messages += _to_channels(event, kind, department, case.department, citywide)
    if kind in SUPERVISOR_KINDS:
        messages += _to_supervisors(event, kind, department)
    return Message.objects.bulk_create(messages) if messages else []


def on_event_recorded(event: CaseEvent, *, contacts: list[CaseContact] | None) -> None:
    """The ``cases.events`` listener (subscribed in ``NotifyConfig.ready``): queue what
    ``event`` calls for, in the transaction that recorded it."""
    # ``enqueue_for_event`` is looked up at each call, not bound when subscribing, and
    # called as the lifecycle called it before cases.events existed (``contacts`` only
    # when there are some), so code and tests that replace it keep working.
    if contacts is None:
        enqueue_for_event(event)
    else:
        enqueue_for_event(event, contacts=contacts)


def enqueue_for_channels(
    event: CaseEvent, kind: str, channels: Iterable[NotificationChannel]
) -> list[Message]:
    """Queue ``event`` as ``kind`` to each of ``channels`` (a sensor rule's own channels).

    Those channels hear of the rule's alerts whatever department they serve;
    a channel that already has a message about this event (its department's
    new-case message, say) does not get a second one, nor does a disabled one.
    """
    if getattr(_local, "suppressed", False):
        return []
    wanted = [channel for channel in channels if channel.enabled]
    if not wanted:
        return []
    already = set(
        Message.objects.filter(event=event, channel__isnull=False).values_list(
            "channel_id", flat=True
        )
    )
    messages = [
        _new(event, kind, channel.kind, channel.target, channel.language, channel)
        for channel in wanted
        if channel.pk not in already
    ]
    return Message.objects.bulk_create(messages) if messages else []


def _new(event: CaseEvent, kind: str, transport: str, target: str, language: str,
         channel: NotificationChannel | None = None) -> Message:
    return Message(
        kind=kind,
        case_id=event.case_id,
        event=event,
        transport=transport,
        target=target,
        channel=channel,
        language=language or settings.LANGUAGE_CODE,
        next_attempt_at=event.at,
        created_at=event.at,
    )


def reaching_transports() -> list[tuple[str, str]]:
    """(transport key, contact detail it needs) for every registered transport that
    reaches people, e.g. ("email", "email"), ("sms", "phone"); in key order."""
    return [(entry.key, entry.value.contact) for entry in notification_transports
            if entry.value.contact]


def _reach(event: CaseEvent, kind: str, people: Iterable[Person],
           language: Callable[[Person], str]) -> list[Message]:
    """One message per transport that can reach each person with a contact detail
    they gave, once per transport and address (a person who follows twice, or
    two contacts with one address, hear once)."""
    transports = reaching_transports()
    seen: set[tuple[str, str]] = set()
    out = []
    for person in people:
        for transport, detail in transports:
            address = getattr(person, detail, "")
            if not isinstance(address, str) or not address.strip():
                continue
            if (transport, address.strip().lower()) not in seen:
                seen.add((transport, address.strip().lower()))
                out.append(_new(event, kind, transport, address, language(person)))
    return out


def _told_contacts(event: CaseEvent) -> tuple[str, tuple[str, ...] | None] | None:
    """What the case's own contacts are sent for ``event``, and which roles of them
    (None: every contact), or None when the event tells them nothing."""
    if event.action == "create":
        return Kind.ACKNOWLEDGEMENT, (ContactRole.REPORTER,)
    if event.action in FOLLOWER_KINDS:
        return FOLLOWER_KINDS[event.action], None
    return None


def emails_told(event: CaseEvent, known: list[CaseContact] | None = None) -> set[str]:
    """The email addresses (lower case) the case's own contacts are written to for
    ``event``: following by email skips them, so nobody hears of one change twice."""
    told = _told_contacts(event)
    if told is None:
        return set()
    emails = {c.email.strip().lower() for c in _contacts(event, told[1], known)}
    return emails - {""}


def _contacts(event: CaseEvent, roles: tuple[str, ...] | None,
              known: list[CaseContact] | None) -> Iterable[CaseContact]:
    if known is not None:
        return [c for c in known if roles is None or c.role in roles]
    query = CaseContact.objects.filter(case_id=event.case_id).order_by("created_at", "id")
    return query.filter(role__in=roles) if roles is not None else query


def _to_contacts(event: CaseEvent, kind: str, roles: tuple[str, ...] | None,
                 known: list[CaseContact] | None = None) -> list[Message]:
    return _reach(event, kind, _contacts(event, roles, known), lambda contact: contact.language)


def _department_for(event: CaseEvent, case: Case) -> Department | None:
    if event.action == "join":
        return Department.objects.filter(code=event.data.get("department")).first()
    if event.action == "escalate":
        return case.escalated_to or case.department
    return case.department


def _to_channels(event: CaseEvent, kind: Kind | None, department: Department | None,
                 home: Department, citywide: bool = True) -> list[Message]:
    """Messages to channels: ``kind`` to ``department``'s (and to city-wide
    ones when ``citywide``), and every event to channels subscribed to all
    events of the case's own department or of the whole city."""
    wanted = {None} | {d.pk for d in (department, home) if d is not None}
    out = []
    for channel in enabled_channels():
        if channel.department_id not in wanted:
            continue
        events = channel.events or []
        own = department is not None and channel.department_id == department.pk
        in_scope = own or (channel.department_id is None and citywide)
        if kind and kind in events and in_scope:
            out.append(_new(event, kind, channel.kind, channel.target, channel.language, channel))
        if Kind.CASE_EVENT in events and channel.department_id in (None, home.pk):
            out.append(_new(event, Kind.CASE_EVENT, channel.kind, channel.target,
                            channel.language, channel))
    return out


def _to_supervisors(event: CaseEvent, kind: str, department: Department | None) -> list[Message]:
    if department is None:
        return []
    users = get_user_model().objects.filter(supervised_departments=department, is_active=True)
    # A user has no language of their own here: the city's default is used.
    return _reach(event, kind, users.order_by("id"), lambda user: "")
