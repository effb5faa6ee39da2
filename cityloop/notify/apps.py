from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "cityloop.notify"
    label = "notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Register the built-in transports (one package per channel kind).
        from cityloop.notify.channels.email import transport as _email  # noqa: F401
        from cityloop.notify.channels.webhook import transport as _webhook  # noqa: F401
        from cityloop.notify.models import NotificationChannel
        from cityloop.notify.outbox import channels_changed

        post_save.connect(channels_changed, sender=NotificationChannel, dispatch_uid="channels")
        post_delete.connect(channels_changed, sender=NotificationChannel,
                            dispatch_uid="channels-deleted")
