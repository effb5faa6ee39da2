"""What other apps plug into the outbox, so that notify imports none of them.

- ``renderers``: message kind -> the function turning such an outbox row into an
  ``Outgoing`` (the warnings app renders its own messages: notify does not know
  a warning). Kinds not listed are rendered by ``notify.render`` (or
  ``follow.render`` for a follower's).
- ``message_sent``: sent by the worker after each successful delivery, as
  ``message_sent.send(sender=Message, message=message, at=when)`` (the warnings
  app records when a warning first reached someone);
- ``message_failed``: sent when a message fails for good, as
  ``message_failed.send(sender=Message, message=message, error=text)`` (the
  warnings app stops pushing to a browser whose push service forgot it).
"""

from __future__ import annotations

from collections.abc import Callable

import django.dispatch

from cityloop.notify.channels.base import Outgoing
from cityloop.notify.models import Message

renderers: dict[str, Callable[[Message], Outgoing]] = {}
message_sent = django.dispatch.Signal()
message_failed = django.dispatch.Signal()
