"""Following as a person does: ask, then confirm from the emailed link."""

from __future__ import annotations

from cityloop.notify.follow import subscriptions, tokens
from cityloop.notify.follow.models import Mode, Subscription
from cityloop.notify.follow.subscriptions import What


def following(email: str, what: What, *, language: str = "en",
              mode: str = Mode.IMMEDIATE) -> Subscription:
    """A confirmed subscription, reached through ``ask`` and ``confirm``."""
    pending = subscriptions.ask(email, what, language=language, mode=mode)
    outcome, subscription = subscriptions.confirm(tokens.confirm_token(pending.pk))
    assert outcome == subscriptions.Confirmed.NOW and subscription is not None
    return subscription
