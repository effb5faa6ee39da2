"""Admin forms that show one text box per language instead of raw JSON.

A model field ``name`` with its sibling ``name_i18n`` gets, for every
language in ``settings.LANGUAGES`` other than the default, a field
"name (Simplified Chinese)" in the admin form.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.http import HttpRequest


def translated_fields(model: type[models.Model]) -> list[str]:
    names = {f.name for f in model._meta.get_fields()}
    return [n[: -len("_i18n")] for n in sorted(names) if n.endswith("_i18n") and n[:-5] in names]


def _other_languages() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label in settings.LANGUAGES
            if code != settings.LANGUAGE_CODE]


class TranslatedForm(forms.ModelForm):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for base in translated_fields(self._meta.model):
            source = self._meta.model._meta.get_field(base)
            current = getattr(self.instance, f"{base}_i18n", None) or {}
            long_text = isinstance(source, models.TextField)
            for code, label in _other_languages():
                self.fields[f"{base}__{code}"] = forms.CharField(
                    label=f"{source.verbose_name} ({label})",
                    required=False,
                    initial=current.get(code, ""),
                    widget=forms.Textarea(attrs={"rows": 3}) if long_text else None,
                )

    def save(self, commit: bool = True) -> Any:
        for base in translated_fields(self._meta.model):
            values = dict(getattr(self.instance, f"{base}_i18n", None) or {})
            for code, _label in _other_languages():
                text = (self.cleaned_data.get(f"{base}__{code}") or "").strip()
                if text:
                    values[code] = text
                else:
                    values.pop(code, None)
            setattr(self.instance, f"{base}_i18n", values)
        return super().save(commit)


class TranslatedAdmin(admin.ModelAdmin):
    form = TranslatedForm

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        excluded = list(super().get_exclude(request, obj) or [])
        return excluded + [f"{base}_i18n" for base in translated_fields(self.model)]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        fields = [f for f in super().get_fields(request, obj) if "__" not in str(f)]
        out: list[Any] = []
        for field in fields:
            out.append(field)
            if field in translated_fields(self.model):
                out += [f"{field}__{code}" for code, _label in _other_languages()]
        return out
