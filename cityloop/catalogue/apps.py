from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "cityloop.catalogue"
    label = "catalogue"
    verbose_name = _("Catalogue and departments")

    def ready(self) -> None:
        from cityloop.catalogue import signals  # noqa: F401  (connects receivers)
