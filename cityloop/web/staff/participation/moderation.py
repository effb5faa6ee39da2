"""The moderation queue: reported comments (the most reported first), to hide with a
reason or leave; comments hidden lately, to show again; and hidden proposals.

Hiding and showing again go through ``participation.comments``, which writes
the participation log (who, when, why) in the same transaction.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cityloop.participation import comments, policy
from cityloop.participation.errors import Refused
from cityloop.participation.models import Comment, Proposal, ProposalStatus
from cityloop.web.staff.participation.forms import ReasonForm
from cityloop.web.staff.participation.guard import participation_staff, refused, user_of

SHOWN = 100


def _moderated(request: HttpRequest) -> list[int]:
    return list(policy.answerable_processes(request.user).values_list("pk", flat=True))


def render_queue(request: HttpRequest, bound: dict[int, ReasonForm] | None = None,
                 status: int = 200) -> HttpResponse:
    processes = _moderated(request)
    reported = list(comments.to_moderate().filter(proposal__process__in=processes)[:SHOWN])
    for comment in reported:
        comment.form = (bound or {}).get(comment.pk) or ReasonForm(  # type: ignore[attr-defined]
            prefix=f"c{comment.pk}")
    hidden = list(Comment.objects.filter(hidden_at__isnull=False,
                                         proposal__process__in=processes)
                  .select_related("proposal", "hidden_by").order_by("-hidden_at")[:SHOWN])
    hidden_proposals = list(Proposal.objects.filter(status=ProposalStatus.HIDDEN,
                                                    process__in=processes)
                            .select_related("process").order_by("-id")[:SHOWN])
    return render(request, "web/staff/participation/moderation.html", {
        "reported": reported, "hidden": hidden, "hidden_proposals": hidden_proposals,
        "section": "moderation",
    }, status=status)


@participation_staff
@require_GET
def moderation_queue(request: HttpRequest) -> HttpResponse:
    return render_queue(request)


def _comment(request: HttpRequest, pk: int) -> tuple[Comment, HttpResponse | None]:
    comment = get_object_or_404(Comment.objects.select_related("proposal__process"), pk=pk)
    if not policy.may_moderate(request.user, comment.proposal.process):
        return comment, refused(request, _("Your role does not allow moderating the comments "
                                           "of this process."))
    return comment, None


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect(reverse("staff:participation:moderation"))


@participation_staff
@require_POST
def hide_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment, denied = _comment(request, pk)
    if denied:
        return denied
    form = ReasonForm(request.POST, prefix=f"c{comment.pk}")
    if form.is_valid():
        try:
            comments.hide(comment, user_of(request), form.cleaned_data["reason"] or "")
        except Refused as refusal:
            form.add_error("reason", str(refusal.message))
        else:
            messages.success(request, _("The comment is hidden; residents see the reason."))
            return _back(request)
    messages.error(request, _("The comment was not hidden: say why."))
    return render_queue(request, {comment.pk: form}, status=400)


@participation_staff
@require_POST
def show_comment(request: HttpRequest, pk: int) -> HttpResponse:
    comment, denied = _comment(request, pk)
    if denied:
        return denied
    comments.show(comment, user_of(request))
    messages.success(request, _("The comment is shown again."))
    return _back(request)
