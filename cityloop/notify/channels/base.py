"""What every notification transport is: a ``send`` that succeeds or says how it failed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar


class TransportError(Exception):
    """A failed send. ``permanent`` failures are not retried (a refused address,
    a webhook answering 410 Gone); transient ones are, with backoff."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.message = message
        self.permanent = permanent


@dataclass(frozen=True)
class Outgoing:
    """A rendered message ready for a transport."""

    message_id: int
    kind: str
    target: str
    subject: str
    text: str
    payload: dict[str, Any]
    secret: str = ""
    # Extra email headers (a follower's List-Unsubscribe); other transports ignore them.
    headers: dict[str, str] = field(default_factory=dict)


class Transport:
    """Base class: subclasses implement ``send`` and are registered by kind
    (the contract: ``registry.NotificationTransport``)."""

    kind = ""
    # The contact detail that lets this transport reach a person who gave it
    # ("email", "phone"); "" when it reaches configured channels only.
    contact: ClassVar[str] = ""

    def send(self, outgoing: Outgoing) -> None:
        raise NotImplementedError  # an abstract method: every transport defines it
