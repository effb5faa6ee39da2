"""A tiny SMTP server served in-process on a thread, for email transport tests.

It speaks just enough of RFC 5321 for ``smtplib`` (and so Django's SMTP
backend): EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT. A test can make it
refuse a recipient with any reply code (550 "no such user", 450 greylisting)
and read back every message it accepted. Stop it, and its port refuses
connections: a mail server that is down.
"""

from __future__ import annotations

import email
import email.policy
import re
import socketserver
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

_ADDRESS = re.compile(r"<([^>]*)>")


@dataclass(frozen=True)
class ReceivedMail:
    mail_from: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.data, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def body(self) -> str:
        part = self.message.get_body(preferencelist=("plain",))
        assert part is not None
        return str(part.get_content())


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        fake = self.server.fake
        self.reply("220 fake.smtp.test ESMTP CityLoop test server")
        mail_from, recipients = "", list[str]()
        while True:
            raw = self.rfile.readline(65537)
            if not raw:
                return
            verb, _, arg = raw.decode("utf-8", "replace").rstrip("\r\n").partition(" ")
            verb = verb.upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 fake.smtp.test")
            elif verb == "MAIL":
                mail_from, recipients = _address(arg), []
                self.reply("250 OK")
            elif verb == "RCPT":
                address = _address(arg)
                refusal = fake.refusal_for(address)
                if refusal:
                    self.reply(f"{refusal[0]} {refusal[1]}")
                else:
                    recipients.append(address)
                    self.reply("250 OK")
            elif verb == "DATA":
                if not recipients:
                    self.reply("503 No valid recipients")
                    continue
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                fake.received(ReceivedMail(mail_from, recipients, self._read_data()))
                self.reply("250 OK: queued")
            elif verb in ("RSET", "NOOP"):
                if verb == "RSET":
                    mail_from, recipients = "", []
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")

    def _read_data(self) -> bytes:
        lines = []
        while True:
            line = self.rfile.readline(1_000_000)
            if not line or line in (b".\r\n", b".\n"):
                break
            lines.append(line[1:] if line.startswith(b"..") else line)  # dot-unstuffing
        return b"".join(lines)


def _address(arg: str) -> str:
    found = _ADDRESS.search(arg)
    return found.group(1) if found else arg.split(":", 1)[-1].strip()


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    fake: FakeSMTPServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that hung up mid-conversation is not the test's business


class FakeSMTPServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.messages: list[ReceivedMail] = []
        self._refused: dict[str, tuple[int, str]] = {}
        self._lock = threading.Lock()
        self._server = _Server((host, 0), _Handler)
        self._server.fake = self
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> FakeSMTPServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        """Shut down; connecting to ``port`` is refused from now on."""
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    def refuse(self, address: str, code: int = 550, text: str = "5.1.1 No such user") -> None:
        with self._lock:
            self._refused[address.lower()] = (code, text)

    def refusal_for(self, address: str) -> tuple[int, str] | None:
        with self._lock:
            return self._refused.get(address.lower())

    def received(self, mail: ReceivedMail) -> None:
        with self._lock:
            self.messages.append(mail)

    def to(self, address: str) -> list[ReceivedMail]:
        with self._lock:
            return [m for m in self.messages if address in m.recipients]
