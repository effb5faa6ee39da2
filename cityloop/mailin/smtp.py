"""The SMTP server of ``cityloop mail-ingest --smtp``: receives mail, answers in SMTP.

It speaks what a mail server relaying to it needs (RFC 5321 with SIZE,
8BITMIME and SMTPUTF8): EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, VRFY, HELP,
QUIT. It runs behind the city's mail exchanger (which does TLS, spam
filtering and delivery), so it offers no STARTTLS or AUTH of its own.

Written on asyncio's streams rather than ``aiosmtpd``, which is not among
CityLoop's dependencies: the protocol is small, and the part that matters —
the size limit and "store before 250" — is CityLoop's either way. ``accept``
is called in a thread with each complete message and must store it before
returning: only then is ``250`` sent, so nothing is lost once a client has
heard it. A message over the size limit is refused with ``552`` when the
client announces its size (``MAIL FROM:<…> SIZE=n``), else as soon as the
limit is passed; the rest of it is read and discarded, never kept.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

MAX_RECIPIENTS = 100
# RFC 5321 allows 1000 characters; some clients send far longer lines of HTML in DATA.
LINE_LIMIT = 1024 * 1024
IDLE_SECONDS = 300  # RFC 5321 §4.5.3.2: at least 5 minutes
TOO_LONG = b"\x00"  # what readline returns for a line past LINE_LIMIT
_PATH = re.compile(r"^(?:FROM|TO):\s*<([^>]*)>(.*)$", re.IGNORECASE)
_SIZE = re.compile(r"\bSIZE=(\d+)", re.IGNORECASE)


@dataclass
class Envelope:
    mail_from: str = ""
    recipients: list[str] = field(default_factory=list)
    data: bytes = b""


# Store the envelope (in a thread); return its id. Raise to answer 451 (try later).
Accept = Callable[[Envelope], int]
# Whether mail to this recipient is taken (else 550).
Recipient = Callable[[str], bool]


class TooLarge(Exception):
    pass


class SmtpServer:
    def __init__(self, accept: Accept, *, max_bytes: int, hostname: str = "cityloop",
                 recipient_ok: Recipient = lambda address: True,
                 on_stored: Callable[[int], None] = lambda pk: None) -> None:
        self.accept = accept
        self.max_bytes = max_bytes
        self.hostname = hostname
        self.recipient_ok = recipient_ok
        self.on_stored = on_stored
        self.server: asyncio.Server | None = None

    async def start(self, host: str, port: int) -> tuple[str, int]:
        self.server = await asyncio.start_server(self._session, host, port, limit=LINE_LIMIT)
        address = self.server.sockets[0].getsockname()
        return str(address[0]), int(address[1])

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        session = _Session(self, reader, writer)
        try:
            await session.run()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass  # the client hung up
        except TimeoutError:
            await session.reply("421 4.4.2 Idle too long, closing")
        except Exception:  # never let one connection take the server down
            log.exception("SMTP session failed")
            await session.reply("421 4.3.0 Internal error, try again later")
        finally:
            writer.close()


class _Session:
    def __init__(self, server: SmtpServer, reader: asyncio.StreamReader,
                 writer: asyncio.StreamWriter) -> None:
        self.server, self.reader, self.writer = server, reader, writer
        self.envelope: Envelope | None = None

    async def reply(self, line: str) -> None:
        try:
            self.writer.write(line.encode() + b"\r\n")
            await self.writer.drain()
        except ConnectionError:
            pass

    async def readline(self) -> bytes:
        """One line with its ending; b"" at the end of the connection; ``TOO_LONG``
        for a line past LINE_LIMIT (its bytes are read and dropped)."""
        return await asyncio.wait_for(self._line(), IDLE_SECONDS)

    async def _line(self) -> bytes:
        try:
            return await self.reader.readuntil(b"\n")
        except asyncio.IncompleteReadError as exc:  # the client hung up mid-line
            return exc.partial
        except asyncio.LimitOverrunError as exc:
            overrun = exc.consumed
        while True:  # drop the long line up to and with its end
            await self.reader.readexactly(overrun)
            try:
                await self.reader.readuntil(b"\n")
                return TOO_LONG
            except asyncio.IncompleteReadError:
                return b""
            except asyncio.LimitOverrunError as exc:
                overrun = exc.consumed

    async def run(self) -> None:
        await self.reply(f"220 {self.server.hostname} ESMTP CityLoop")
        while True:
            raw = await self.readline()
            if not raw:
                return
            if raw == TOO_LONG:
                await self.reply("500 5.5.2 Line too long")
                continue
            verb, _sep, arg = raw.decode("utf-8", "replace").rstrip("\r\n").partition(" ")
            handler = getattr(self, f"do_{verb.upper()}", None)
            if handler is None:
                await self.reply("500 5.5.1 Command not recognised")
            elif await handler(arg.strip()) is False:
                return

    async def do_EHLO(self, arg: str) -> None:
        self.envelope = None
        await self.reply(f"250-{self.server.hostname}\r\n250-SIZE {self.server.max_bytes}\r\n"
                         "250-8BITMIME\r\n250-SMTPUTF8\r\n250 HELP")

    async def do_HELO(self, arg: str) -> None:
        self.envelope = None
        await self.reply(f"250 {self.server.hostname}")

    async def do_MAIL(self, arg: str) -> None:
        found = _PATH.match(arg)
        if not found or not arg.upper().startswith("FROM:"):
            return await self.reply("501 5.5.4 Syntax: MAIL FROM:<address>")
        if self.envelope is not None:
            return await self.reply("503 5.5.1 Nested MAIL command")
        size = _SIZE.search(found.group(2))
        if size and int(size.group(1)) > self.server.max_bytes:
            return await self.reply(self._too_large())
        # An empty path (a bounce) is kept as "<>": processing then never answers it.
        self.envelope = Envelope(mail_from=found.group(1) or "<>")
        await self.reply("250 2.1.0 OK")

    async def do_RCPT(self, arg: str) -> None:
        found = _PATH.match(arg)
        if self.envelope is None:
            return await self.reply("503 5.5.1 Need MAIL first")
        if not found or not arg.upper().startswith("TO:") or not found.group(1):
            return await self.reply("501 5.5.4 Syntax: RCPT TO:<address>")
        if len(self.envelope.recipients) >= MAX_RECIPIENTS:
            return await self.reply("452 4.5.3 Too many recipients")
        if not self.server.recipient_ok(found.group(1)):
            return await self.reply("550 5.1.1 No such mailbox here")
        self.envelope.recipients.append(found.group(1))
        await self.reply("250 2.1.5 OK")

    async def do_DATA(self, arg: str) -> None:
        envelope = self.envelope
        if envelope is None or not envelope.recipients:
            return await self.reply("503 5.5.1 Need RCPT first")
        await self.reply("354 End data with <CR><LF>.<CR><LF>")
        self.envelope = None
        try:
            envelope.data = await self._read_data()
        except TooLarge:
            return await self.reply(self._too_large())
        try:
            pk = await asyncio.to_thread(self.server.accept, envelope)
        except Exception:
            log.exception("could not store a received message")
            return await self.reply("451 4.3.0 Could not store the message, try again later")
        await self.reply(f"250 2.0.0 OK: queued as {pk}")
        self.server.on_stored(pk)

    async def _read_data(self) -> bytes:
        """The message up to the lone dot, dot-unstuffed; ``TooLarge`` once past the limit
        (the rest is still read, so that the session can go on)."""
        lines: list[bytes] = []
        size, too_large = 0, False
        while True:
            line = await self.readline()
            if not line:
                raise ConnectionError("client hung up in DATA")
            if line in (b".\r\n", b".\n"):
                break
            if line == TOO_LONG:  # a line past LINE_LIMIT: the message cannot be whole
                too_large, lines = True, []
            if line.startswith(b"."):
                line = line[1:]
            size += len(line)
            if size > self.server.max_bytes:
                too_large, lines = True, []
            if not too_large:
                lines.append(line)
        if too_large:
            raise TooLarge
        return b"".join(lines)

    def _too_large(self) -> str:
        megabytes = self.server.max_bytes // (1024 * 1024)
        return f"552 5.3.4 Message too big: the limit is {megabytes} MB"

    async def do_RSET(self, arg: str) -> None:
        self.envelope = None
        await self.reply("250 2.0.0 OK")

    async def do_NOOP(self, arg: str) -> None:
        await self.reply("250 2.0.0 OK")

    async def do_VRFY(self, arg: str) -> None:
        await self.reply("252 2.5.2 Cannot verify, but will accept")

    async def do_HELP(self, arg: str) -> None:
        await self.reply("214 2.0.0 EHLO HELO MAIL RCPT DATA RSET NOOP VRFY QUIT")

    async def do_QUIT(self, arg: str) -> bool:
        await self.reply("221 2.0.0 Bye")
        return False
