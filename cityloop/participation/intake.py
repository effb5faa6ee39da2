"""The ``participation`` intake channel: the case that carries out an accepted proposal."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cityloop.registry import IntakeChannel, intake_channels

PARTICIPATION = IntakeChannel("proposal", _("Accepted proposal"), "staff",
                              "The work that carries out a residents' proposal accepted by "
                              "the city (docs/participation.md).")
intake_channels.register(PARTICIPATION.key, PARTICIPATION.description)(PARTICIPATION)
