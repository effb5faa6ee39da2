"""A proposal's page, and what residents do on it: support, comment, report a comment.

The author is never named ("a resident"). A refused step shows the page again with
its reason beside the button or field; a step that worked goes back to the page
(post/redirect/get), so a reload does not send it twice.
"""

from __future__ import annotations

import mimetypes
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from cityloop.participation import comments, proposals
from cityloop.participation.errors import Refused
from cityloop.participation.models import (
    ANSWERED,
    SUPPORTABLE,
    VISIBLE,
    Comment,
    Proposal,
    ProposalStatus,
)
from cityloop.web.participation import session
from cityloop.web.participation.common import to_verify


def _visible(pk: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related("process", "category", "area", "merged_into", "case"),
        pk=pk, process__published=True, status__in=VISIBLE)


def answer_clock(proposal: Proposal, now: datetime) -> dict[str, Any] | None:
    """Where the department stands against its deadline to answer, as a case's SLA."""
    if proposal.answer_due_at is None or proposal.answered_at is not None \
            or proposal.status in ANSWERED:
        return None
    if proposal.answer_due_at > now:
        return {"overdue": False, "text": _("Answer due in %(time)s.")
                % {"time": timeuntil(proposal.answer_due_at, now, depth=2)}}
    return {"overdue": True, "text": _("Answer overdue since %(date)s (%(time)s ago).")
            % {"date": date_format(timezone.localdate(proposal.answer_due_at)),
               "time": timesince(proposal.answer_due_at, now, depth=1)}}


def _in_support_phase(proposal: Proposal, now: datetime) -> bool:
    phase = proposal.process.phase_at(now)
    return phase is not None and phase.kind in proposals.SUPPORT_PHASES


def _context(request: HttpRequest, proposal: Proposal, **extra: Any) -> dict[str, Any]:
    now = timezone.now()
    threshold = max(proposal.process.support_threshold, 1)
    return {
        "proposal": proposal, "process": proposal.process,
        "resident": session.resident_of(request),
        "percent": min(100, round(100 * proposal.supports / threshold)),
        "threshold": threshold, "clock": answer_clock(proposal, now),
        "supportable": proposal.status in SUPPORTABLE and _in_support_phase(proposal, now),
        "comments": list(Comment.objects.filter(proposal=proposal)),
        "point": ({"lat": proposal.lat, "lon": proposal.lon}
                  if proposal.lat is not None and proposal.lon is not None else None),
        "accepted": proposal.status in (ProposalStatus.ACCEPTED, ProposalStatus.IMPLEMENTED),
        "errors": {}, "typed": {}, **extra,
    }


def _page(request: HttpRequest, proposal: Proposal, status: int = 200,
          **extra: Any) -> HttpResponse:
    return render(request, "web/participation/proposal.html",
                  _context(request, proposal, **extra), status=status)


@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _visible(pk))


@require_POST
def support(request: HttpRequest, pk: int) -> HttpResponseBase:
    proposal = _visible(pk)
    resident = session.resident_of(request)
    if resident is None:
        return to_verify(request, reverse("participate:proposal", args=[pk]))
    try:
        proposals.support(proposal, resident)
    except Refused as refused:
        return _page(request, proposal, status=409, errors={"support": [str(refused.message)]})
    messages.success(request, _("Thank you: your support is counted."))
    return redirect(reverse("participate:proposal", args=[pk]) + "#supports")


@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponseBase:
    proposal = _visible(pk)
    resident = session.resident_of(request)
    if resident is None:
        return to_verify(request, reverse("participate:proposal", args=[pk]) + "#comments")
    body = request.POST.get("body", "")
    try:
        written = comments.write(proposal, resident, body)
    except Refused as refused:
        # Kept for the form, cut short: a refused 10 MB comment is not sent back whole.
        return _page(request, proposal, status=400, errors={"comment": [str(refused.message)]},
                     typed={"body": body[:comments.COMMENT_MAX * 2]})
    return redirect(reverse("participate:proposal", args=[pk]) + f"#comment-{written.pk}")


@require_POST
def report_comment(request: HttpRequest, pk: int) -> HttpResponseBase:
    item = get_object_or_404(Comment.objects.select_related("proposal"), pk=pk,
                             proposal__process__published=True,
                             proposal__status__in=VISIBLE)
    back = reverse("participate:proposal", args=[item.proposal_id]) + f"#comment-{pk}"
    resident = session.resident_of(request)
    if resident is None:
        return to_verify(request, back)
    try:
        comments.report(item, resident, request.POST.get("reason", "")[:300])
    except Refused as refused:
        messages.info(request, str(refused.message))
        return redirect(back)
    messages.success(request, _("Thank you. A moderator will look at this comment."))
    return redirect(back)


@require_safe
def photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The proposal's photo (re-encoded without its metadata when it was sent)."""
    proposal = _visible(pk)
    name = proposal.photo.name
    if not name:
        raise Http404
    try:
        handle = proposal.photo.storage.open(name, "rb")
    except (FileNotFoundError, NotADirectoryError):
        raise Http404 from None
    kind = mimetypes.guess_type(name)[0] or "image/jpeg"
    if not kind.startswith("image/"):
        handle.close()
        raise Http404
    response = FileResponse(handle, content_type=kind)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response
