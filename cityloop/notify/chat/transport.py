"""The ``chat`` notification transport: the outbox's messages to the chat a report came from.

A case contact's ``chat`` is ``<platform>:<chat id>``; the transport hands the
message to that platform. A resolution carries the rating question with
buttons 1–5 (``rating``), in the conversation's language.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from cityloop.notify.channels.base import Outgoing, Transport, TransportError
from cityloop.notify.chat import rating, texts
from cityloop.notify.chat.models import Conversation
from cityloop.notify.chat.platforms import Reply, chat_platforms, split_address
from cityloop.notify.models import Kind
from cityloop.registry import notification_transports


@notification_transports.register(
    "chat", "Messages to the chat a citizen reported from (Telegram; docs/chat.md).")
class ChatTransport(Transport):
    kind = "chat"
    contact = "chat"  # reaches citizens whose contact has a chat (CaseContact.chat)
    asks_rating = True  # the resolution's rating question is buttons here, not a link

    def send(self, outgoing: Outgoing) -> None:
        platform, chat_id = split_address(outgoing.target)
        if platform not in chat_platforms:
            raise TransportError(f"no chat platform {platform or outgoing.target!r}",
                                 permanent=True)
        chat_platforms.get(platform)().send(chat_id, self.reply(outgoing, platform, chat_id))

    @staticmethod
    def reply(outgoing: Outgoing, platform: str, chat_id: str) -> Reply:
        """The message's own text; for a resolution, the rating question under it."""
        if outgoing.kind != Kind.CASE_RESOLVED:
            return Reply(outgoing.text.strip())
        reference = str((outgoing.payload.get("case") or {}).get("service_request_id", ""))
        language = (Conversation.objects.filter(platform=platform, chat_id=chat_id)
                    .values_list("language", flat=True).first()) or settings.LANGUAGE_CODE
        with translation.override(language):
            question = texts.rating_question()
        return Reply(f"{outgoing.text.strip()}\n\n{question}", rating.buttons(reference))
