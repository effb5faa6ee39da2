"""Comments on proposals and their moderation: residents report, staff hide with a reason.

Hiding keeps the row (the log says who hid what and why); a hidden comment
shows as "hidden by moderation: <reason>" so the thread still reads.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityloop.participation import audit, phases
from cityloop.participation.errors import Refused
from cityloop.participation.models import (
    AbuseReport,
    Comment,
    EventKind,
    Proposal,
    ProposalStatus,
    Resident,
)
from cityloop.participation.proposals import SUPPORT_PHASES
from cityloop.participation.work import User, _user

COMMENT_MAX = 2000
PER_HOUR = 20


def write(proposal: Proposal, resident: Resident | None, body: str, *,
          now: datetime | None = None) -> Comment:
    now = now or timezone.now()
    phases.require(proposal.process, SUPPORT_PHASES, now)
    resident = phases.require_resident(proposal.process, resident)
    body = body.strip()
    if not body:
        raise Refused("comment_required", _("Write your comment first."), field="body")
    if len(body) > COMMENT_MAX:
        raise Refused("comment_too_long", _("Keep a comment under %(n)d characters.")
                      % {"n": COMMENT_MAX}, field="body")
    if proposal.status == ProposalStatus.HIDDEN or not proposal.process.published:
        raise Refused("closed", _("This proposal takes no comments."))
    with transaction.atomic():
        Resident.objects.select_for_update().filter(pk=resident.pk).first()
        recent = Comment.objects.filter(author=resident,
                                        created_at__gte=now - timedelta(hours=1)).count()
        if recent >= PER_HOUR:
            raise Refused("too_many_comments", _("You have written many comments in the last "
                                                 "hour. Please wait a while."))
        comment = Comment.objects.create(proposal=proposal, author=resident, body=body,
                                         created_at=now)
        audit.record(EventKind.COMMENTED, now, proposal=proposal, comment=comment.pk)
    return comment


def report(comment: Comment, resident: Resident | None, reason: str = "", *,
           now: datetime | None = None) -> Comment:
    now = now or timezone.now()
    if resident is None:
        raise Refused("not_verified", _("Verify your email address or phone number first."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                AbuseReport.objects.create(comment=comment, resident=resident,
                                           reason=reason.strip()[:300], created_at=now)
        except IntegrityError:
            raise Refused("already_reported", _("You have reported this comment already; "
                                                "a moderator will look at it.")) from None
        Comment.objects.filter(pk=comment.pk).update(reports=F("reports") + 1)
        audit.record(EventKind.REPORTED, now, proposal=comment.proposal, comment=comment.pk)
    comment.refresh_from_db()
    return comment


def hide(comment: Comment, user: User, reason: str, *, now: datetime | None = None) -> Comment:
    now = now or timezone.now()
    if not reason.strip():
        raise Refused("reason_required", _("Say why the comment is hidden; residents see "
                                           "the reason."), field="reason")
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.hidden_at, comment.hidden_by = now, _user(user)
        comment.hidden_reason = reason.strip()[:300]
        comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        audit.record(EventKind.HIDDEN, now, proposal=comment.proposal, staff=user,
                     reason=reason, comment=comment.pk)
    return comment


def show(comment: Comment, user: User, *, now: datetime | None = None) -> Comment:
    """Undo a hiding (a report that was wrong); the reports stay counted."""
    now = now or timezone.now()
    with transaction.atomic():
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        comment.hidden_at, comment.hidden_by, comment.hidden_reason = None, None, ""
        comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        audit.record(EventKind.SHOWN, now, proposal=comment.proposal, staff=user,
                     comment=comment.pk)
    return comment


def to_moderate() -> QuerySet[Comment]:
    """Reported comments still shown, the most reported first."""
    return (Comment.objects.filter(reports__gt=0, hidden_at__isnull=True)
            .select_related("proposal__process").order_by("-reports", "created_at"))
