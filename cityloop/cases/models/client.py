"""Applications that call our APIs with a key (Open311 POST, later others)."""

from __future__ import annotations

import hashlib
import secrets
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_PREFIX = "cl_"


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


class ApiClient(models.Model):
    """An integrator's application; only a hash of its key is stored."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    key_hint = models.CharField(
        _("key starts with"), max_length=12, editable=False, help_text=_("To recognise a key.")
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    active = models.BooleanField(
        _("active"), default=True, help_text=_("Untick to refuse this client's key.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def create(cls, name: str, contact_email: str = "") -> tuple[ApiClient, str]:
        """A new client and its key; the key is shown once and never stored."""
        key = KEY_PREFIX + secrets.token_urlsafe(30)
        client = cls.objects.create(
            name=name, key_hash=hash_key(key), key_hint=key[:10], contact_email=contact_email
        )
        return client, key

    @classmethod
    def authenticate(cls, key: str) -> ApiClient | None:
        """The active client of ``key``, from the in-process copy (cases.apiclients)."""
        if not key or len(key) > 200:
            return None
        from cityloop.cases import apiclients

        return apiclients.active().get(hash_key(key))


class ApiClientRevision(models.Model):
    """One row whose token changes whenever an API client is added, changed or revoked.

    Every API write looks its key up; processes keep the active clients in
    memory (cases.apiclients) and reload them when this token changes, so a
    revoked key stops working everywhere within CITYLOOP_CACHE_CHECK_SECONDS.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("API client revision")

    def __str__(self) -> str:
        return str(self.token)
