from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkerConfig(AppConfig):
    name = "cityloop.worker"
    label = "worker"
    verbose_name = _("Worker")

    # No ready(): the apps that own periodic jobs register them; the worker runs them.
