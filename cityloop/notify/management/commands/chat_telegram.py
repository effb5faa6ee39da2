from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from cityloop.management import CityloopCommand
from cityloop.notify.channels.base import TransportError
from cityloop.notify.chat.telegram.client import BotApi

# What Telegram accepts as a secret token: 1-256 of these characters.
SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class Command(CityloopCommand):
    help = (
        "Tell Telegram where to post the updates of the city's bot (setWebhook), with the "
        "secret of CITYLOOP_TELEGRAM_WEBHOOK_SECRET; the bot is CITYLOOP_TELEGRAM_BOT_TOKEN's "
        "(docs/chat.md)."
    )
    example = "cityloop chat-telegram set-webhook https://city.example/chat/telegram/webhook/"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        hook = sub.add_parser("set-webhook", help="Point the bot's updates at URL (HTTPS)")
        hook.add_argument("url",
                          help="The webhook's public address, ending /chat/telegram/webhook/")

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["url"]
        if not settings.TELEGRAM_BOT_TOKEN:
            raise CommandError("CITYLOOP_TELEGRAM_BOT_TOKEN is not set: BotFather gives it.")
        secret = settings.TELEGRAM_WEBHOOK_SECRET
        if not SECRET.fullmatch(secret):
            raise CommandError("CITYLOOP_TELEGRAM_WEBHOOK_SECRET must be 1-256 letters, digits, "
                               "'_' or '-' (e.g. the output of `openssl rand -hex 32`).")
        if not url.startswith("https://"):
            raise CommandError(f"Telegram posts only to HTTPS addresses, not {url}")
        try:
            BotApi().set_webhook(url, secret)
        except TransportError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(f"Telegram will post the bot's updates to {url}")
