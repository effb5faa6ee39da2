from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WarningSubscriptionsConfig(AppConfig):
    name = "cityloop.warnings.subscriptions"
    label = "warning_subscriptions"
    verbose_name = _("Warning subscriptions")

    def ready(self) -> None:
        from cityloop.notify import hooks
        from cityloop.notify.models import Kind
        from cityloop.warnings.subscriptions import jobs as _jobs  # noqa: F401 (its job)
        from cityloop.warnings.subscriptions import optin, reach, render

        # The outbox renders warning messages with our code and tells us of each
        # delivery, without notify importing the warnings (notify/hooks.py).
        hooks.renderers[Kind.WARNING] = render.render_warning
        hooks.renderers[Kind.WARNING_CONFIRM] = render.render_confirmation
        hooks.message_sent.connect(reach.on_message_sent, dispatch_uid="warning-first-sent")
        hooks.message_failed.connect(optin.on_message_failed, dispatch_uid="warning-push-gone")
