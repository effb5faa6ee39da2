"""/cases/: find a report by its reference; /cases/<reference>/: its public page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from cityloop.web.public import case_page


@require_GET
def lookup(request: HttpRequest) -> HttpResponseBase:
    typed = request.GET.get("reference", "")
    if not typed.strip():
        return render(request, "web/public/case_lookup.html", {"typed": ""})
    case = case_page.find(case_page.normalise(typed))
    if case is None:
        return render(request, "web/public/case_lookup.html",
                      {"typed": typed.strip()[:40], "not_found": True}, status=404)
    return redirect("public_case", reference=case.reference)


@require_GET
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_page.find(reference)
    if case is None:
        raise Http404
    return render(request, "web/public/case.html", {"page": case_page.page(case)})
