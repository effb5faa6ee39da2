"""The answer to an email that could not become a report or an update.

Sent straight away by the process that read the email (there is no case to
queue it on). Marked ``Auto-Submitted: auto-replied`` (RFC 3834) so that a
well-behaved auto-responder does not answer it, and sent only to people:
``process`` never answers automatic mail or a sender over the rate limit.
A failed send is logged, never raised: the email itself is already stored.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import translation
from django.utils.translation import gettext as _

from cityloop.conf.cityname import city_name
from cityloop.mailin.parse import Parsed

log = logging.getLogger(__name__)


def no_text() -> str:
    return _("We could not open a report from your email because it has no text. Please "
             "write what the problem is and where it is in the email itself; a photo "
             "alone is not enough.")


def closed(reference: str) -> str:
    return _("Your report %(ref)s is closed, so your email was not added to it. If the "
             "problem is back, or is a new one, write to us again in a new email (not a "
             "reply).") % {"ref": reference}


def refused(reasons: list[str]) -> str:
    return _("We could not open a report from your email: %(reasons)s") % {
        "reasons": " ".join(reasons)}


def too_large(limit_bytes: int) -> str:
    return _("Your email is larger than %(mb)d MB, so we could not read it. Please send "
             "fewer or smaller photos.") % {"mb": limit_bytes // (1024 * 1024)}


def send(parsed: Parsed, why: str) -> bool:
    """Tell the sender of ``parsed`` why nothing came of their email (``why`` is
    already in their language); whether the answer went out."""
    with translation.override(parsed.language):
        subject = _("Your email to %(city)s") % {"city": city_name()}
        body = "\n\n".join([why, _("This is an automatic answer.")])
    message = EmailMessage(subject=subject, body=body, to=[parsed.sender],
                           from_email=settings.DEFAULT_FROM_EMAIL)
    message.extra_headers["Auto-Submitted"] = "auto-replied"
    if parsed.message_id:
        message.extra_headers["In-Reply-To"] = parsed.message_id
        message.extra_headers["References"] = parsed.message_id
    try:
        message.send(fail_silently=False)
    except Exception:  # the SMTP server is down, the address is refused: log, go on
        log.warning("could not answer %s", parsed.sender, exc_info=True)
        return False
    return True
