"""Reading a received message: who sent it, its words, its photos, whether a robot sent it.

Nothing here trusts the message: headers may be missing or malformed, the
text may be HTML only, and the same standard library parser that reads a
well-formed message reads a broken one as far as it can.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass, field
from email.message import EmailMessage, Message
from email.utils import getaddresses, parseaddr

from cityloop.mailin.text import html_to_text, own_words

_CJK = re.compile(r"[\u4e00-\u9fff]")
_REPLY_PREFIX = re.compile(r"^\s*((re|fw|fwd|aw|回复|回覆|答复|转发)\s*[:：]\s*)+", re.IGNORECASE)
# Senders that are never a person: answering them is how mail loops start.
_ROBOTS = re.compile(r"^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@", re.IGNORECASE)


@dataclass(frozen=True)
class Image:
    name: str
    content: bytes


@dataclass
class Parsed:
    sender: str  # the From address, lower case; "" when there is none
    sender_name: str
    subject: str  # without Re:/Fwd: prefixes
    words: str  # the body's own words (quotes and signature cut off)
    images: list[Image] = field(default_factory=list)
    automatic: str = ""  # why the message is an automatic one ("" for a person's)
    message_id: str = ""
    thread: list[str] = field(default_factory=list)  # In-Reply-To, References
    addressed_to: list[str] = field(default_factory=list)  # To and Cc

    @property
    def language(self) -> str:
        """Chinese when the message is written in Chinese characters, else English."""
        return "zh-hans" if _CJK.search(self.subject + self.words) else "en"

    @property
    def description(self) -> str:
        """Subject and body, as a new report's description."""
        parts = [self.subject.strip(), self.words.strip()]
        if parts[0] and parts[1].split("\n", 1)[0].strip() == parts[0]:
            parts[0] = ""  # a body whose first line is the subject says it once
        return "\n\n".join(p for p in parts if p)


def parse(raw: bytes, envelope_sender: str = "") -> Parsed:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    name, address = parseaddr(_header(message, "From"))
    sender = (address or envelope_sender).strip().lower()
    return Parsed(
        sender=sender if "@" in sender else "",
        sender_name=name.strip()[:200],
        subject=_REPLY_PREFIX.sub("", _header(message, "Subject")).strip()[:300],
        words=own_words(_body(message)),
        images=list(_images(message)),
        automatic=_automatic(message, envelope_sender, sender),
        message_id=_header(message, "Message-ID"),
        thread=[_header(message, "In-Reply-To"), _header(message, "References")],
        addressed_to=[a for _n, a in getaddresses(
            [_header(message, "To"), _header(message, "Cc")]) if a],
    )


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    except (ValueError, TypeError, IndexError):  # a header the parser cannot make sense of
        return ""
    return str(value or "").strip()


def _automatic(message: Message, envelope_sender: str, sender: str) -> str:
    """Why ``message`` was sent by a program (RFC 3834 and the usual headers), or "".

    A bounce has an empty envelope sender (``MAIL FROM:<>``); an auto-responder
    says ``Auto-Submitted``, ``X-Autoreply`` or ``Precedence: auto_reply``; a
    mailing list ``Precedence: bulk`` or ``List-Id``.
    """
    auto_submitted = _header(message, "Auto-Submitted").lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted[:50]}"
    precedence = _header(message, "Precedence").lower()
    if precedence in ("bulk", "junk", "list", "auto_reply"):
        return f"Precedence: {precedence}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Auto-Reply", "List-Id"):
        if _header(message, name):
            return f"{name} header"
    if envelope_sender == "<>":
        return "empty envelope sender (a bounce)"
    if _ROBOTS.match(sender):
        return f"sender {sender[:100]}"
    return ""


def _body(message: Message) -> str:
    if not isinstance(message, EmailMessage):
        return ""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, ValueError, AssertionError):  # an unknown charset, a broken part
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    if not isinstance(content, str):
        return ""
    return html_to_text(content) if part.get_content_subtype() == "html" else content


def _images(message: Message) -> list[Image]:
    """Every image part, attached or inline, in the order of the message."""
    found = []
    for number, part in enumerate(message.walk(), start=1):
        if part.get_content_maintype() != "image":
            continue
        content = part.get_payload(decode=True)
        if isinstance(content, bytes) and content:
            found.append(Image(part.get_filename() or f"photo-{number}", content))
    return found
