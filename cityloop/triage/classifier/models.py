"""Trained versions of the category and priority classifier, and which one is active.

Imported from ``cityloop/triage/models.py``, so the models belong to the
``triage`` app and its migrations. The files of each version live under
``DATA_DIR/models/triage/<version>/`` (``triage.classifier.store``); the row says it
exists, what it scored, and whether it is the one in use.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class TriageModel(models.Model):
    version = models.CharField(_("version"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("trained"))
    active = models.BooleanField(_("active"), default=False)
    examples = models.PositiveIntegerField(_("training examples"), default=0)
    # Cross-validated scores: {"macro_f1": ..., "accuracy": ..., ...}.
    metrics = models.JSONField(_("metrics"), default=dict, blank=True)

    class Meta:
        verbose_name = _("triage model")
        verbose_name_plural = _("triage models")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["active"], condition=models.Q(active=True),
                                    name="triage_model_one_active"),
        ]

    def __str__(self) -> str:
        return self.version


class TriageModelRevision(models.Model):
    """One row whose token changes whenever another model version becomes active.

    Web and worker processes keep the active model in memory
    (``triage.classifier.store``) and load the new one when this token changes: a model
    trained on any machine is in use everywhere without a restart.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("triage model revision")

    def __str__(self) -> str:
        return str(self.token)
