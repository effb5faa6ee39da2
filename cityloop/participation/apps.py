from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "cityloop.participation"
    label = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        # Registering the intake channel, the renderer and the periodic job is what
        # these imports do (notify and the worker import nothing of this app).
        from cityloop.cases import events
        from cityloop.notify import hooks
        from cityloop.notify.models import Kind
        from cityloop.participation import carried, intake, jobs, render  # noqa: F401

        events.subscribe("participation.carried", carried.on_case_event)

        hooks.renderers[Kind.PARTICIPATION_CODE] = render.render_code
        hooks.renderers[Kind.PROPOSAL_ANSWERED] = render.render_answer
