"""CaseEvent: the append-only, hash-chained history of a case."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityloop.cases import audit_key
from cityloop.cases.models.case import Case


class ActorKind(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    STAFF = "staff", _("Staff")
    SYSTEM = "system", _("CityLoop")
    CLIENT = "client", _("API client")


class AppendOnly(Exception):
    pass


class EventQuerySet(models.QuerySet["CaseEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnly("case events are append-only")

    def delete(self) -> NoReturn:
        raise AppendOnly("case events are append-only")


class CaseEvent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField(_("number"))
    at = models.DateTimeField(_("time"))
    actor_kind = models.CharField(_("actor kind"), max_length=10, choices=ActorKind.choices)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The actor as shown in the timeline; part of the hash, so a renamed
    # user does not rewrite history.
    actor_label = models.CharField(_("actor"), max_length=200)
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=12, blank=True)
    to_status = models.CharField(_("to"), max_length=12, blank=True)
    public_text = models.TextField(_("public update"), blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True)
    # HMAC of ``hash`` under the audit key (cityloop/cases/audit_key.py): a
    # chain rewritten and re-hashed by someone without the key fails it.
    # Empty only for events recorded without a key.
    mac = models.CharField(max_length=64, blank=True, default="")

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["case", "seq"], name="event_seq_unique"),
        ]
        indexes = [models.Index(fields=["at"], name="event_at")]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnly("case events are append-only")
        if self.hash and not self.mac and audit_key.has_key():
            self.mac = audit_key.event_mac(self.hash)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnly("case events are append-only")

    @property
    def is_public(self) -> bool:
        """Shown on the public timeline: a status change or a public update."""
        return bool(self.public_text) or self.from_status != self.to_status
