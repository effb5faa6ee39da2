from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cityloop.adminsite import ViewOnlyAdmin
from cityloop.notify.models import Delivery, Message, NotificationChannel
from cityloop.registry import notification_transports


class ChannelForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("kind"), choices=())

    class Meta:
        model = NotificationChannel
        fields = ["name", "kind", "department", "target", "secret", "events", "language",
                  "enabled", "disabled_reason"]

    def __init__(self, *args: object, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = [(e.key, f"{e.key}: {e.doc}")  # type: ignore[attr-defined]
                                       for e in notification_transports]


@admin.register(NotificationChannel)
class NotificationChannelAdmin(admin.ModelAdmin):
    form = ChannelForm
    list_display = ["name", "kind", "department", "target", "enabled", "disabled_reason"]
    list_filter = ["kind", "enabled"]
    search_fields = ["name", "target"]
    autocomplete_fields = ["department"]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    readonly_fields = ["attempt", "worker", "started_at", "finished_at", "duration_ms", "outcome",
                       "error"]
    can_delete = False
    extra = 0


@admin.register(Message)
class MessageAdmin(ViewOnlyAdmin):
    list_display = ["id", "kind", "transport", "target", "status", "attempts", "created_at",
                    "sent_at"]
    list_filter = ["status", "kind", "transport"]
    search_fields = ["target", "case__reference"]
    readonly_fields = [f.name for f in Message._meta.fields]
    inlines = [DeliveryInline]
