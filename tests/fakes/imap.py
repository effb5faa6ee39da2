"""A tiny IMAP4rev1 server served in-process on a thread, for the mail poller's tests.

One mailbox, one user. It speaks what ``imaplib`` sends for polling:
CAPABILITY, LOGIN, SELECT, UID SEARCH UNSEEN, UID FETCH (RFC822.SIZE,
BODY.PEEK[], BODY.PEEK[HEADER]), UID STORE +FLAGS, NOOP, LOGOUT. A test puts
messages in and reads their flags back; a wrong password is refused.
"""

from __future__ import annotations

import re
import socketserver
import threading
from dataclasses import dataclass, field
from typing import Any

_COMMAND = re.compile(r"^(\S+) (?:UID )?(\S+) ?(.*)$", re.IGNORECASE)


@dataclass
class StoredMessage:
    uid: int
    raw: bytes
    flags: set[str] = field(default_factory=set)


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def send(self, line: str | bytes) -> None:
        self.wfile.write((line if isinstance(line, bytes) else line.encode()) + b"\r\n")

    def handle(self) -> None:
        fake = self.server.fake
        self.send("* OK fake IMAP4rev1 ready")
        while True:
            raw = self.rfile.readline(65537)
            if not raw:
                return
            found = _COMMAND.match(raw.decode().rstrip("\r\n"))
            if not found:
                self.send("* BAD what?")
                continue
            tag, verb, arg = found.group(1), found.group(2).upper(), found.group(3)
            if verb == "LOGOUT":
                self.send("* BYE")
                self.send(f"{tag} OK LOGOUT completed")
                return
            self.send(f"{tag} {fake.answer(self, verb, arg)}")


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True
    fake: FakeIMAPServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass


class FakeIMAPServer:
    def __init__(self, user: str = "reports", password: str = "secret") -> None:  # noqa: S107
        self.user, self.password = user, password
        self.messages: list[StoredMessage] = []
        self.fetched: list[str] = []  # every FETCH item list asked for
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self.port = int(self._server.server_address[1])
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        return f"imap://{self.user}:{self.password}@127.0.0.1:{self.port}/INBOX"

    def start(self) -> FakeIMAPServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
        self._server.server_close()

    def deliver(self, raw: bytes) -> int:
        with self._lock:
            uid = len(self.messages) + 1
            self.messages.append(StoredMessage(uid, raw))
            return uid

    def flags(self, uid: int) -> set[str]:
        return self.messages[uid - 1].flags

    def answer(self, handler: _Handler, verb: str, arg: str) -> str:
        if verb == "CAPABILITY":
            handler.send("* CAPABILITY IMAP4rev1")
            return "OK CAPABILITY completed"
        if verb == "LOGIN":
            user, _sep, password = arg.partition(" ")
            if (user.strip('"'), password.strip('"')) != (self.user, self.password):
                return "NO [AUTHENTICATIONFAILED] wrong password"
            return "OK LOGIN completed"
        if verb in ("SELECT", "EXAMINE"):
            handler.send(f"* {len(self.messages)} EXISTS")
            handler.send("* FLAGS (\\Seen \\Flagged)")
            return "OK [READ-WRITE] SELECT completed"
        if verb == "SEARCH":
            unseen = [str(m.uid) for m in self.messages if "\\Seen" not in m.flags]
            handler.send("* SEARCH " + " ".join(unseen))
            return "OK SEARCH completed"
        if verb == "FETCH":
            return self._fetch(handler, arg)
        if verb == "STORE":
            uid, _sep, rest = arg.partition(" ")
            flags = re.findall(r"\\\w+", rest)
            self.messages[int(uid) - 1].flags.update(flags)
            return "OK STORE completed"
        if verb == "NOOP":
            return "OK NOOP completed"
        return "BAD unknown command"

    def _fetch(self, handler: _Handler, arg: str) -> str:
        uid_text, _sep, items = arg.partition(" ")
        message = self.messages[int(uid_text) - 1]
        self.fetched.append(items)
        number = message.uid
        if "RFC822.SIZE" in items:
            handler.send(f"* {number} FETCH (UID {message.uid} RFC822.SIZE {len(message.raw)})")
        else:
            header = "HEADER" in items
            data = message.raw.split(b"\r\n\r\n", 1)[0] + b"\r\n\r\n" if header else message.raw
            section = "BODY[HEADER]" if header else "BODY[]"
            handler.wfile.write(
                f"* {number} FETCH (UID {message.uid} {section} {{{len(data)}}}\r\n".encode()
                + data + b")\r\n")
        return "OK FETCH completed"
