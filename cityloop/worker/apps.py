from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkerConfig(AppConfig):
    name = "cityloop.worker"
    label = "worker"
    verbose_name = _("Worker")

    def ready(self) -> None:
        from cityloop.worker import jobs  # noqa: F401  (registers the periodic jobs)
