from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WarningsConfig(AppConfig):
    name = "cityloop.warnings"
    label = "warnings"
    verbose_name = _("Public warnings")

    def ready(self) -> None:
        # The subscribers' fan-out and the sensor-alert listener connect on import.
        from cityloop.warnings import fanout, triggers  # noqa: F401
        from cityloop.warnings.roles import ensure_duty_officer

        post_migrate.connect(ensure_duty_officer, sender=self)
