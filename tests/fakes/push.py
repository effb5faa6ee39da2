"""A fake Web Push service, and a browser's side of a push subscription.

The push service is the webhook receiver (``tests/fakes/webhook.py``): pywebpush
POSTs the encrypted message to the subscription's endpoint. ``FakeBrowser``
makes the keys a browser would (P-256 key pair and a 16-byte auth secret) and
decrypts what arrived (RFC 8291, aes128gcm), so a test reads the notification
exactly as the service worker would.
"""

from __future__ import annotations

import base64
import json
import os
from typing import Any

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.fakes.webhook import FakeWebhook, ReceivedRequest


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class FakeBrowser:
    def __init__(self) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)

    def keys(self) -> dict[str, str]:
        point = self.key.public_key().public_bytes(serialization.Encoding.X962,
                                                   serialization.PublicFormat.UncompressedPoint)
        return {"p256dh": _b64(point), "auth": _b64(self.auth)}

    def read(self, request: ReceivedRequest) -> Any:
        """The notification a pushed request carries, decrypted as the browser does."""
        plain = http_ece.decrypt(request.body, private_key=self.key, auth_secret=self.auth,
                                 version="aes128gcm")
        return json.loads(plain)


class FakePushService(FakeWebhook):
    """Records every push; answer 410 to play a service that forgot the subscription."""
