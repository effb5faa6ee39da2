"""Polling a mailbox (``cityloop mail-ingest --imap URL``) for cities whose mail lives elsewhere.

Each unseen message is fetched without marking it (``BODY.PEEK``), stored in
the spool, and only then flagged ``\\Seen``: a crash in between fetches it
again, and the spool has it at most twice as a row — processing a second row
of the same message would open a second case, which is why the flag is set
right after the commit, before any processing. A message over the size
limit is not downloaded: its sender is told (from its headers alone) and it
is flagged seen and ``\\Flagged`` for a person to look at.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import imaplib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.utils import translation

from cityloop.mailin import answer, spool
from cityloop.mailin.parse import parse

log = logging.getLogger(__name__)
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")
TIMEOUT = 60


@dataclass(frozen=True)
class ImapConfig:
    host: str
    port: int
    user: str
    password: str
    mailbox: str
    ssl: bool

    def __str__(self) -> str:  # never the password
        scheme = "imaps" if self.ssl else "imap"
        return f"{scheme}://{self.user}@{self.host}:{self.port}/{self.mailbox}"


def parse_url(url: str) -> ImapConfig:
    """``imap[s]://user:password@host[:port][/mailbox]``; ValueError saying what is wrong."""
    parts = urlsplit(url)
    if parts.scheme not in ("imap", "imaps"):
        raise ValueError(f"{url!r} is not an imap:// or imaps:// address")
    if not parts.hostname or not parts.username:
        raise ValueError("the IMAP address needs a user and a host: imaps://user:pw@host/INBOX")
    ssl = parts.scheme == "imaps"
    return ImapConfig(
        host=parts.hostname, port=parts.port or (993 if ssl else 143),
        user=unquote(parts.username), password=unquote(parts.password or ""),
        mailbox=unquote(parts.path.strip("/")) or "INBOX", ssl=ssl)


def connect(config: ImapConfig) -> imaplib.IMAP4:
    cls = imaplib.IMAP4_SSL if config.ssl else imaplib.IMAP4
    connection = cls(config.host, config.port, timeout=TIMEOUT)
    connection.login(config.user, config.password)
    status, _data = connection.select(_quoted(config.mailbox))
    if status != "OK":
        raise imaplib.IMAP4.error(f"cannot open mailbox {config.mailbox}")
    return connection


def _quoted(mailbox: str) -> str:
    return '"' + mailbox.replace("\\", "\\\\").replace('"', '\\"') + '"'


def poll(config: ImapConfig, on_stored: Callable[[int], object] = spool.process_one) -> int:
    """Store (then hand to ``on_stored``) every unseen message; how many were stored."""
    connection = connect(config)
    stored = 0
    try:
        _status, found = connection.uid("SEARCH", "UNSEEN")
        for uid in (found[0] or b"").decode().split():
            pk = _take(connection, uid)
            if pk is not None:
                stored += 1
                on_stored(pk)
    finally:
        with contextlib.suppress(imaplib.IMAP4.error, OSError):
            connection.logout()
    return stored


def _take(connection: imaplib.IMAP4, uid: str) -> int | None:
    _status, meta = connection.uid("FETCH", uid, "(RFC822.SIZE)")
    size = _SIZE.search(b" ".join(m for m in meta if isinstance(m, bytes)))
    if size and int(size.group(1)) > settings.MAIL_MAX_BYTES:
        _refuse_large(connection, uid)
        return None
    _status, data = connection.uid("FETCH", uid, "(BODY.PEEK[])")
    raw = next((item[1] for item in data if isinstance(item, tuple)), None)
    if not isinstance(raw, bytes):
        return None
    headers = email.message_from_bytes(raw, policy=email.policy.compat32)
    recipients = [str(headers.get(name, "")) for name in ("Delivered-To", "X-Original-To")]
    return_path = str(headers.get("Return-Path", "")).strip()
    pk = spool.store(raw, mail_from="<>" if return_path == "<>" else return_path.strip("<>"),
                     recipients=[r for r in recipients if r], via="imap")
    connection.uid("STORE", uid, "+FLAGS", "(\\Seen)")
    return pk


def _refuse_large(connection: imaplib.IMAP4, uid: str) -> None:
    _status, data = connection.uid("FETCH", uid, "(BODY.PEEK[HEADER])")
    header = next((item[1] for item in data if isinstance(item, tuple)), b"")
    parsed = parse(header if isinstance(header, bytes) else b"")
    log.warning("mail from %s over %d bytes left in the mailbox, flagged",
                parsed.sender or "?", settings.MAIL_MAX_BYTES)
    if parsed.sender and not parsed.automatic:
        with translation.override(parsed.language):
            answer.send(parsed, answer.too_large(settings.MAIL_MAX_BYTES))
    connection.uid("STORE", uid, "+FLAGS", "(\\Seen \\Flagged)")
