"""Warning subscriptions in the admin: looked at, filtered and deleted, never edited.

An address is only ever added by its owner's confirmation, by the browser's
permission, or by staff on the command line (``cityloop warnings subscribe``);
staff may remove one (a complaint, a bouncing address). The fan-out of each
warning shows how many were queued and when the first was delivered.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cityloop.adminsite import ViewOnlyAdmin
from cityloop.warnings.subscriptions import optin, reach
from cityloop.warnings.subscriptions.models import Fanout, Subscription


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("confirmed")
    parameter_name = "confirmed"

    def lookups(self, request: HttpRequest, model_admin: object) -> list[tuple[str, str]]:
        return [("yes", str(_("Confirmed"))), ("no", str(_("Waiting for confirmation")))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Subscription]
                 ) -> QuerySet[Subscription]:
        if self.value() in ("yes", "no"):
            return queryset.filter(confirmed_at__isnull=self.value() == "no")
        return queryset


@admin.register(Subscription)
class SubscriptionAdmin(ViewOnlyAdmin):
    list_display = ["address", "channel", "area_list", "language", "source", "created_at",
                    "confirmed_at"]
    list_filter = ["channel", ConfirmedFilter, "language", "source", "areas"]
    search_fields = ["address", "areas__code", "areas__name"]
    readonly_fields = ["channel", "address", "area_list", "language", "source", "created_at",
                       "confirmed_at"]
    exclude = ["push_keys", "secret", "code_attempts", "areas"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Subscription]:
        return super().get_queryset(request).prefetch_related("areas")

    @admin.display(description=_("areas"))
    def area_list(self, obj: Subscription) -> str:
        return optin.area_names(obj.areas.all())


@admin.register(Fanout)
class FanoutAdmin(ViewOnlyAdmin):
    list_display = ["warning", "queued", "queued_at", "queue_ms", "first_sent_at",
                    "to_first_resident"]
    readonly_fields = ["warning", "queued", "queued_at", "queue_ms", "first_sent_at",
                       "to_first_resident"]
    list_select_related = ["warning"]

    @admin.display(description=_("observation to first resident told (s)"))
    def to_first_resident(self, obj: Fanout) -> str:
        seconds = reach.reach(obj.warning).seconds_to_first
        return "" if seconds is None else f"{seconds:.1f}"
