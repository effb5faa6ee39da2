"""The warning subscription form: areas, a channel and its address, a language."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from cityloop.geo.models import Area, AreaLevel
from cityloop.warnings.subscriptions.models import Channel

PHONE = re.compile(r"\+?[0-9][0-9 ()-]{5,19}")
MAX_AREAS = 20
# The channels a resident chooses on the page; Web Push has its own button (the
# browser's permission prompt), webhooks are added by staff.
FORM_CHANNELS = [(Channel.EMAIL.value, _("Email")), (Channel.SMS.value, _("Text message"))]


def _offer_areas(form: forms.Form) -> None:
    """The areas one may subscribe to (the page shows them grouped by district)."""
    field = form.fields["areas"]
    assert isinstance(field, forms.MultipleChoiceField)
    field.choices = [(code, code) for code in Area.objects.filter(
        level__in=[AreaLevel.CITY, AreaLevel.DISTRICT, AreaLevel.STREET])
        .values_list("code", flat=True)]


class SubscribeForm(forms.Form):
    areas = forms.MultipleChoiceField(
        label=_("Areas"), choices=[],
        error_messages={"required": _("Choose at least one area."),
                        "invalid_choice": _("Choose areas from the list.")})
    channel = forms.ChoiceField(label=_("How"), choices=FORM_CHANNELS,
                                initial=Channel.EMAIL, widget=forms.RadioSelect)
    address = forms.CharField(
        label=_("Email address or phone number"), max_length=254,
        error_messages={"required": _("Write where the warnings should go.")})
    language = forms.ChoiceField(label=_("Language of the warnings"),
                                 choices=settings.LANGUAGES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer_areas(self)

    def clean_areas(self) -> list[Area]:
        codes = self.cleaned_data["areas"]
        if len(codes) > MAX_AREAS:
            raise forms.ValidationError(
                _("Choose at most %(n)d areas; a district includes its streets."),
                params={"n": MAX_AREAS})
        return list(Area.objects.filter(code__in=codes))

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        address, channel = (data.get("address") or "").strip(), data.get("channel")
        if not address or not channel:
            return data
        if channel == Channel.EMAIL:
            try:
                validate_email(address)
            except forms.ValidationError:
                self.add_error("address", _("Write the email address like name@example.com."))
        elif not PHONE.fullmatch(address):
            self.add_error("address", _("Write the phone number with its country code, "
                                        "like +86 138 0000 0000."))
        return data


class CodeForm(forms.Form):
    code = forms.RegexField(label=_("Code"), regex=r"^\s*[0-9]{6}\s*$",
                            error_messages={"required": _("Type the six digits."),
                                            "invalid": _("Type the six digits.")})


class PushForm(forms.Form):
    """What the page's script posts once the browser subscribed (JSON in the body)."""

    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.CharField(max_length=200)
    auth = forms.CharField(max_length=100)
    areas = forms.MultipleChoiceField(choices=[])
    language = forms.ChoiceField(choices=settings.LANGUAGES)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer_areas(self)

    def clean_areas(self) -> list[Area]:
        return list(Area.objects.filter(code__in=self.cleaned_data["areas"][:MAX_AREAS]))
