"""The SMTP server of ``cityloop mail-ingest --smtp``: receives mail, answers in SMTP.

The protocol is aiosmtpd's (RFC 5321 with SIZE, 8BITMIME and SMTPUTF8:
EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, VRFY, HELP, QUIT): a well-kept,
widely used library parses commands, paths, dot-stuffing and over-long lines
better than a loop written here would, and leaves this module only what is
CityLoop's. It runs behind the city's mail exchanger (which does TLS, spam
filtering and delivery), so it offers no STARTTLS or AUTH of its own.

What is CityLoop's: ``accept`` is called in a thread with each complete
message and must store it before returning: only then is ``250`` sent, so
nothing is lost once a client has heard it; if it raises, ``451`` (the
sender keeps the message and tries again). Mail for a recipient that
``recipient_ok`` refuses gets ``550``. A message over the size limit is
refused with ``552`` when the client announces its size
(``MAIL FROM:<…> SIZE=n``), else once the limit is passed (aiosmtpd reads the
rest and drops it): it is never kept. aiosmtpd logs every command, addresses
included, on its ``mail.log`` logger at INFO; the settings keep that logger
at WARNING, so no address reaches the logs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, AnyStr

from aiosmtpd.smtp import SMTP, Session
from aiosmtpd.smtp import Envelope as SmtpEnvelope

log = logging.getLogger(__name__)

MAX_RECIPIENTS = 100
# RFC 5321 allows 1000 characters (aiosmtpd's default, past which it refuses the
# message); some clients send far longer lines of HTML in DATA.
LINE_LIMIT = 1024 * 1024
IDLE_SECONDS = 300  # RFC 5321 §4.5.3.2: at least 5 minutes


@dataclass
class Envelope:
    mail_from: str = ""
    recipients: list[str] = field(default_factory=list)
    data: bytes = b""


# Store the envelope (in a thread); return its id. Raise to answer 451 (try later).
Accept = Callable[[Envelope], int]
# Whether mail to this recipient is taken (else 550).
Recipient = Callable[[str], bool]


class SmtpServer:
    def __init__(self, accept: Accept, *, max_bytes: int, hostname: str = "cityloop",
                 recipient_ok: Recipient = lambda address: True,
                 on_stored: Callable[[int], None] = lambda pk: None,
                 idle_seconds: float = IDLE_SECONDS) -> None:
        self.accept = accept
        self.max_bytes = max_bytes
        self.hostname = hostname
        self.recipient_ok = recipient_ok
        self.on_stored = on_stored
        self.idle_seconds = idle_seconds
        self.server: asyncio.Server | None = None

    @property
    def too_large(self) -> str:
        megabytes = self.max_bytes // (1024 * 1024)
        return f"552 5.3.4 Message too big: the limit is {megabytes} MB"

    async def start(self, host: str, port: int) -> tuple[str, int]:
        loop = asyncio.get_running_loop()
        handler = _Handler(self)
        self.server = await loop.create_server(lambda: _Smtp(
            handler, too_large=self.too_large, data_size_limit=self.max_bytes,
            enable_SMTPUTF8=True, hostname=self.hostname, ident="ESMTP CityLoop",
            timeout=self.idle_seconds, loop=loop), host, port)
        address = self.server.sockets[0].getsockname()
        return str(address[0]), int(address[1])

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()


class _Smtp(SMTP):
    """aiosmtpd's session, with CityLoop's line limit and its wording of ``552``."""

    line_length_limit = LINE_LIMIT

    def __init__(self, handler: _Handler, *, too_large: str, **options: Any) -> None:
        super().__init__(handler, **options)
        self.too_large = too_large

    async def push(self, status: AnyStr) -> None:
        # aiosmtpd's two 552s (SIZE= too large, too much data) name neither the
        # limit nor an enhanced status code: a sender's bounce should say both.
        if isinstance(status, str) and status.startswith("552 "):
            await super().push(self.too_large)
        else:
            await super().push(status)

    async def smtp_STARTTLS(self, arg: str) -> None:
        # Not offered (the mail exchanger does TLS): aiosmtpd's "454 TLS not available"
        # would tell a sender to try again later, for ever.
        await self.push('500 5.5.1 Command "STARTTLS" not recognised')


class _Handler:
    """aiosmtpd's hooks: each returns the reply to send, and fills the envelope
    itself when it accepts."""

    def __init__(self, server: SmtpServer) -> None:
        self.server = server

    async def handle_MAIL(self, smtp: SMTP, session: Session, envelope: SmtpEnvelope,
                          address: str, mail_options: list[str]) -> str:
        # aiosmtpd takes a bare word ("MAIL FROM: nobody"): nobody could be answered.
        # An empty path (a bounce) stays "<>": processing then never answers it.
        if address != "<>" and "@" not in address:
            return "501 5.5.4 Syntax: MAIL FROM:<address>"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 2.1.0 OK"

    async def handle_RCPT(self, smtp: SMTP, session: Session, envelope: SmtpEnvelope,
                          address: str, rcpt_options: list[str]) -> str:
        if len(envelope.rcpt_tos) >= MAX_RECIPIENTS:
            return "452 4.5.3 Too many recipients"
        if not self.server.recipient_ok(address):
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, smtp: SMTP, session: Session, envelope: SmtpEnvelope) -> str:
        received = Envelope(mail_from=envelope.mail_from or "<>",
                            recipients=list(envelope.rcpt_tos),
                            data=envelope.original_content or b"")
        try:
            pk = await asyncio.to_thread(self.server.accept, received)
        except Exception:
            log.exception("could not store a received message")
            return "451 4.3.0 Could not store the message, try again later"
        # Stored and committed: processing may start as the client hears 250.
        self.server.on_stored(pk)
        return f"250 2.0.0 OK: queued as {pk}"

    async def handle_exception(self, error: Exception) -> str:
        # Never let one connection take the server down; the sender tries again.
        log.error("SMTP session failed", exc_info=error)
        return "451 4.3.0 Internal error, try again later"
