"""Webhook signatures: HMAC-SHA256 over the timestamp and the body.

Header ``X-CityLoop-Signature: t=<unix seconds>,v1=<hex digest>`` where the
digest is ``HMAC_SHA256(secret, f"{t}.{raw body}")``. A receiver recomputes
it with the shared secret, compares in constant time and refuses timestamps
older than a few minutes (replays). docs/webhooks.md shows a receiver.
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "X-CityLoop-Signature"
TOLERANCE_SECONDS = 300


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    t = int(time.time()) if timestamp is None else timestamp
    digest = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={digest}"


def verify(secret: str, body: bytes, header: str, now: int | None = None) -> bool:
    """True when ``header`` is a valid, fresh signature of ``body``."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        t = int(fields["t"])
        given = fields["v1"]
    except (KeyError, ValueError):
        return False
    current = int(time.time()) if now is None else now
    if abs(current - t) > TOLERANCE_SECONDS:
        return False
    expected = sign(secret, body, t).split("v1=", 1)[1]
    return hmac.compare_digest(expected, given)
