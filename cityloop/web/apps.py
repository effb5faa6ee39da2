from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "cityloop.web"
    label = "web"
    verbose_name = _("Web")

    def ready(self) -> None:
        # pending: its periodic job deletes photos kept for report forms never sent.
        from cityloop.web.citizen import pending  # noqa: F401
