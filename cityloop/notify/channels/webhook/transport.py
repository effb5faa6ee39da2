"""Webhooks: a JSON POST of the event, signed with the channel's secret."""

from __future__ import annotations

import json

import requests
from django.conf import settings

from cityloop.notify.channels.base import Outgoing, Transport, TransportError
from cityloop.notify.channels.webhook.signing import HEADER, sign
from cityloop.registry import notification_transports

# Answers that will not change on retry; 408 and 429 are worth retrying.
PERMANENT_STATUSES = {400, 401, 403, 404, 405, 410, 413, 422}


@notification_transports.register(
    "webhook", "JSON POST to a URL, signed with HMAC-SHA256 (docs/webhooks.md)."
)
class WebhookTransport(Transport):
    kind = "webhook"

    def send(self, outgoing: Outgoing) -> None:
        body = json.dumps(outgoing.payload, ensure_ascii=False, sort_keys=True).encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "CityLoop-Webhook/1",
            "X-CityLoop-Event": outgoing.kind,
            "X-CityLoop-Delivery": str(outgoing.message_id),
        }
        if outgoing.secret:
            headers[HEADER] = sign(outgoing.secret, body)
        try:
            response = requests.post(
                outgoing.target,
                data=body,
                headers=headers,
                timeout=settings.WEBHOOK_TIMEOUT,
                allow_redirects=False,
            )
        except (
            requests.exceptions.InvalidURL,
            requests.exceptions.MissingSchema,
            requests.exceptions.InvalidSchema,
        ) as exc:
            raise TransportError(f"invalid URL: {exc}", permanent=True) from exc
        except requests.RequestException as exc:
            raise TransportError(f"could not reach the URL: {exc.__class__.__name__}") from exc
        if response.status_code >= 300:
            permanent = response.status_code in PERMANENT_STATUSES
            raise TransportError(
                f"HTTP {response.status_code}: {response.text[:200]}", permanent=permanent
            )
