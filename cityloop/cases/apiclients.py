"""The active API clients, kept in memory: every Open311 or SensorThings write
looks its key up, and clients change a few times a year (cityloop/sharedcache.py)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from cityloop.cases.models.client import ApiClient, ApiClientRevision
from cityloop.sharedcache import SharedCache


def _load() -> dict[str, ApiClient]:
    return {c.key_hash: c for c in ApiClient.objects.filter(active=True)}


_clients = SharedCache(ApiClientRevision, _load)


def active() -> dict[str, ApiClient]:
    """Active clients by the hash of their key."""
    return _clients.get()


def touch() -> None:
    """Say the clients changed; call after queryset updates, which send no signals."""
    _clients.touch()


def _changed(**_: Any) -> None:
    touch()


post_save.connect(_changed, sender=ApiClient, dispatch_uid="apiclients-saved")
post_delete.connect(_changed, sender=ApiClient, dispatch_uid="apiclients-deleted")
