"""A proposal's evaluation page and its steps: answer (evaluating, accepted, not
accepted), mark implemented, merge into another, hide with a reason.

Each step is a POST to its own address; a refusal shows the page again with
the form as typed and the reason next to its field (status 400), a success
goes back to the page with a message.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cityloop.cases import policy as case_policy
from cityloop.participation import policy, proposals
from cityloop.participation.errors import Refused
from cityloop.participation.models import (
    ANSWERED,
    SUPPORTABLE,
    AnswerTemplate,
    Event,
    EventKind,
    Proposal,
    ProposalStatus,
)
from cityloop.web.staff.participation import links
from cityloop.web.staff.participation.forms import (
    AnswerForm,
    ImplementedForm,
    MergeForm,
    ReasonForm,
    put_refusal,
)
from cityloop.web.staff.participation.guard import participation_staff, refused, user_of

RELATED = ("process", "process__department", "category", "area", "case", "merged_into",
           "answered_by")


def _proposal(request: HttpRequest, pk: int) -> tuple[Proposal, HttpResponse | None]:
    """The proposal, and the 403 page when the user may not answer its process."""
    proposal = get_object_or_404(Proposal.objects.select_related(*RELATED), pk=pk)
    if not policy.may_answer(request.user, proposal.process):
        return proposal, refused(request, _(
            "This proposal is answered by %(department)s; your role does not cover it.")
            % {"department": proposal.process.department.display_name
               if proposal.process.department else _("the city's administrators")})
    return proposal, None


def page_url(proposal: Proposal) -> str:
    return reverse("staff:participation:proposal", args=[proposal.pk])


def _templates(proposal: Proposal) -> list[dict[str, Any]]:
    """Answer templates in the proposal's language (the resident reads the answer)."""
    return [{"id": t.pk, "status": t.status, "text": t.text_in(proposal.language)}
            for t in AnswerTemplate.objects.all()]


def render_page(request: HttpRequest, proposal: Proposal, bound: dict[str, forms.Form] | None,
                status: int = 200) -> HttpResponse:
    user, now = user_of(request), timezone.now()
    due = proposal.answer_due_at
    waiting = proposal.answered_at is None and proposal.status not in (
        *ANSWERED, ProposalStatus.HIDDEN)
    overdue = waiting and due is not None and due < now
    open_for_answer = proposal.status in SUPPORTABLE
    page_forms: dict[str, forms.Form] = {}
    if open_for_answer:
        page_forms["answer"] = AnswerForm(proposal=proposal)
        page_forms["merge"] = MergeForm(proposal=proposal)
    if proposal.status == ProposalStatus.ACCEPTED:
        page_forms["implemented"] = ImplementedForm()
    if proposal.status != ProposalStatus.HIDDEN:
        page_forms["hide"] = ReasonForm(prefix="hide")
    page_forms.update(bound or {})
    case = proposal.case
    context = {
        "proposal": proposal, "forms": page_forms, "waiting": waiting, "overdue": overdue,
        "when": (timesince(due, now, depth=2) if overdue else timeuntil(due, now, depth=2))
        if due is not None else "",
        "comments": list(proposal.comments.select_related("hidden_by")),
        "merged": list(proposal.merged.all()),
        # Supports are counted above; listed one by one they would bury the steps.
        "events": list(Event.objects.filter(proposal=proposal)
                       .exclude(kind=EventKind.SUPPORTED).select_related("staff")[:30]),
        "case_visible": case is not None and case_policy.can_view(user, case),
        "public_url": links.proposal_url(proposal),
        "templates": _templates(proposal),
        "may_moderate": policy.may_moderate(user, proposal.process),
        "section": "queue",
    }
    return render(request, "web/staff/participation/proposal.html", context, status=status)


@participation_staff
@require_GET
def proposal_page(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, denied = _proposal(request, pk)
    return denied or render_page(request, proposal, None)


def _done(request: HttpRequest, proposal: Proposal, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect(page_url(proposal))


def _again(request: HttpRequest, proposal: Proposal, name: str, form: forms.Form,
           status: int = 400) -> HttpResponse:
    proposal.refresh_from_db()  # a refused step changed nothing; show what is stored
    return render_page(request, proposal, {name: form}, status=status)


@participation_staff
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, denied = _proposal(request, pk)
    if denied:
        return denied
    if request.POST.get("insert_template"):
        return _insert_template(request, proposal)
    form = AnswerForm(request.POST, proposal=proposal)
    if not form.is_valid():
        return _again(request, proposal, "answer", form)
    data = form.cleaned_data
    decision = proposals.Decision(
        status=data["status"], text=data["text"] or "", feasibility=data["feasibility"] or "",
        cost=data["cost"], category=data["category"], lat=data.get("lat"), lon=data.get("lon"))
    try:
        proposal = proposals.answer(proposal, user_of(request), decision)
    except Refused as refusal:
        put_refusal(form, refusal)
        return _again(request, proposal, "answer", form)
    if proposal.case is not None:
        return _done(request, proposal, _(
            "Accepted. Case %(ref)s now carries the proposal out, with %(department)s.")
            % {"ref": proposal.case.reference,
               "department": proposal.case.department.display_name})
    return _done(request, proposal, _("Answer published."))


def _insert_template(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    """Without JavaScript: the chosen template's text replaces the answer, its status
    is chosen, and the form is shown again to check; nothing is published yet."""
    typed = {name: request.POST.get(name, "") for name in AnswerForm.base_fields}
    raw = typed.pop("template")
    chosen = (AnswerTemplate.objects.filter(pk=int(raw)).first()
              if raw.isascii() and raw.isdigit() and len(raw) < 12 else None)
    if chosen is None:
        messages.info(request, _("Choose a template first."))
    else:
        typed["text"], typed["status"] = chosen.text_in(proposal.language), chosen.status
        messages.info(request, _("Template inserted: check the text, then publish the answer."))
    # Unbound, with what was typed: a form to check, not a refusal.
    return render_page(request, proposal, {"answer": AnswerForm(initial=typed,
                                                                proposal=proposal)})


@participation_staff
@require_POST
def implemented(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, denied = _proposal(request, pk)
    if denied:
        return denied
    form = ImplementedForm(request.POST)
    if not form.is_valid():
        return _again(request, proposal, "implemented", form)
    try:
        proposals.implemented(proposal, user_of(request), form.cleaned_data["text"])
    except Refused as refusal:
        put_refusal(form, refusal)
        return _again(request, proposal, "implemented", form)
    return _done(request, proposal, _("Marked implemented."))


@participation_staff
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, denied = _proposal(request, pk)
    if denied:
        return denied
    form = MergeForm(request.POST, proposal=proposal)
    if not form.is_valid():
        return _again(request, proposal, "merge", form)
    try:
        into = proposals.merge(proposal, form.cleaned_data["into"], user_of(request))
    except Refused as refusal:
        put_refusal(form, refusal)
        return _again(request, proposal, "merge", form)
    return _done(request, into, _("%(ref)s merged into this proposal; its supporters now "
                                  "support this one.") % {"ref": proposal.reference})


@participation_staff
@require_POST
def hide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, denied = _proposal(request, pk)
    if denied:
        return denied
    form = ReasonForm(request.POST, prefix="hide")
    if not form.is_valid():
        return _again(request, proposal, "hide", form)
    try:
        proposals.hide(proposal, user_of(request), form.cleaned_data["reason"] or "")
    except Refused as refusal:
        put_refusal(form, refusal)
        return _again(request, proposal, "hide", form)
    return _done(request, proposal, _("The proposal is hidden from the public."))


@participation_staff
@require_POST
def show(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a hidden proposal again (a hiding that was a mistake)."""
    proposal, denied = _proposal(request, pk)
    if denied:
        return denied
    try:
        proposals.show(proposal, user_of(request))
    except Refused as refusal:
        messages.error(request, str(refusal.message))
        return redirect(reverse("staff:participation:proposal", args=[proposal.pk]))
    return _done(request, proposal, _("The proposal is public again."))
