"""The VAPID key pair for Web Push: made by ``migrate`` (a post_migrate hook), never at import.

``ensure_keys`` is idempotent; ``public_key`` is what a browser's
``pushManager.subscribe`` takes as ``applicationServerKey``.
"""

from __future__ import annotations

import base64
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid

from cityloop.notify.channels.webpush.models import PushKeys


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def new_pair() -> tuple[str, str]:
    """A fresh P-256 key pair: (private key as PEM, public key as base64url)."""
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    point = key.public_key().public_bytes(serialization.Encoding.X962,
                                          serialization.PublicFormat.UncompressedPoint)
    return pem, _b64url(point)


def ensure_keys(**_: Any) -> PushKeys:
    """The stored key pair, made on first use (connected to post_migrate)."""
    keys = PushKeys.objects.filter(pk=1).first()
    if keys is None:
        pem, public = new_pair()
        keys, _created = PushKeys.objects.get_or_create(
            pk=1, defaults={"private_pem": pem, "public_key": public})
    return keys


def public_key() -> str:
    """The public key for the subscribe page; "" before ``migrate`` made one."""
    keys = PushKeys.objects.filter(pk=1).only("public_key").first()
    return keys.public_key if keys else ""


def signer() -> Vapid | None:
    """The private key as pywebpush signs with it; None before ``migrate`` made one."""
    keys = PushKeys.objects.filter(pk=1).only("private_pem").first()
    return Vapid.from_pem(keys.private_pem.encode()) if keys else None
