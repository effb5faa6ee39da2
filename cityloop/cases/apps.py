from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cityloop.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        # Register the built-in intake channels and triage seam entries.
        from django.db.models.signals import post_migrate

        # audit_checkpoints and sla: their periodic jobs (the worker runs them).
        from cityloop.cases import (  # noqa: F401
            apiclients,
            audit_checkpoints,
            intake,
            sla,
            suggest,
        )
        from cityloop.cases.roles import ensure_roles

        post_migrate.connect(ensure_roles, sender=self)
