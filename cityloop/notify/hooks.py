"""What other apps plug into the outbox, so that notify imports none of them.

- ``renderers``: message kind -> the function turning such an outbox row into an
  ``Outgoing`` (the warnings app renders its own messages: notify does not know
  a warning). Kinds not listed are rendered by ``notify.render`` (or
  ``follow.render`` for a follower's).
- ``message_sent``: sent by the worker after each successful delivery, as
  ``message_sent.send(sender=Message, message=message, at=when)`` (the warnings
  app records when a warning first reached someone).
"""

from __future__ import annotations

from collections.abc import Callable

import django.dispatch

from cityloop.notify.channels.base import Outgoing
from cityloop.notify.models import Message

renderers: dict[str, Callable[[Message], Outgoing]] = {}
message_sent = django.dispatch.Signal()
