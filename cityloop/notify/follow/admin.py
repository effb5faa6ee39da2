"""The followers' subscriptions in the admin: looked at and deleted, never edited.

An address is only ever added by its owner's confirmation; staff may remove
one (a complaint, a bouncing address) but not sign anyone up.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cityloop.adminsite import ViewOnlyAdmin
from cityloop.notify.follow.models import Subscription


@admin.register(Subscription)
class SubscriptionAdmin(ViewOnlyAdmin):
    list_display = ["email", "target", "followed", "mode", "language", "created_at",
                    "confirmed_at"]
    list_filter = ["target", "mode", "language", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "case__reference", "area__code", "area__name"]
    readonly_fields = [f.name for f in Subscription._meta.fields]
    list_select_related = ["case", "area"]

    @admin.display(description=_("follows"))
    def followed(self, obj: Subscription) -> str:
        return obj.describe()
