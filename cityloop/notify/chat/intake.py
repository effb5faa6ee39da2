"""The ``chat`` intake channel: reports filed through a chat conversation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from cityloop.registry import IntakeChannel, intake_channels

CHAT = IntakeChannel("chat", _("Chat"), "citizen",
                     "A report made in a conversation with the city's chat assistant "
                     "(Telegram; docs/chat.md).")
intake_channels.register(CHAT.key, CHAT.description)(CHAT)
