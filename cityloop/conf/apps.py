from django.apps import AppConfig


class ConfConfig(AppConfig):
    """Project-wide plumbing that belongs to no domain app."""

    name = "cityloop.conf"
    label = "conf"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from cityloop.conf.postgres import use_fast_timestamp_loader

        connection_created.connect(use_fast_timestamp_loader, dispatch_uid="fast-timestamptz")
