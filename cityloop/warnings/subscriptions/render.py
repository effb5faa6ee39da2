"""A warning's message in its subscriber's language, shaped for the channel.

- email: the full text (headline, description, instruction, areas, times) and
  a link to the warning's page, with a one-click unsubscribe (RFC 8058);
- text message and Web Push: a short text and the link; the text message
  ends with its STOP link (one tap unsubscribes);
- webhook: the warning as JSON with its CAP 1.2 document, for community systems.

Rendered at send time by the worker (``notify.hooks.renderers``), like every
outbox message, so publishing never pays for templates.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from cityloop.conf.cityname import city_name
from cityloop.notify.channels.base import Outgoing
from cityloop.notify.links import one_click_headers
from cityloop.notify.models import Message
from cityloop.notify.render import render_text
from cityloop.warnings.subscriptions import optin, words
from cityloop.warnings.subscriptions.models import Channel, Subscription


def _subscription(message: Message) -> Subscription:
    assert message.warning_subscription_id is not None, "a warning message has a subscription"
    return Subscription.objects.prefetch_related("areas").get(pk=message.warning_subscription_id)


def render_confirmation(message: Message) -> Outgoing:
    """The confirmation email (a link) or text message (a code)."""
    subscription = _subscription(message)
    with translation.override(message.language or settings.LANGUAGE_CODE):
        context = {"city": city_name(), "areas": optin.area_names(subscription.areas.all()),
                   "confirm_url": optin.LINKS.confirm_url(subscription.pk),
                   "code": optin.sms_code(subscription) if subscription.channel == Channel.SMS
                   else ""}
        name = "sms" if subscription.channel == Channel.SMS else "email"
        text = render_text(f"warning_subscriptions/confirm_{name}.txt", context).strip()
        subject = _("%(city)s: confirm your warnings for %(areas)s") % context
    return Outgoing(message.pk, message.kind, message.target, subject, text,
                    {"kind": message.kind})


def render_warning(message: Message) -> Outgoing:
    subscription = _subscription(message)
    warning = words.warning_of(message)
    unsubscribe = optin.LINKS.unsubscribe_url(subscription.pk)
    with translation.override(message.language or settings.LANGUAGE_CODE):
        said = words.say(warning)
        context: dict[str, Any] = {"city": city_name(), "w": said,
                                   "unsubscribe_url": unsubscribe,
                                   "areas": optin.area_names(subscription.areas.all())}
        if subscription.channel in (Channel.SMS, Channel.WEBPUSH):
            text = render_text("warning_subscriptions/warning_short.txt", context).strip()
        else:
            text = render_text("warning_subscriptions/warning_email.txt", context)
        subject = said.subject
    payload: dict[str, Any] = {"kind": message.kind}
    headers: dict[str, str] = {}
    if subscription.channel == Channel.EMAIL:
        headers = one_click_headers(unsubscribe)
    elif subscription.channel == Channel.WEBHOOK:
        payload = words.webhook_payload(warning)
    elif subscription.channel == Channel.WEBPUSH:
        payload = {"keys": subscription.push_keys,
                   "notification": {"title": said.subject, "body": said.short,
                                    "url": said.url, "tag": warning.identifier,
                                    "lang": message.language}}
    return Outgoing(message.pk, message.kind, message.target, subject, text, payload,
                    subscription.secret, headers=headers)

