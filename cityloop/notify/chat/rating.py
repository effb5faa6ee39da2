"""The rating question's answer: the same path as the tracking page's rating form.

A button carries ``r:<reference>:<rating>``. Only a case this chat reported
(or follows) may be rated from it: the case must have a contact whose chat is
this one, so a forged button cannot rate someone else's case.
"""

from __future__ import annotations

from cityloop.cases.errors import TransitionRefused
from cityloop.cases.models import Case
from cityloop.notify.chat import texts
from cityloop.notify.chat.models import Conversation
from cityloop.notify.chat.platforms import Button, Reply
from cityloop.web.citizen import tracking

RATINGS = range(1, 6)


def buttons(reference: str) -> tuple[tuple[Button, ...], ...]:
    return (tuple(Button(str(n), f"r:{reference}:{n}") for n in RATINGS),)


def rate(conversation: Conversation, choice: str) -> Reply:
    _r, reference, value = [*choice.split(":", 2), "", ""][:3]
    case = (Case.objects.filter(reference=reference[:40],
                                contacts__chat=conversation.address_key).first()
            if reference else None)
    if case is None or not value.isdigit():
        return Reply(texts.rating_refused(texts.not_your_report()))
    try:
        reopened = tracking.rate(case, int(value), "")
    except TransitionRefused as exc:
        return Reply(texts.rating_refused(exc.message))
    return Reply(texts.rating_reopened() if reopened else texts.rating_thanks())
