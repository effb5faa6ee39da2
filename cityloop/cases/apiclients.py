"""The active API clients, kept in memory: every Open311 or SensorThings request
with a key looks it up, and clients change a few times a year (cityloop/sharedcache.py).

``admit`` is what every door does with a key it was sent: count the request
against the key's rate limit, shared by every web process.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from cityloop.cases.models.client import ApiClient, ApiClientRevision
from cityloop.sharedcache import SharedCache

# A key's limit is per minute (ApiClient.rate_limit says so to the admin).
RATE_WINDOW_SECONDS = 60


def _load() -> dict[str, ApiClient]:
    # Departments come along: the SensorThings write check reads them on every write.
    clients = ApiClient.objects.filter(active=True).prefetch_related("departments")
    return {c.key_hash: c for c in clients}


_clients = SharedCache(ApiClientRevision, _load)


def active() -> dict[str, ApiClient]:
    """Active clients by the hash of their key."""
    return _clients.get()


def touch() -> None:
    """Say the clients changed; call after queryset updates, which send no signals."""
    _clients.touch()


def retry_after(client: ApiClient) -> int:
    """Count one request of ``client``: 0 when it is within the key's limit, else the
    seconds until the key may ask again (the ``Retry-After`` of a 429).

    Call it outside the request's transaction: a refused request must still count,
    and the counter's row must not stay locked while the request runs.
    """
    from cityloop.web import ratelimit  # the counters are the web app's Throttle rows

    limit = client.requests_per_minute()
    if limit <= 0:
        return 0
    key = f"apikey:{client.pk}"
    if ratelimit.allow(key, limit, RATE_WINDOW_SECONDS):
        return 0
    return ratelimit.retry_after(key, RATE_WINDOW_SECONDS)


def _changed(**_: Any) -> None:
    touch()


post_save.connect(_changed, sender=ApiClient, dispatch_uid="apiclients-saved")
post_delete.connect(_changed, sender=ApiClient, dispatch_uid="apiclients-deleted")
# The admin saves a client's departments after the client itself.
m2m_changed.connect(_changed, sender=ApiClient.departments.through,
                    dispatch_uid="apiclients-departments")
