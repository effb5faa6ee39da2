from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SensingConfig(AppConfig):
    name = "cityloop.sensing"
    label = "sensing"
    verbose_name = _("Sensing")

    def ready(self) -> None:
        # Rule kinds, indicator sources, periodic jobs, the MQTT publisher, signals:
        # imported here because wiring's own imports need the models loaded.
        from cityloop.sensing import wiring

        wiring.connect()
