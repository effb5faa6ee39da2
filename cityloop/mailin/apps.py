from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailinConfig(AppConfig):
    name = "cityloop.mailin"
    label = "mailin"
    verbose_name = _("Reports by email")

    def ready(self) -> None:
        # The spool's periodic job: the worker retries mail that mail-ingest stored
        # but could not turn into a case (it crashed, or the database was away).
        from cityloop.mailin import spool  # noqa: F401
