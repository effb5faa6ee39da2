from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TriageConfig(AppConfig):
    name = "cityloop.triage"
    label = "triage"
    verbose_name = _("Triage")

    def ready(self) -> None:
        # Importing these registers the "similar" duplicate finder and the
        # "hotspots" and "hot_topics" periodic jobs, the admin pages, and the
        # "model" triage provider.
        from cityloop.triage import duplicates as _duplicates  # noqa: F401
        from cityloop.triage import hotspot_admin as _hotspot_admin  # noqa: F401
        from cityloop.triage import hotspots as _hotspots  # noqa: F401
        from cityloop.triage import provider as _provider  # noqa: F401
        from cityloop.triage import topics as _topics  # noqa: F401
