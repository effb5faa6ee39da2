"""Admin pages: processes with their phases and documents, surveys with their questions,
budgets with their projects, answer templates; the rest read-only.

What residents did (proposals, comments, responses, the log) is read here, and
changed only by the steps in this app (the staff pages answer and moderate), so
every change leaves its event. Ballots and the voter roll have no page at all:
the results page counts them, and nobody reads one ballot.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cityloop.admin_i18n import TranslatedAdmin, TranslatedInlineMixin
from cityloop.participation import budgets, residents
from cityloop.participation.errors import Refused
from cityloop.participation.models import (
    AnswerTemplate,
    Budget,
    Comment,
    Document,
    Event,
    Phase,
    Process,
    Project,
    Proposal,
    Question,
    Resident,
    Survey,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class DocumentInline(TranslatedInlineMixin, admin.StackedInline):
    model = Document
    extra = 0
    # A link typed without its scheme is an https one (Django 6's default, said now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Process)
class ProcessAdmin(TranslatedAdmin):
    list_display = ["title", "kind", "area", "department", "published"]
    list_filter = ["kind", "published"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["area", "department"]
    inlines = [PhaseInline, DocumentInline]


class QuestionInline(TranslatedInlineMixin, admin.StackedInline):
    model = Question
    extra = 0


@admin.register(Survey)
class SurveyAdmin(TranslatedAdmin):
    list_display = ["title", "process", "case"]
    search_fields = ["title"]
    raw_id_fields = ["case"]
    inlines = [QuestionInline]


class ProjectInline(TranslatedInlineMixin, admin.StackedInline):
    model = Project
    extra = 0
    autocomplete_fields = ["area"]
    raw_id_fields = ["proposal", "case"]


@admin.register(Budget)
class BudgetAdmin(TranslatedAdmin):
    list_display = ["title", "process", "amount", "rule", "results_published_at"]
    readonly_fields = ["results_published_at"]
    inlines = [ProjectInline]
    actions = ["publish"]

    @admin.action(description=_("Count the ballots and publish the results"))
    def publish(self, request: HttpRequest, queryset: QuerySet[Budget]) -> None:
        for budget in queryset:
            try:
                result = budgets.publish_results(budget, request.user)
            except Refused as refused:
                self.message_user(request, f"{budget}: {refused.message}", messages.ERROR)
                continue
            self.message_user(request, _("%(budget)s: %(ballots)d ballots counted, results "
                                         "published.")
                              % {"budget": budget, "ballots": result.ballots})


@admin.register(AnswerTemplate)
class AnswerTemplateAdmin(TranslatedAdmin):
    list_display = ["title", "status"]
    list_filter = ["status"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnly):
    list_display = ["title", "process", "status", "supports", "answer_due_at", "answered_at"]
    list_filter = ["status", "process"]
    search_fields = ["title"]
    date_hierarchy = "created_at"
    # The author is a resident: shown by number only, like everywhere.
    exclude = ["author"]


@admin.register(Comment)
class CommentAdmin(ReadOnly):
    list_display = ["__str__", "proposal", "created_at", "reports", "hidden_at"]
    list_filter = ["hidden_at"]
    exclude = ["author"]


@admin.register(Resident)
class ResidentAdmin(ReadOnly):
    """Found by their address (to forget one on request), never listed with it.

    Forgotten, not deleted: the row keeps the keyed hash of the address, so what the
    resident did stays counted once, and verifying again finds them."""

    list_display = ["__str__", "channel", "area", "verified_at", "residence_checked_at"]
    list_filter = ["channel"]
    search_fields = ["=address"]
    fields = ["channel", "language", "area", "verified_at", "residence_checked_at"]
    actions = ["forget"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Forget the addresses of the selected residents"),
                  permissions=["view"])
    def forget(self, request: HttpRequest, queryset: QuerySet[Resident]) -> None:
        for resident in queryset:
            residents.forget(resident)
        self.message_user(request, _("%(n)d residents forgotten: their addresses are "
                                     "deleted, what they did stays counted once.")
                          % {"n": queryset.count()})


@admin.register(Event)
class EventAdmin(ReadOnly):
    list_display = ["at", "kind", "process", "proposal", "staff", "reason"]
    list_filter = ["kind", "process"]
    date_hierarchy = "at"

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
