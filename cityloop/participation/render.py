"""The verification code's message, rendered at send time by the worker (notify.hooks)."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cityloop.conf.cityname import city_name
from cityloop.notify.channels.base import Outgoing
from cityloop.notify.models import Message
from cityloop.notify.render import render_text
from cityloop.participation import residents
from cityloop.participation.models import Channel, EventKind, ProposalStatus, Verification


def render_code(message: Message) -> Outgoing:
    """The code pending for the message's address; if it was used or expired since, say so
    rather than send a dead code."""
    key = residents.identity(message.transport, message.target)
    pending = Verification.objects.filter(identity=key).first()
    with translation.override(message.language or settings.LANGUAGE_CODE):
        left = (pending.created_at + residents.CODE_VALID - timezone.now()) if pending else None
        context = {"city": city_name(), "code": residents.code_of(pending) if pending else "",
                   "minutes": max(1, int(left.total_seconds() // 60)) if left else 0}
        name = "sms" if message.transport == Channel.SMS else "email"
        text = render_text(f"participation/code_{name}.txt", context).strip()
        subject = _("%(city)s: your code to take part") % context
    return Outgoing(message.pk, message.kind, message.target, subject, text,
                    {"kind": message.kind})


def render_answer(message: Message) -> Outgoing:
    """The city's answer to the author's proposal: its status, the text, the page."""
    assert message.participation_event is not None, "an answer message names its event"
    proposal = message.participation_event.proposal
    assert proposal is not None, "an answer event names its proposal"
    status = message.participation_event.data.get("status", proposal.status)
    with translation.override(message.language or settings.LANGUAGE_CODE):
        hidden = message.participation_event.kind == EventKind.HIDDEN
        context = {"city": city_name(), "title": proposal.title, "hidden": hidden,
                   "reason": message.participation_event.reason,
                   "status": ProposalStatus(status).label, "answer": proposal.answer,
                   "url": f"{settings.PUBLIC_URL}/participate/proposals/{proposal.pk}/"}
        name = "sms" if message.transport == Channel.SMS else "email"
        text = render_text(f"participation/answer_{name}.txt", context).strip()
        subject = (_("Your proposal “%(title)s” was hidden") if hidden
                   else _("%(city)s answered your proposal “%(title)s”")) % context
    return Outgoing(message.pk, message.kind, message.target, subject, text,
                    {"kind": message.kind, "proposal": proposal.pk, "status": status})
