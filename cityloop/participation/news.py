"""Telling a proposal's author that the city answered it, in the same transaction.

Only the author hears: they gave an address to take part and would expect to
be told. Supporters read the answer on the page; a city that wants more can
listen to the log (``Event``) the same way.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from cityloop.notify import outbox
from cityloop.notify.models import Kind, Message
from cityloop.participation.models import Event, Proposal


def tell_author(proposal: Proposal, event: Event, now: datetime) -> None:
    author = proposal.author
    if author is None or not author.address or outbox.is_suppressed():  # forgotten; the demo
        return
    Message.objects.create(kind=Kind.PROPOSAL_ANSWERED, participation_event=event,
                           transport=author.channel, target=author.address,
                           language=author.language or settings.LANGUAGE_CODE,
                           next_attempt_at=now, created_at=now)
