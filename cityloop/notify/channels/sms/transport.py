"""Text messages through the city's SMS gateway: one JSON POST per message.

The gateway is any HTTP service taking ``{"to", "from", "text", "reference"}``
(docs/deploy.md shows the shape; most commercial gateways, or a small adapter in
front of them, take it). ``CITYLOOP_SMS_GATEWAY_URL`` and, if it asks for one,
``CITYLOOP_SMS_GATEWAY_TOKEN`` (sent as a bearer token).
"""

from __future__ import annotations

import requests
from django.conf import settings

from cityloop.notify.channels.base import Outgoing, Transport, TransportError
from cityloop.notify.channels.webhook.transport import PERMANENT_STATUSES
from cityloop.registry import notification_transports

# A text message of more than this is cut: gateways split long ones into several
# paid parts, and a warning's short text fits in two.
MAX_CHARACTERS = 300


@notification_transports.register(
    "sms", "Text message as a JSON POST to the SMS gateway of CITYLOOP_SMS_GATEWAY_URL.")
class SmsTransport(Transport):
    kind = "sms"
    # Warning subscribers only: case contacts who left a phone number are not
    # texted, as a city without a gateway would see every such message fail.
    contact = ""

    def send(self, outgoing: Outgoing) -> None:
        if not settings.SMS_GATEWAY_URL:
            raise TransportError("no SMS gateway: set CITYLOOP_SMS_GATEWAY_URL")
        headers = {"User-Agent": "CityLoop-SMS/1",
                   "X-CityLoop-Delivery": str(outgoing.message_id)}
        if settings.SMS_GATEWAY_TOKEN:
            headers["Authorization"] = f"Bearer {settings.SMS_GATEWAY_TOKEN}"
        body = {"to": outgoing.target, "from": settings.SMS_SENDER,
                "text": outgoing.text[:MAX_CHARACTERS], "reference": str(outgoing.message_id)}
        try:
            response = requests.post(settings.SMS_GATEWAY_URL, json=body, headers=headers,
                                     timeout=settings.WEBHOOK_TIMEOUT, allow_redirects=False)
        except requests.RequestException as exc:
            raise TransportError(f"SMS gateway unreachable: {exc.__class__.__name__}") from exc
        if response.status_code >= 300:
            raise TransportError(f"SMS gateway HTTP {response.status_code}: "
                                 f"{response.text[:200]}",
                                 permanent=response.status_code in PERMANENT_STATUSES)
