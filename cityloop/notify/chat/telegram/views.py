"""The webhook Telegram posts every update to (``setWebhook``; docs/chat.md).

It checks the secret Telegram sends back in ``X-Telegram-Bot-Api-Secret-Token``,
answers the update (the conversation, then the replies, sent once its
transaction is committed) and always says 200 to Telegram once the update is
its: Telegram retries an update until it gets a 2xx, so a failure here is
logged and answered, never a loop of retries and never a 500. A retried
update is recognised by its ``update_id`` and answered with nothing.
"""

from __future__ import annotations

import hmac
import json
import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from cityloop.notify.channels.base import TransportError
from cityloop.notify.chat import conversation, texts
from cityloop.notify.chat.platforms import Reply
from cityloop.notify.chat.telegram import updates
from cityloop.notify.chat.telegram.client import BotApi
from cityloop.notify.chat.telegram.platform import KEY, Telegram

log = logging.getLogger(__name__)
HEADER = "X-Telegram-Bot-Api-Secret-Token"


def _answer(status: int, description: str) -> JsonResponse:
    return JsonResponse({"ok": status == 200, "description": description}, status=status)


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> JsonResponse:
    secret = settings.TELEGRAM_WEBHOOK_SECRET
    if not settings.TELEGRAM_BOT_TOKEN or not secret:
        return _answer(404, "reports by chat are not set up")
    given = request.headers.get(HEADER, "")
    if not hmac.compare_digest(given.encode(), secret.encode()):
        return _answer(403, "wrong or missing secret token")
    try:
        update = json.loads(request.body)
    except (ValueError, RequestDataTooBig):
        return _answer(400, "the body is not a Telegram update")
    if not isinstance(update, dict) or not isinstance(update.get("update_id"), int):
        return _answer(400, "the body is not a Telegram update")
    try:
        process(update)
    except Exception:  # a bug must not make Telegram retry the update forever
        log.exception("telegram update %s failed", update.get("update_id"))
    return _answer(200, "")


def process(update: dict[str, object]) -> None:
    api = BotApi()
    parsed = updates.parse(update, api)
    if parsed is None:
        return
    try:
        replies = conversation.handle(KEY, parsed.incoming)
    except Exception:  # nothing was saved (one transaction): the person may simply try again
        log.exception("telegram update %s failed", update.get("update_id"))
        with translation.override(conversation.language_for(parsed.incoming.language)):
            replies = [Reply(texts.something_went_wrong())]
    platform = Telegram()
    try:
        if parsed.callback_id:
            api.answer_callback(parsed.callback_id)
        for reply in replies:
            platform.send(parsed.incoming.chat_id, reply)
    except TransportError as exc:
        log.warning("telegram reply to update %s: %s", update.get("update_id"), exc.message)
