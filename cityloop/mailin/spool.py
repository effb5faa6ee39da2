"""The spool: store every accepted message first, then process it, retrying on failure.

``store`` commits the raw message before the SMTP server says ``250`` (or the
IMAP poller marks it seen); ``process_one`` then turns it into a case or an
update in one transaction with its new state. A crash in between leaves the
row ``pending``: ``mail-ingest`` processes what is pending when it starts,
and the worker's ``mail_spool`` job picks up what has waited a minute. A
message that fails ``MAX_ATTEMPTS`` times is marked failed for a person to
look at in the admin, with the error.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from cityloop.mailin import answer
from cityloop.mailin.models import InboundMail, MailState
from cityloop.mailin.process import mark, process
from cityloop.registry import PeriodicJob, periodic_jobs

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
# What the worker leaves to the mail-ingest process that has just stored it.
FRESH = timedelta(seconds=60)
BATCH = 100


def store(raw: bytes, *, mail_from: str, recipients: Sequence[str], via: str) -> int:
    """Keep an accepted message; its row id. Committed when this returns."""
    mail = InboundMail.objects.create(
        received_at=timezone.now(), via=via, mail_from=mail_from[:320],
        recipients="\n".join(recipients), raw=raw, size=len(raw))
    return mail.pk


def process_one(pk: int) -> str:
    """Process stored message ``pk`` if it is still pending; its state afterwards."""
    InboundMail.objects.filter(pk=pk, state=MailState.PENDING).update(attempts=F("attempts") + 1)
    try:
        with transaction.atomic():
            mail = (InboundMail.objects.select_for_update(skip_locked=True)
                    .filter(pk=pk, state=MailState.PENDING).first())
            if mail is None:  # done already, or being done by another process
                return ""
            parsed, result = process(mail)
            mark(mail, result)
    except Exception as exc:  # a bug or a database away: keep the mail, retry later
        log.exception("mail #%s could not be processed", pk)
        InboundMail.objects.filter(pk=pk, state=MailState.PENDING,
                                   attempts__gte=MAX_ATTEMPTS).update(
            state=MailState.FAILED, outcome=f"{exc.__class__.__name__}: {exc}"[:500],
            processed_at=timezone.now())
        return MailState.PENDING
    if result.answer and answer.send(parsed, result.answer):
        InboundMail.objects.filter(pk=pk).update(outcome=f"{result.outcome} (answered)"[:500])
    # Every outcome, drops too ("dropped with a log line"); never the sender's address.
    log.info("mail #%s %s: %s", pk, result.state, result.outcome)
    return result.state


def process_pending(*, before: datetime | None = None, limit: int = BATCH) -> int:
    """Process up to ``limit`` pending messages (received before ``before``); how many."""
    pending = InboundMail.objects.filter(state=MailState.PENDING)
    if before is not None:
        pending = pending.filter(received_at__lt=before)
    ids = list(pending.order_by("id").values_list("id", flat=True)[:limit])
    for pk in ids:
        process_one(pk)
    return len(ids)


def forget_old(now: datetime) -> int:
    """Blank the message and the sender of mail processed over CITYLOOP_MAIL_KEEP_DAYS
    ago: personal data kept no longer than needed. What became of it stays."""
    cutoff = now - timedelta(days=settings.MAIL_KEEP_DAYS)
    return (InboundMail.objects.exclude(state=MailState.PENDING)
            .filter(processed_at__lt=cutoff).exclude(raw=b"")
            .update(raw=b"", mail_from="", recipients=""))


def _periodic(now: datetime) -> str:
    done = process_pending(before=now - FRESH)
    return f"{done} stored emails processed, {forget_old(now)} old ones blanked"


periodic_jobs.register(
    "mail_spool", "Process received emails that mail-ingest stored but did not finish."
)(PeriodicJob(lambda: settings.MAIL_POLL_SECONDS, _periodic))
