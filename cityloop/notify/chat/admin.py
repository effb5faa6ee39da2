"""The chat conversations in the admin: where each chat is, read only.

What people wrote (the description in progress) and their chat ids are
private: the list shows neither, and a conversation's page shows the step,
the place and the case it led to, never the photos' bytes.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cityloop.adminsite import ViewOnlyAdmin
from cityloop.notify.chat.models import Conversation


@admin.register(Conversation)
class ConversationAdmin(ViewOnlyAdmin):
    list_display = ["id", "platform", "step", "language", "photo_count", "case", "updated_at"]
    list_filter = ["platform", "step", "language"]
    fields = ("platform", "step", "language", "lat", "lon", "address", "category",
              "photo_count", "case", "created_at", "updated_at")
    readonly_fields = fields
    search_fields = ["case__reference"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Conversation]:
        return super().get_queryset(request).select_related("case")

    @admin.display(description=_("photos"))
    def photo_count(self, conversation: Conversation) -> int:
        return conversation.photos.count()
