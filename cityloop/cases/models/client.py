"""Applications that call our APIs with a key: Open311 apps, sensor gateways, later others.

A key does only what its scopes say (``SCOPES``): the citizen app of a
city submits reports, a river-gauge gateway writes the water department's
sensors, and neither can do the other's work. Each key is also held to a
number of requests a minute (``requests_per_minute``), counted in the
database so every web process shares the count (docs/api-keys.md).
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityloop.catalogue import snapshot

KEY_PREFIX = "cl_"

OPEN311 = "open311"
STA_READ = "sta:read"
STA_WRITE = "sta:write"
WARNINGS_PUBLISH = "warnings:publish"
API_READ = "api:read"
ADMIN = "admin"

# Every scope, in the order they are shown, with what it allows.
SCOPES: dict[str, Any] = {
    OPEN311: _("Open311: submit service requests, and read them with the key."),
    STA_READ: _("SensorThings: read private Things and everything reached through them."),
    STA_WRITE: _("SensorThings: create, change and delete sensor data; only the Things of the "
                 "departments chosen below, if any are chosen."),
    WARNINGS_PUBLISH: _("Publish, update and cancel public warnings through POST "
                        "/api/v1/warnings."),
    API_READ: _("Read CityLoop's JSON API with a key (reserved; today's JSON pages are public "
                "and take no key)."),
    ADMIN: _("Administrative API calls (reserved; no door takes it yet)."),
}
# What a key gets when nobody says otherwise: enough for a citizen app.
DEFAULT_SCOPES = (OPEN311,)
# What every key could do before keys had scopes: upgraded keys keep it
# (migration cases/0004), so a city's integrators do not break on upgrade.
LEGACY_SCOPES = (OPEN311, STA_READ, STA_WRITE)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def default_scopes() -> list[str]:
    return list(DEFAULT_SCOPES)


def clean_scopes(scopes: Iterable[str]) -> list[str]:
    """The scopes in their usual order, once each; ValidationError naming any unknown one."""
    given = list(scopes)
    unknown = [s for s in given if s not in SCOPES]
    if unknown:
        raise ValidationError(
            _("Unknown scope %(unknown)s; the scopes are %(known)s."),
            code="unknown_scope",
            params={"unknown": ", ".join(repr(str(s)) for s in unknown),
                    "known": ", ".join(SCOPES)},
        )
    return [s for s in SCOPES if s in given]


def validate_scopes(value: object) -> None:
    if not isinstance(value, list) or not all(isinstance(s, str) for s in value):
        raise ValidationError(_("Scopes are a list of scope names."), code="invalid_scopes")
    clean_scopes(value)


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
    # A JSON list rather than an array column: the same on SQLite and PostgreSQL.
    scopes = models.JSONField(
        _("scopes"), default=default_scopes, blank=True, validators=[validate_scopes],
        help_text=_("What the key may do; a request outside them is refused (403)."),
    )
    departments = models.ManyToManyField(
        "catalogue.Department", verbose_name=_("SensorThings departments"), blank=True,
        related_name="api_clients",
        help_text=_("With sta:write, the key writes only Things whose properties.department "
                    "is the code of one of these departments or of a unit below one, and "
                    "what belongs to those Things. None chosen: every Thing."),
    )
    rate_limit = models.PositiveIntegerField(
        _("requests per minute"), null=True, blank=True,
        help_text=_("Requests the key may make in a minute, counted across every web process; "
                    "more are answered 429. Empty: the default of its scopes "
                    "(CITYLOOP_API_RATE_*). 0: no limit."),
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
    def create(cls, name: str, contact_email: str = "", *,
               scopes: Iterable[str] = DEFAULT_SCOPES, rate_limit: int | None = None
               ) -> tuple[ApiClient, str]:
        """A new client and its key; the key is shown once and never stored."""
        key = KEY_PREFIX + secrets.token_urlsafe(30)
        client = cls.objects.create(
            name=name, key_hash=hash_key(key), key_hint=key[:10], contact_email=contact_email,
            scopes=clean_scopes(scopes), rate_limit=rate_limit,
        )
        return client, key

    def has_scope(self, scope: str) -> bool:
        assert scope in SCOPES, scope
        return isinstance(self.scopes, list) and scope in self.scopes

    def scope_list(self) -> str:
        return ", ".join(self.scopes) if self.scopes else "-"

    def department_codes(self) -> frozenset[str] | None:
        """Codes of the departments whose Things the key may write, units below included;
        None when it is not limited to departments."""
        chosen = [d.pk for d in self.departments.all()]  # prefetched for the in-memory copy
        if not chosen:
            return None
        snap = snapshot.current()
        tree = snap.tree_of(set(chosen))
        return frozenset(snap.departments[pk].code for pk in tree if pk in snap.departments)

    def requests_per_minute(self) -> int:
        """Its own limit, else the largest default of its scopes; 0 means no limit."""
        if self.rate_limit is not None:
            return int(self.rate_limit)
        defaults = settings.API_RATE_LIMITS
        limits = [defaults[s] for s in self.scopes or () if s in defaults]
        if not limits:
            return int(defaults[OPEN311])
        return 0 if 0 in limits else max(limits)


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
