"""The active API clients, kept in memory: every Open311 or SensorThings request
with a key looks it up, and clients change a few times a year (cityloop/sharedcache.py).

A key's rate limit is counted by the doors that take it, through
``web.ratelimit.api_key_retry_after``: the counter rows belong to the web app,
and the domain imports no door.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from cityloop.cases.models.client import ApiClient, ApiClientRevision, hash_key
from cityloop.sharedcache import SharedCache


def _load() -> dict[str, ApiClient]:
    # Departments come along: the SensorThings write check reads them on every write.
    clients = ApiClient.objects.filter(active=True).prefetch_related("departments")
    return {c.key_hash: c for c in clients}


_clients = SharedCache(ApiClientRevision, _load)


def active() -> dict[str, ApiClient]:
    """Active clients by the hash of their key."""
    return _clients.get()


def authenticate(key: str) -> ApiClient | None:
    """The active client of ``key``, from this process's copy; None for an unknown,
    revoked or absurdly long key (never looked up)."""
    if not key or len(key) > 200:
        return None
    return active().get(hash_key(key))


def touch() -> None:
    """Say the clients changed; call after queryset updates, which send no signals."""
    _clients.touch()


def _changed(**_: Any) -> None:
    touch()


post_save.connect(_changed, sender=ApiClient, dispatch_uid="apiclients-saved")
post_delete.connect(_changed, sender=ApiClient, dispatch_uid="apiclients-deleted")
# The admin saves a client's departments after the client itself.
m2m_changed.connect(_changed, sender=ApiClient.departments.through,
                    dispatch_uid="apiclients-departments")
