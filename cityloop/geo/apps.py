from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "cityloop.geo"
    label = "geo"
    verbose_name = _("Areas")

    def ready(self) -> None:
        from cityloop.geo import signals  # noqa: F401  (connects receivers)
