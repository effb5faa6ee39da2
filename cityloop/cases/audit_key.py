"""Signing with the audit key, which lives outside the database (docs/audit.md).

Kept apart from ``cityloop.cases.audit`` so that the models can sign an
event as they save it without importing the verification code.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings

NO_KEY = (
    "CityLoop has no audit key: set CITYLOOP_AUDIT_KEY or CITYLOOP_AUDIT_KEY_FILE, "
    "or run `cityloop migrate` once to create DATA_DIR/audit.key."
)


class NoAuditKey(Exception):
    pass


def has_key() -> bool:
    return bool(settings.AUDIT_KEY)


def sign(purpose: str, message: str) -> str:
    """HMAC-SHA256 of ``message`` under the audit key, hex; ``purpose`` keeps uses apart."""
    key = settings.AUDIT_KEY
    if not key:
        raise NoAuditKey(NO_KEY)
    payload = f"cityloop-{purpose}\n{message}".encode("utf-8", "surrogatepass")
    return hmac.new(key.encode("utf-8"), payload, hashlib.sha256).hexdigest()


def check(purpose: str, message: str, signature: str) -> bool:
    return bool(signature) and hmac.compare_digest(sign(purpose, message), signature)


def event_mac(event_hash: str) -> str:
    """An event's signature: over its hash, which already covers its content and link."""
    return sign("event", event_hash)
