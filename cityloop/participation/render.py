"""The verification code's message, rendered at send time by the worker (notify.hooks)."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from cityloop.conf.cityname import city_name
from cityloop.notify.channels.base import Outgoing
from cityloop.notify.models import Message
from cityloop.notify.render import render_text
from cityloop.participation import residents
from cityloop.participation.models import Channel, Verification


def render_code(message: Message) -> Outgoing:
    """The code pending for the message's address; if it was used or expired since, say so
    rather than send a dead code."""
    key = residents.identity(message.transport, message.target)
    pending = Verification.objects.filter(identity=key).first()
    with translation.override(message.language or settings.LANGUAGE_CODE):
        context = {"city": city_name(), "code": residents.code_of(pending) if pending else "",
                   "minutes": int(residents.CODE_VALID.total_seconds() // 60)}
        name = "sms" if message.transport == Channel.SMS else "email"
        text = render_text(f"participation/code_{name}.txt", context).strip()
        subject = _("%(city)s: your code to take part") % context
    return Outgoing(message.pk, message.kind, message.target, subject, text,
                    {"kind": message.kind})
