"""The answer queue: proposals over their support threshold still waiting for an
answer, the overdue first (with how late), then by the time their answer is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timesince, timeuntil
from django.views.decorators.http import require_GET

from cityloop.participation import policy, proposals
from cityloop.participation.models import Process, Proposal
from cityloop.web.staff.participation.forms import ProcessFilter
from cityloop.web.staff.participation.guard import participation_staff, user_of

# Rows on one page: a city's whole backlog fits; the counts say when it does not.
SHOWN = 200


@dataclass(frozen=True)
class Row:
    proposal: Proposal
    overdue: bool
    when: str  # how late, or how long is left


def rows(waiting: list[Proposal], now: datetime) -> list[Row]:
    out = []
    for proposal in waiting:
        due = proposal.answer_due_at
        late = due is not None and due < now
        when = "" if due is None else (timesince(due, now, depth=2) if late
                                       else timeuntil(due, now, depth=2))
        out.append(Row(proposal, late, when))
    return out


def waiting_for(user: Any, process: Process | None = None) -> Any:
    waiting = policy.answerable_proposals(user, proposals.waiting_answer())
    return waiting.filter(process=process) if process is not None else waiting


@participation_staff
@require_GET
def answer_queue(request: HttpRequest) -> HttpResponse:
    user, now = user_of(request), timezone.now()
    processes = policy.answerable_processes(user).filter(kind="proposals").order_by("title")
    # order_by(): the queue's ordering would split the groups.
    per_process = dict(waiting_for(user).order_by().values("process")
                       .annotate(n=Count("id")).values_list("process", "n"))
    form = ProcessFilter(request.GET or None, processes=processes)
    process = form.cleaned_data.get("process") if form.is_valid() else None
    field = form.fields["process"]
    field.label_from_instance = lambda p: (  # type: ignore[attr-defined]
        f"{p.title_text()} ({per_process.get(p.pk, 0)})")
    waiting = waiting_for(user, process)
    total = waiting.count()
    overdue = waiting.filter(answer_due_at__lt=now).count()
    return render(request, "web/staff/participation/queue.html", {
        "form": form, "rows": rows(list(waiting[:SHOWN]), now), "total": total,
        "overdue": overdue, "shown": min(total, SHOWN), "section": "queue",
    })
