from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _

from cityloop.adminsite import ViewOnlyAdmin
from cityloop.notify.chat import admin as _chat_admin  # noqa: F401 (registers its pages)
from cityloop.notify.follow import admin as _follow_admin  # noqa: F401 (registers its pages)
from cityloop.notify.models import (
    DEPARTMENT_KINDS,
    Delivery,
    Kind,
    Message,
    NotificationChannel,
)
from cityloop.registry import notification_transports

CHANNEL_EVENTS = [*DEPARTMENT_KINDS, Kind.CASE_EVENT]


class ChannelForm(forms.ModelForm):
    kind = forms.ChoiceField(label=capfirst(_("kind")), choices=())
    events = forms.MultipleChoiceField(
        label=capfirst(NotificationChannel._meta.get_field("events").verbose_name),
        choices=[(str(k), format_lazy("{} ({})", k.label, k.value)) for k in CHANNEL_EVENTS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Which messages this channel gets. \"Any event of a case\" sends one for "
                    "every event of every case of the department (or of the city)."),
    )

    class Meta:
        model = NotificationChannel
        fields = ["name", "kind", "department", "target", "secret", "events", "language",
                  "enabled", "disabled_reason"]

    def __init__(self, *args: object, **kwargs: object):
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = [(e.key, f"{e.key}: {e.doc}")  # type: ignore[attr-defined]
                                       for e in notification_transports]
        # A kind set in a file but not offered here stays listed, so saving keeps it.
        events = self.fields["events"]
        offered = {value for value, _label in events.choices}  # type: ignore[attr-defined]
        stored = self.instance.events if isinstance(self.instance.events, list) else []
        events.choices = [*events.choices,  # type: ignore[attr-defined]
                          *((str(e), str(e)) for e in stored if str(e) not in offered)]


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
