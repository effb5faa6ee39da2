"""A proposal's life: submitted, supported, answered by a deadline, accepted into a case.

Each step locks the proposal, checks the phase and the resident, writes its
change and its audit event in one transaction. Supports are rows, one per
resident (a unique constraint), and the counter beside the proposal is moved
in the same transaction, so a support is never counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityloop.cases.models import Case
from cityloop.catalogue.models import ServiceCategory
from cityloop.geo import index
from cityloop.geo.models import Area
from cityloop.participation import audit, news, phases, work
from cityloop.participation.errors import Refused
from cityloop.participation.models import (
    ANSWERED,
    SUPPORTABLE,
    EventKind,
    PhaseKind,
    Process,
    ProcessKind,
    Proposal,
    ProposalStatus,
    Resident,
    Support,
)
from cityloop.participation.work import User, _user

TITLE_MAX = 150
BODY_MAX = 5000
BODY_MIN = 20
# Proposals one resident may submit to one process in a day: enough for anyone with
# ideas, too few to flood the page.
PER_DAY = 5
SUBMIT_PHASES = (PhaseKind.PROPOSALS,)
SUPPORT_PHASES = (PhaseKind.PROPOSALS, PhaseKind.SUPPORT)



@dataclass(frozen=True)
class Draft:
    """What a resident wrote."""

    title: str
    body: str
    language: str
    category: ServiceCategory | None = None
    area: Area | None = None
    lat: float | None = None
    lon: float | None = None
    photo: ContentFile[bytes] | None = None  # already re-encoded (cases.photos.reencode)


def _locked(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().select_related("process").get(pk=proposal.pk)


def check_text(title: str, body: str) -> tuple[str, str]:
    title, body = " ".join(title.split()), body.strip()
    if not title:
        raise Refused("title_required", _("Give your proposal a title."), field="title")
    if len(title) > TITLE_MAX:
        raise Refused("title_too_long", _("Keep the title under %(n)d characters.")
                      % {"n": TITLE_MAX}, field="title")
    if len(body) < BODY_MIN:
        raise Refused("body_too_short", _("Say in at least %(n)d characters what you propose "
                                          "and why.") % {"n": BODY_MIN}, field="body")
    if len(body) > BODY_MAX:
        raise Refused("body_too_long", _("Keep the proposal under %(n)d characters (it has "
                                         "%(has)d).") % {"n": BODY_MAX, "has": len(body)},
                      field="body")
    return title, body


def submit_proposal(process: Process, resident: Resident | None, draft: Draft, *,
                    now: datetime | None = None) -> Proposal:
    now = now or timezone.now()
    if process.kind != ProcessKind.PROPOSALS:
        raise Refused("wrong_process", _("This process does not take proposals."))
    phases.require(process, SUBMIT_PHASES, now)
    resident = phases.require_resident(process, resident)
    title, body = check_text(draft.title, draft.body)
    phases.inside_scope(process, draft.lat, draft.lon)
    area = draft.area
    if area is None and draft.lat is not None and draft.lon is not None:
        hit = index.area_at(draft.lat, draft.lon)
        area = Area.objects.filter(pk=hit.id).first() if hit else None
    with transaction.atomic():
        Resident.objects.select_for_update().filter(pk=resident.pk).first()  # one at a time
        today = Proposal.objects.filter(process=process, author=resident,
                                        created_at__gte=now - timedelta(days=1)).count()
        if today >= PER_DAY:
            raise Refused("too_many_proposals", _(
                "You have sent %(n)d proposals today, the most for one day. Add to one of "
                "them, or come back tomorrow.") % {"n": PER_DAY})
        proposal = Proposal(process=process, title=title, body=body, category=draft.category,
                            area=area, lat=draft.lat, lon=draft.lon, author=resident,
                            language=draft.language, created_at=now)
        if draft.photo is not None:
            proposal.photo.save(draft.photo.name or "photo.jpg", draft.photo, save=False)
        proposal.save()
        audit.record(EventKind.PROPOSED, now, proposal=proposal)
    return proposal


def support(proposal: Proposal, resident: Resident | None, *,
            now: datetime | None = None) -> Proposal:
    """One more support, or ``Refused`` (already supported, wrong phase, closed proposal)."""
    now = now or timezone.now()
    process = proposal.process
    phases.require(process, SUPPORT_PHASES, now)
    resident = phases.require_resident(process, resident)
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.status not in SUPPORTABLE:
            raise Refused("not_supportable", _("This proposal no longer takes supports: it "
                                               "is %(status)s.")
                          % {"status": proposal.get_status_display().lower()})
        try:
            with transaction.atomic():
                Support.objects.create(proposal=proposal, resident=resident, created_at=now)
        except IntegrityError:
            raise Refused("already_supported", _("You already support this proposal.")) \
                from None
        Proposal.objects.filter(pk=proposal.pk).update(supports=F("supports") + 1)
        proposal.refresh_from_db(fields=["supports"])
        audit.record(EventKind.SUPPORTED, now, proposal=proposal)
        _maybe_threshold(proposal, now)
    return proposal


def _maybe_threshold(proposal: Proposal, now: datetime) -> None:
    process = proposal.process
    if proposal.threshold_reached_at is None and proposal.supports >= process.support_threshold:
        proposal.threshold_reached_at = now
        proposal.answer_due_at = now + timedelta(days=process.answer_days)
        proposal.save(update_fields=["threshold_reached_at", "answer_due_at"])
        audit.record(EventKind.THRESHOLD, now, proposal=proposal, supports=proposal.supports)


@dataclass(frozen=True)
class Decision:
    """Staff's answer: a status, the public text, and the evaluation behind it."""

    status: str
    text: str
    feasibility: str = ""
    cost: Decimal | None = None
    # For an acceptance: the category of the case that carries it out, if the
    # proposal has none, and its place, if it has no point.
    category: ServiceCategory | None = None
    lat: float | None = None
    lon: float | None = None


ANSWERABLE = (ProposalStatus.EVALUATING, ProposalStatus.ACCEPTED, ProposalStatus.REJECTED)


def answer(proposal: Proposal, user: User, decision: Decision, *,
           now: datetime | None = None) -> Proposal:
    """Answer in public; accepting opens the case that carries the proposal out."""
    now = now or timezone.now()
    if decision.status not in ANSWERABLE:
        raise Refused("bad_status", _("Answer with evaluating, accepted or not accepted."),
                      field="status")
    text = decision.text.strip()
    if not text:
        raise Refused("answer_required", _("Write the answer residents will read; a "
                                           "refusal needs its reasons."), field="text")
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.status == ProposalStatus.HIDDEN:
            raise Refused("hidden", _("This proposal is hidden; show it again before "
                                      "answering it."))
        if proposal.status in ANSWERED:
            raise Refused("already_answered", _("This proposal has been answered already "
                                                "(%(status)s).")
                          % {"status": proposal.get_status_display().lower()})
        proposal.status, proposal.answer = decision.status, text
        proposal.answered_by = _user(user)
        if decision.status != ProposalStatus.EVALUATING:  # "being evaluated" keeps the clock
            proposal.answered_at = now
        proposal.feasibility = decision.feasibility or proposal.feasibility
        if decision.cost is not None:
            proposal.cost_estimate = decision.cost
        if decision.category is not None:
            proposal.category = decision.category
        if decision.status == ProposalStatus.ACCEPTED:
            proposal.case = _open_case(proposal, user, decision, now)
        proposal.save()
        event = audit.record(EventKind.ANSWERED, now, proposal=proposal, staff=user,
                             status=decision.status)
        news.tell_author(proposal, event, now)
        if proposal.case is not None:
            audit.record(EventKind.CASE_OPENED, now, proposal=proposal, staff=user,
                         case=proposal.case.reference)
    return proposal


def _open_case(proposal: Proposal, user: User, decision: Decision, now: datetime) -> Case:
    return work.open_case(work.Work(
        title=proposal.title, body=proposal.body, category=decision.category or proposal.category,
        lat=decision.lat if decision.lat is not None else proposal.lat,
        lon=decision.lon if decision.lon is not None else proposal.lon,
        area_id=proposal.area_id, language=proposal.language), user, now)


def implemented(proposal: Proposal, user: User, text: str = "", *,
                now: datetime | None = None) -> Proposal:
    now = now or timezone.now()
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.status != ProposalStatus.ACCEPTED:
            raise Refused("not_accepted", _("Only an accepted proposal can be marked "
                                            "implemented."))
        proposal.status = ProposalStatus.IMPLEMENTED
        if text.strip():
            proposal.answer = text.strip()
        proposal.save(update_fields=["status", "answer"])
        event = audit.record(EventKind.ANSWERED, now, proposal=proposal, staff=user,
                             status=ProposalStatus.IMPLEMENTED)
        news.tell_author(proposal, event, now)
    return proposal


def merge(proposal: Proposal, into: Proposal, user: User, *,
          now: datetime | None = None) -> Proposal:
    """Fold a duplicate into ``into``: its supporters support ``into`` (once each)."""
    now = now or timezone.now()
    if proposal.pk == into.pk or proposal.process_id != into.process_id:
        raise Refused("bad_merge", _("Merge into another proposal of the same process."))
    with transaction.atomic():
        first, second = sorted([proposal, into], key=lambda p: p.pk)
        _locked(first), _locked(second)  # in id order, so two merges never deadlock
        proposal, into = _locked(proposal), _locked(into)
        if into.status not in SUPPORTABLE or proposal.status in ANSWERED:
            raise Refused("bad_merge", _("Both proposals must still be open."))
        have = set(Support.objects.filter(proposal=into).values_list("resident_id", flat=True))
        moved = [Support(proposal=into, resident_id=s.resident_id, created_at=s.created_at)
                 for s in Support.objects.filter(proposal=proposal)
                 if s.resident_id not in have]
        Support.objects.bulk_create(moved)
        into.supports = Support.objects.filter(proposal=into).count()
        into.save(update_fields=["supports"])
        proposal.status, proposal.merged_into = ProposalStatus.MERGED, into
        proposal.answered_at, proposal.answered_by = now, _user(user)
        proposal.save(update_fields=["status", "merged_into", "answered_at", "answered_by"])
        audit.record(EventKind.MERGED, now, proposal=proposal, staff=user, into=into.pk,
                     moved=len(moved))
        _maybe_threshold(into, now)
    return into


def hide(proposal: Proposal, user: User, reason: str, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if not reason.strip():
        raise Refused("reason_required", _("Say why it is hidden; the author is told."),
                      field="reason")
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.status == ProposalStatus.HIDDEN:
            raise Refused("already_hidden", _("This proposal is hidden already."))
        proposal.status, proposal.hidden_reason = ProposalStatus.HIDDEN, reason.strip()[:300]
        proposal.save(update_fields=["status", "hidden_reason"])
        event = audit.record(EventKind.HIDDEN, now, proposal=proposal, staff=user,
                             reason=reason)
        news.tell_author(proposal, event, now)


def show(proposal: Proposal, user: User, *, now: datetime | None = None) -> Proposal:
    """Undo a hiding: the proposal takes back the status its last answer gave it."""
    now = now or timezone.now()
    with transaction.atomic():
        proposal = _locked(proposal)
        if proposal.status != ProposalStatus.HIDDEN:
            raise Refused("not_hidden", _("This proposal is not hidden."))
        last = (proposal.events.filter(kind=EventKind.ANSWERED).order_by("-at", "-id")
                .values_list("data", flat=True).first())
        before = (last or {}).get("status", "")
        if before in ProposalStatus.values and before != ProposalStatus.HIDDEN:
            proposal.status = before
        elif proposal.merged_into_id is not None:
            proposal.status = ProposalStatus.MERGED
        else:
            proposal.status = ProposalStatus.PUBLISHED
        proposal.hidden_reason = ""
        proposal.save(update_fields=["status", "hidden_reason"])
        audit.record(EventKind.SHOWN, now, proposal=proposal, staff=user)
    return proposal


def overdue(now: datetime | None = None) -> QuerySet[Proposal]:
    """Proposals over the threshold whose answer is late (the cockpit's list)."""
    now = now or timezone.now()
    return (Proposal.objects.filter(answer_due_at__lt=now, answered_at__isnull=True)
            .exclude(status__in=[*ANSWERED, ProposalStatus.HIDDEN])
            .select_related("process").order_by("answer_due_at"))


def waiting_answer() -> QuerySet[Proposal]:
    """Proposals over the threshold not yet answered, the most urgent first."""
    return (Proposal.objects.filter(threshold_reached_at__isnull=False, answered_at__isnull=True)
            .exclude(status__in=[*ANSWERED, ProposalStatus.HIDDEN])
            .select_related("process").order_by("answer_due_at"))


def case_of(case: Case) -> list[Proposal]:
    """The proposals a case carries out (the case page's link back)."""
    return list(Proposal.objects.filter(case=case).select_related("process"))
