from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class NotifyConfig(AppConfig):
    name = "cityloop.notify"
    label = "notify"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # Register the built-in transports (one package per channel kind).
        from django.db.models.signals import post_migrate

        from cityloop.cases import events
        from cityloop.notify.channels.email import transport as _email  # noqa: F401
        from cityloop.notify.channels.sms import transport as _sms  # noqa: F401
        from cityloop.notify.channels.webhook import transport as _webhook  # noqa: F401
        from cityloop.notify.channels.webpush import keys as push_keys
        from cityloop.notify.channels.webpush import transport as _webpush  # noqa: F401

        # Reports by chat: the intake channel, the transport and the platforms (notify.chat).
        from cityloop.notify.chat import abandoned as _chat_abandoned  # noqa: F401 (its job)
        from cityloop.notify.chat import intake as _chat_intake  # noqa: F401
        from cityloop.notify.chat import transport as _chat  # noqa: F401
        from cityloop.notify.chat.telegram import platform as _telegram  # noqa: F401
        from cityloop.notify.checks import transports_reach_a_known_contact
        from cityloop.notify.follow import digest as _digest  # noqa: F401 (registers its job)
        from cityloop.notify.follow.matching import on_event_recorded as tell_followers
        from cityloop.notify.models import NotificationChannel
        from cityloop.notify.outbox import channels_changed, on_event_recorded

        # Every case event queues its messages in its own transaction; the cases app
        # does not import notify (docs/architecture.md, the direction of the imports).
        events.subscribe("notify.outbox", on_event_recorded)
        events.subscribe("notify.follow", tell_followers)
        post_save.connect(channels_changed, sender=NotificationChannel, dispatch_uid="channels")
        post_delete.connect(channels_changed, sender=NotificationChannel,
                            dispatch_uid="channels-deleted")
        checks.register(transports_reach_a_known_contact)
        # The VAPID key pair is made by migrate, once; importing makes nothing.
        post_migrate.connect(push_keys.ensure_keys, sender=self, dispatch_uid="vapid-keys")
