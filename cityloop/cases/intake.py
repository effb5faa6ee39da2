"""The built-in intake channels, registered on ``registry.intake_channels``.

The registry, not ``Case.channel``, says which channels exist: a city's app
registers its own (``IntakeChannel("chat", _("Chat"), "citizen")``) and it is
accepted by ``submit``, shown with its label and offered in every filter,
with no migration. Pages and admin filters take their choices from here.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cityloop.cases.models import ActorKind, Channel
from cityloop.registry import IntakeChannel, intake_channels

BUILT_IN = [
    IntakeChannel(Channel.WEB, _("Web form"), ActorKind.CITIZEN,
                  "The citizen report form (/report/)."),
    IntakeChannel(Channel.OPEN311, _("Open311 API"), ActorKind.CLIENT,
                  "Open311 GeoReport v2 POST requests from client apps."),
    IntakeChannel(Channel.STAFF, _("Staff on behalf of a caller"), ActorKind.STAFF,
                  "A call-centre operator or officer filing for a caller."),
    IntakeChannel(Channel.SENSOR, _("Sensor alert"), ActorKind.SYSTEM,
                  "A sensor rule's alert (sensing app)."),
    IntakeChannel(Channel.HOTSPOT, _("Hotspot of reports"), ActorKind.SYSTEM,
                  "A cluster of citizen reports found by triage."),
    IntakeChannel(Channel.EMAIL, _("Email"), ActorKind.CITIZEN, "A report received by email."),
]

for _channel in BUILT_IN:
    intake_channels.register(_channel.key, _channel.description)(_channel)


def channel_choices() -> list[tuple[str, str]]:
    """(key, label) of every registered channel, for forms and filters; read at each
    call, so a channel registered after this module was imported is offered too."""
    return [(entry.key, str(entry.value.label)) for entry in intake_channels]
