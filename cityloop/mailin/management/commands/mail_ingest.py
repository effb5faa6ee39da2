from __future__ import annotations

import asyncio
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser

from cityloop.mailin import imap, spool
from cityloop.mailin.service import MailIngest
from cityloop.management import CityloopCommand


def host_port(text: str) -> tuple[str, int]:
    host, _sep, port = text.rpartition(":")
    if not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise CommandError(f"--smtp takes HOST:PORT, e.g. 127.0.0.1:2525, not {text!r}")
    return host.strip("[]"), int(port)


class Command(CityloopCommand):
    help = (
        "Receive citizens' reports by email: an SMTP server (--smtp, for the city's mail "
        "exchanger to forward to) and/or a mailbox polled over IMAP (--imap, default "
        "CITYLOOP_MAIL_IMAP_URL). Each message is stored before it is acknowledged, then "
        "becomes a case on the email channel, or an update when it replies to an email about "
        "a case. Stops cleanly on SIGTERM or Ctrl+C."
    )
    example = "cityloop mail-ingest --smtp 127.0.0.1:2525"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--smtp", default=None, metavar="HOST:PORT",
                            help="Listen for SMTP on this address (e.g. 127.0.0.1:2525).")
        parser.add_argument("--imap", default=None, metavar="URL",
                            help="Poll this mailbox: imaps://user:password@host/INBOX "
                                 "(default: CITYLOOP_MAIL_IMAP_URL).")
        parser.add_argument("--once", action="store_true",
                            help="Process stored mail and poll the mailbox once, then exit.")

    def handle(self, *args: Any, **options: Any) -> None:
        smtp = host_port(options["smtp"]) if options["smtp"] else None
        url = options["imap"] or settings.MAIL_IMAP_URL
        try:
            config = imap.parse_url(url) if url else None
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if options["once"]:
            done = spool.process_pending()
            taken = imap.poll(config) if config else 0
            self.stdout.write(f"{done} stored emails processed, {taken} taken from the mailbox")
            return
        if smtp is None and config is None:
            raise CommandError("give --smtp HOST:PORT, --imap URL (or CITYLOOP_MAIL_IMAP_URL)")
        asyncio.run(MailIngest(smtp=smtp, imap_config=config, say=self._say).run())
        self._say("stopped")

    def _say(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()
