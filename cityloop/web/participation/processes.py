"""``/participate/``: the published processes, and each process's page with its phases,
documents and, for a proposals process, the proposals with filters and a sort."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from cityloop.catalogue.models import ServiceCategory
from cityloop.geo import index
from cityloop.geo.models import Area, AreaLevel
from cityloop.participation.models import (
    VISIBLE,
    Document,
    PhaseKind,
    Process,
    ProcessKind,
    Proposal,
    ProposalStatus,
)
from cityloop.participation.proposals import SUBMIT_PHASES
from cityloop.web.participation import session

PER_PAGE = 20
SORTS = {"supported": ["-supports", "-created_at", "-id"], "new": ["-created_at", "-id"]}


def published() -> QuerySet[Process]:
    return Process.objects.filter(published=True).select_related("area", "department")


@require_safe
def index_page(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    processes = (published().prefetch_related("phases")
                 .annotate(proposal_count=Count("proposals", distinct=True, filter=Q(
                     proposals__status__in=VISIBLE)),
                           survey_count=Count("surveys", distinct=True),
                           budget_count=Count("budgets", distinct=True))
                 .order_by("-created_at", "-id"))  # an aggregate drops Meta.ordering
    rows = [{"process": p, "phase": p.phase_at(now)} for p in processes]
    return render(request, "web/participation/index.html",
                  {"rows": rows, "resident": session.resident_of(request)})


def _links(process: Process, kind: str, name: str) -> list[dict[str, Any]]:
    """The process's surveys or budgets with their pages' addresses (``participate:survey``
    and ``participate:budget``, in decide_urls)."""
    items = process.surveys.all() if kind == "survey" else process.budgets.all()
    links = []
    for item in items:
        links.append({"item": item, "title": item.title_text(),
                      "url": reverse(name, args=[item.pk])})
    return links


def _timeline(process: Process, now: Any) -> list[dict[str, Any]]:
    current = process.phase_at(now)
    return [{"phase": p, "current": current is not None and p.pk == current.pk,
             "past": p.ends_at <= now} for p in process.phases.all()]


@require_safe
def process_page(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(published().prefetch_related("phases", "documents"), slug=slug)
    now = timezone.now()
    phase = process.phase_at(now)
    context: dict[str, Any] = {
        "process": process, "phase": phase, "timeline": _timeline(process, now),
        "documents": list(process.documents.all()),
        "surveys": _links(process, "survey", "participate:survey"),
        "budgets": _links(process, "budget", "participate:budget"),
    }
    if process.kind == ProcessKind.PROPOSALS:
        context.update(_proposals(request, process))
        context["can_propose"] = phase is not None and phase.kind in SUBMIT_PHASES
    return render(request, "web/participation/process.html", context)


def _proposals(request: HttpRequest, process: Process) -> dict[str, Any]:
    chosen = {"status": request.GET.get("status", ""), "category": request.GET.get("category", ""),
              "area": request.GET.get("area", ""), "sort": request.GET.get("sort", "supported")}
    if chosen["sort"] not in SORTS:
        chosen["sort"] = "supported"
    proposals = (Proposal.objects.filter(process=process, status__in=VISIBLE)
                 .select_related("category", "area"))
    if chosen["status"] in {str(s) for s in VISIBLE}:
        proposals = proposals.filter(status=chosen["status"])
    else:
        chosen["status"] = ""
    if chosen["category"]:
        proposals = proposals.filter(category__service_code=chosen["category"])
    area = Area.objects.filter(code=chosen["area"]).first() if chosen["area"] else None
    if area is not None:
        proposals = proposals.filter(area_id__in=index.subtree(area.pk))
    page = Paginator(proposals.order_by(*SORTS[chosen["sort"]]), PER_PAGE).get_page(
        request.GET.get("page"))
    used = Proposal.objects.filter(process=process, status__in=VISIBLE)
    categories = ServiceCategory.objects.filter(
        pk__in=used.exclude(category=None).values("category")).order_by("name")
    areas = Area.objects.filter(level__in=[AreaLevel.DISTRICT, AreaLevel.STREET])
    query = {k: v for k, v in chosen.items() if v}
    return {"page": page, "chosen": chosen, "query": query,
            "statuses": [(str(s), ProposalStatus(s).label) for s in VISIBLE],
            "categories": sorted(categories, key=lambda c: c.display_name),
            "areas": sorted(areas, key=lambda a: (a.level != AreaLevel.DISTRICT,
                                                  a.display_name)),
            "phase_kinds": PhaseKind}


@require_safe
def document(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A process's document: its stored file, or the link it names."""
    item = get_object_or_404(Document, pk=pk, process__published=True)
    name = item.file.name
    if not name:
        if item.link:
            return redirect(item.link)
        raise Http404
    try:
        handle = item.file.storage.open(name, "rb")
    except (FileNotFoundError, NotADirectoryError):
        raise Http404 from None
    kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=kind, as_attachment=True)
    # Never sniffed into something else: the file was uploaded by staff, but still a file.
    response["X-Content-Type-Options"] = "nosniff"
    return response
