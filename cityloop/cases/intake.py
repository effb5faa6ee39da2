"""The built-in intake channels, registered on ``registry.intake_channels``.

The value registered is the actor kind a report from that channel is
recorded under when no more specific actor is given.
"""

from __future__ import annotations

from cityloop.cases.models import ActorKind, Channel
from cityloop.registry import intake_channels

BUILT_IN = {
    Channel.WEB: (ActorKind.CITIZEN, "The citizen report form (/report/)."),
    Channel.OPEN311: (ActorKind.CLIENT, "Open311 GeoReport v2 POST requests from client apps."),
    Channel.STAFF: (ActorKind.STAFF, "A call-centre operator or officer filing for a caller."),
    Channel.SENSOR: (ActorKind.SYSTEM, "A sensor rule's alert (sensing app)."),
    Channel.HOTSPOT: (ActorKind.SYSTEM, "A cluster of citizen reports found by triage."),
    Channel.EMAIL: (ActorKind.CITIZEN, "A report received by email."),
}

for _code, (_actor_kind, _doc) in BUILT_IN.items():
    intake_channels.register(str(_code), _doc)(str(_actor_kind))
