"""Web Push (RFC 8030, 8291, 8292): a notification to a browser through its push service.

``outgoing.target`` is the push service's endpoint the browser gave,
``outgoing.payload["keys"]`` its public key and auth secret; the payload
(title, body, url) is encrypted for that browser and signed with the city's
VAPID key (``keys``, made by ``migrate``). The
service worker ``/static/web/warnings-sw.js`` shows it.
"""

from __future__ import annotations

import json

import requests
from django.conf import settings
from pywebpush import WebPushException, webpush

from cityloop.notify.channels.base import Outgoing, Transport, TransportError
from cityloop.notify.channels.webpush import keys
from cityloop.registry import notification_transports

# A push service answering these has forgotten the subscription: it will never work again.
GONE = {404, 410}
TTL_SECONDS = 12 * 3600  # a warning older than this when the phone wakes up is not shown


@notification_transports.register(
    "webpush", "Browser notification through the browser's push service (Web Push, VAPID).")
class WebPushTransport(Transport):
    kind = "webpush"

    def send(self, outgoing: Outgoing) -> None:
        signer = keys.signer()
        if signer is None:
            raise TransportError("no VAPID key: run `cityloop migrate`", permanent=True)
        data = json.dumps(outgoing.payload.get("notification", {}), ensure_ascii=False)
        try:
            webpush({"endpoint": outgoing.target, "keys": outgoing.payload.get("keys", {})},
                    data=data, vapid_private_key=signer,
                    vapid_claims={"sub": settings.WEBPUSH_CONTACT},
                    timeout=settings.WEBHOOK_TIMEOUT, ttl=TTL_SECONDS)
        except WebPushException as exc:
            status = exc.response.status_code if exc.response is not None else 0
            raise TransportError(f"push service: {exc.message[:200]}",
                                 permanent=status in GONE or status in (400, 403, 413)) from exc
        except requests.RequestException as exc:
            raise TransportError(f"push service unreachable: {exc.__class__.__name__}") from exc
        except (ValueError, TypeError) as exc:  # keys a browser never made
            raise TransportError(f"unusable push subscription: {exc}", permanent=True) from exc
