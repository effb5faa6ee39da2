"""The warning composer and the duty officer's list.

Every view needs a signed-in member of staff with ``warnings.publish_warning``
(the duty officer's role, roles.py); others get 403. Writes are POSTs with
the CSRF token; publishing goes through ``warnings.publish.publish`` and a
refusal is shown on the page, never a server error.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cityloop.warnings.cap import languages
from cityloop.warnings.current import current_queryset
from cityloop.warnings.models import MsgType, Warning, WarningTemplate
from cityloop.warnings.publish import PublishRefused, draft_replacement, publish
from cityloop.warnings.roles import may_publish
from cityloop.web.ops.warnings.forms import AreaChoice, Composer, initial_from

View = Callable[..., HttpResponseBase]
TEXTS = ("event", "headline", "description", "instruction")


def duty_officer(view: View) -> View:
    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not may_publish(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(guarded)


@duty_officer
def index(request: HttpRequest) -> HttpResponse:
    drafts = (Warning.objects.filter(published_at__isnull=True)
              .prefetch_related("areas").select_related("references", "trigger"))
    return render(request, "web/ops/warnings/index.html", {
        "drafts": drafts, "current": current_queryset().prefetch_related("areas"),
        "templates": WarningTemplate.objects.filter(active=True),
    })


def _publish(request: HttpRequest, warning: Warning) -> bool:
    try:
        publish(warning, by=request.user)  # type: ignore[arg-type]  # signed in
    except PublishRefused as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, _("Published: %(headline)s") % {"headline": warning.headline})
    return True


def _save(form: Any, request: HttpRequest, original: Warning | None,
          draft: Warning | None, template: WarningTemplate | None) -> Warning:
    """The form's warning, saved unpublished: a new alert, an update, or the draft edited."""
    warning: Warning = form.instance
    if draft is None:
        warning.created_by = request.user  # type: ignore[assignment]  # signed in
        warning.template = template if original is None else original.template
    if original is not None:  # what the form does not show comes from the original
        warning.msg_type, warning.references = MsgType.UPDATE, original
        for name in ("polygon", "alert_id", "indicator_id", "trigger_id", "observed_at"):
            setattr(warning, name, getattr(original, name))
    saved: Warning = form.save()
    return saved


@duty_officer
def compose(request: HttpRequest, pk: int | None = None, update_of: int | None = None
            ) -> HttpResponse:
    """A new warning (``?template=code``), a draft's edit (pk) or an update (update_of)."""
    draft = get_object_or_404(Warning, pk=pk, published_at__isnull=True) if pk else None
    original = (get_object_or_404(Warning, pk=update_of, published_at__isnull=False,
                                  replaced_at__isnull=True) if update_of else None)
    template = WarningTemplate.objects.filter(code=request.GET.get("template", ""),
                                              active=True).first()
    source = original or template
    initial = initial_from(source) if source is not None and draft is None else {}
    form = Composer(request.POST or None, instance=draft, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", "preview")
        if action == "preview":
            preview = form.save(commit=False)
        else:
            warning = _save(form, request, original, draft, template)
            if action == "publish" and _publish(request, warning):
                return redirect("ops-warnings")
            if action != "publish":
                messages.success(request, _("Saved as a draft."))
            return redirect("ops-warnings")
    return render(request, "web/ops/warnings/compose.html", {
        "form": form, "draft": draft, "original": original, "template": template,
        "templates": WarningTemplate.objects.filter(active=True),
        "area_ids": {a.code: a.pk for a in AreaChoice.queryset_of(form)},
        **_preview(preview, form),
    })


def _preview(preview: Warning | None, form: Any) -> dict[str, Any]:
    """The unsaved warning as residents will read it, in every language."""
    if preview is None:
        return {}
    texts = [(language, {name: preview.text(name, language) for name in TEXTS})
             for language in languages()]
    return {"preview": preview, "preview_texts": texts,
            "preview_areas": form.cleaned_data.get("areas", [])}


@duty_officer
@require_POST
def publish_draft(request: HttpRequest, pk: int) -> HttpResponse:
    _publish(request, get_object_or_404(Warning, pk=pk, published_at__isnull=True))
    return redirect("ops-warnings")


@duty_officer
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    original = get_object_or_404(Warning, pk=pk, published_at__isnull=False)
    with transaction.atomic():
        replacement = draft_replacement(original, MsgType.CANCEL)
        if not _publish(request, replacement):
            transaction.set_rollback(True)
    return redirect("ops-warnings")


@duty_officer
@require_POST
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(Warning, pk=pk, published_at__isnull=True).delete()
    messages.success(request, _("The draft was discarded."))
    return redirect("ops-warnings")
