"""Turning an outbox row into words (email) or JSON (webhook), in the recipient's language.

Rendering happens at send time, in the worker, so the web request that
queued the message never pays for templates.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.template import Context, Engine
from django.template.backends.django import get_installed_libraries
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cityloop.cases.actions import action_label
from cityloop.cases.audit import canonical_time
from cityloop.cases.models import Case, CaseEvent, Status
from cityloop.conf.cityname import city_name
from cityloop.notify import replyto
from cityloop.notify.channels.base import Outgoing
from cityloop.notify.models import Kind, Message
from cityloop.registry import notification_transports

# What the case's own contacts are sent: a reply to one of these adds to the case.
CITIZEN_KINDS = (Kind.ACKNOWLEDGEMENT, Kind.CASE_UPDATE, Kind.CASE_RESOLVED,
                 Kind.CASE_REJECTED, Kind.CASE_DUPLICATE)


@cache
def text_engine() -> Engine:
    """The templates of plain-text messages, without HTML escaping.

    An email's text part is not HTML: escaped, a description such as
    ``Mind the "big" hole & <the> kerb`` would arrive as ``&quot;big&quot;
    &amp; &lt;the&gt;``. The notify templates are found in the apps'
    ``templates`` folders, like the site's own.
    """
    return Engine(app_dirs=True, autoescape=False, libraries=get_installed_libraries())


def render_text(template: str, context: dict[str, Any]) -> str:
    return text_engine().get_template(template).render(Context(context, autoescape=False))


def _subject(kind: str, case: Case) -> str:
    subjects = {
        Kind.ACKNOWLEDGEMENT: _("We received your report %(ref)s"),
        Kind.CASE_UPDATE: _("Update on your report %(ref)s"),
        Kind.CASE_RESOLVED: _("Your report %(ref)s has been resolved"),
        Kind.CASE_REJECTED: _("Your report %(ref)s has been closed"),
        Kind.CASE_DUPLICATE: _("Your report %(ref)s was merged with an existing case"),
        Kind.NEW_CASE: _("New case %(ref)s: %(category)s"),
        Kind.CASE_REOPENED: _("Case %(ref)s reopened: %(category)s"),
        Kind.CASE_OVERDUE: _("Overdue: case %(ref)s (%(category)s)"),
        Kind.CASE_ESCALATED: _("Escalated: case %(ref)s (%(category)s)"),
        Kind.CASE_EVENT: _("Case %(ref)s: %(category)s"),
    }
    template = subjects.get(Kind(kind), subjects[Kind.CASE_EVENT])
    return template % {"ref": case.reference, "category": case.category.display_name}


def tracking_url(case: Case) -> str:
    return f"{settings.PUBLIC_URL}/track/{case.tracking_token}/"


def staff_url(case: Case) -> str:
    return f"{settings.PUBLIC_URL}/staff/cases/{case.reference}/"


def case_payload(case: Case) -> dict[str, Any]:
    """The case as integrators see it: no reporter contact details."""
    return {
        "service_request_id": case.reference,
        "status": case.open311_status,
        "detailed_status": case.status,
        "service_code": case.category.service_code,
        "service_name": case.category.name,
        "description": case.description,
        "priority": case.priority,
        "department": case.department.code,
        "area": case.area.code if case.area else None,
        "lat": case.lat,
        "long": case.lon,
        "address": case.address,
        "requested_datetime": case.created_at.isoformat(),
        "updated_datetime": case.updated_at.isoformat(),
        "expected_datetime": case.due_at.isoformat(),
        "url": staff_url(case),
    }


def event_payload(event: CaseEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "action": event.action,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "at": canonical_time(event.at),
        "actor": event.actor_label,
        "public_text": event.public_text,
        "hash": event.hash,
    }


def _transport(key: str) -> object:
    return notification_transports.get(key) if key in notification_transports else None


def render(message: Message) -> Outgoing:
    assert message.case_id is not None, "a follower's message is rendered by follow.render"
    case = (
        Case.objects.select_related("category", "department", "area").get(pk=message.case_id)
    )
    event = message.event
    to_citizen = message.channel_id is None and message.kind in CITIZEN_KINDS
    headers = replyto.headers(case.reference, message.pk) if to_citizen else {}
    with translation.override(message.language or settings.LANGUAGE_CODE):
        context = {
            "case": case,
            "event": event,
            "city": city_name(),  # in the message's language
            "status_label": Status(case.status).label,
            "action_label": action_label(event.action) if event else "",
            "tracking_url": tracking_url(case),
            "staff_url": staff_url(case),
            "due": timezone.localtime(case.due_at),
            "place": case.address or (case.area.display_name if case.area else ""),
            # A reply reaches the case (cityloop.mailin): say so, and ask for a
            # missing location that way.
            "can_reply": "Reply-To" in headers,
            "located": case.lat is not None,
            # A chat asks for the rating with buttons of its own (notify.chat.transport).
            "rating_asked_by_channel": getattr(_transport(message.transport), "asks_rating",
                                               False),
        }
        template = f"notify/{message.kind}.txt"
        text = render_text(template, context)
        subject = _subject(message.kind, case)
    payload = {
        "kind": message.kind,
        "case": case_payload(case),
        "event": event_payload(event) if event else None,
    }
    # A channel's address may have been corrected since the message was
    # queued: send to where the channel points now.
    target = message.channel.target if message.channel else message.target
    secret = message.channel.secret if message.channel else ""
    return Outgoing(message.pk, message.kind, target, subject, text, payload, secret,
                    headers=headers)
