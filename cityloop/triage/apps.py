from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "cityloop.triage"
    label = "triage"
    verbose_name = _("Triage")

    def ready(self) -> None:
        # Importing these registers the "similar" duplicate finder, the
        # "hotspots" and "hot_topics" periodic jobs and the "model" triage
        # provider (the admin pages are found by Django, triage/admin.py).
        from cityloop.triage.classifier import provider as _provider  # noqa: F401
        from cityloop.triage.duplicates import similar as _similar  # noqa: F401
        from cityloop.triage.hotspots import detection as _hotspots  # noqa: F401
        from cityloop.triage.topics import weekly as _topics  # noqa: F401
