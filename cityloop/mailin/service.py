"""The ``mail-ingest`` process: the SMTP server and/or the IMAP poller, and the spool.

On start it processes whatever an earlier run stored and did not finish.
Messages are stored by the thread that received them and processed one at a
time by one thread (each in its own transaction), so a flood of mail queues
in the spool instead of in memory. SIGTERM or Ctrl+C stops it between
messages.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.conf import settings
from django.db import close_old_connections

from cityloop.mailin import imap, spool
from cityloop.mailin.smtp import Envelope, SmtpServer
from cityloop.notify.replyto import mail_domain

log = logging.getLogger(__name__)
T = TypeVar("T")


def _with_fresh_connection(work: Callable[[], T]) -> T:
    """Run ``work`` in a thread of ours as Django runs a request: dropping a
    connection the database has closed, before and after."""
    close_old_connections()
    try:
        return work()
    finally:
        close_old_connections()


def store_envelope(envelope: Envelope) -> int:
    return _with_fresh_connection(lambda: spool.store(
        envelope.data, mail_from=envelope.mail_from, recipients=envelope.recipients,
        via="smtp"))


def recipient_ok(address: str) -> bool:
    """With CITYLOOP_MAIL_ADDRESS set, only its domain's mail is taken: the server
    is no relay, and mail for others is refused at RCPT rather than stored."""
    if not settings.MAIL_ADDRESS:
        return True
    return address.rpartition("@")[2].lower() == mail_domain().lower()


class MailIngest:
    def __init__(self, *, smtp: tuple[str, int] | None, imap_config: imap.ImapConfig | None,
                 say: Callable[[str], None] = log.info) -> None:
        self.smtp_address = smtp
        self.imap_config = imap_config
        self.say = say
        self.stopping = asyncio.Event()
        self.processor = ThreadPoolExecutor(1, thread_name_prefix="mail-process")
        self.smtp: SmtpServer | None = None
        self.bound: tuple[str, int] | None = None

    def process(self, pk: int) -> None:
        self.processor.submit(_with_fresh_connection, lambda: spool.process_one(pk))

    async def run(self, ready: Callable[[MailIngest], None] = lambda service: None) -> None:
        loop = asyncio.get_running_loop()
        for number in (signal.SIGINT, signal.SIGTERM):
            # Only the main thread may handle signals (tests run the service in another).
            with contextlib.suppress(RuntimeError, ValueError):
                loop.add_signal_handler(number, self.stopping.set)
        left = await loop.run_in_executor(
            self.processor, _with_fresh_connection, spool.process_pending)
        if left:
            self.say(f"processed {left} stored emails left by an earlier run")
        if self.smtp_address:
            self.smtp = SmtpServer(store_envelope, max_bytes=settings.MAIL_MAX_BYTES,
                                   hostname=socket.getfqdn(), recipient_ok=recipient_ok,
                                   on_stored=self.process)
            self.bound = await self.smtp.start(*self.smtp_address)
            self.say(f"SMTP server on {self.bound[0]}:{self.bound[1]}")
        poller = asyncio.create_task(self._poll()) if self.imap_config else None
        ready(self)
        await self.stopping.wait()
        if self.smtp:
            await self.smtp.stop()
        if poller:
            poller.cancel()
        self.processor.shutdown(wait=True)

    async def _poll(self) -> None:
        config = self.imap_config
        assert config is not None
        self.say(f"polling {config} every {settings.MAIL_POLL_SECONDS} s")
        while not self.stopping.is_set():
            try:
                count = await asyncio.get_running_loop().run_in_executor(
                    self.processor, _with_fresh_connection, lambda: imap.poll(config))
                if count:
                    self.say(f"{count} emails taken from {config}")
            except Exception as exc:  # the mail server is down: say so, try next time
                log.warning("polling %s failed: %s", config, exc)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), settings.MAIL_POLL_SECONDS)
