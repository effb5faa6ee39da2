"""Admin forms that show one text box per language instead of raw JSON.

A model field ``name`` with its sibling ``name_i18n`` gets, for every
language in ``settings.LANGUAGES`` other than the default, a form field
``name__zh-hans`` labelled "name (Simplified Chinese)", filled from and
saved to ``name_i18n``.

The fields are *declared* on a form class built per model
(``translated_form``): Django's ``modelform_factory`` refuses field names
that are neither model fields nor declared form fields, so adding them in
``__init__`` only would break every admin page that names them.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext as _


def translated_fields(model: type[models.Model]) -> list[str]:
    """Fields of ``model`` with a ``<name>_i18n`` sibling holding other languages."""
    names = {f.name for f in model._meta.get_fields()}
    return [n[: -len("_i18n")] for n in sorted(names) if n.endswith("_i18n") and n[:-5] in names]


def other_languages() -> list[tuple[str, Any]]:
    """(code, label) of every language kept in the ``_i18n`` mappings."""
    return [(code, label) for code, label in settings.LANGUAGES
            if code != settings.LANGUAGE_CODE]


def language_field(base: str, code: str) -> str:
    return f"{base}__{code}"


class TranslatedForm(forms.ModelForm):
    """Fills the per-language fields from ``<name>_i18n`` and saves them back."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for base in translated_fields(self._meta.model):
            current = getattr(self.instance, f"{base}_i18n", None) or {}
            if base in self.fields:  # "Name (English)" above "Name (Simplified Chinese)"
                self.fields[base].label = in_language(
                    self._meta.model._meta.get_field(base).verbose_name,
                    default_language_label())
            for code, _label in other_languages():
                name = language_field(base, code)
                if name in self.fields:
                    self.initial.setdefault(name, current.get(code, ""))

    def save(self, commit: bool = True) -> Any:
        for base in translated_fields(self._meta.model):
            values = dict(getattr(self.instance, f"{base}_i18n", None) or {})
            for code, _label in other_languages():
                name = language_field(base, code)
                if name not in self.fields:
                    continue  # not on this form: keep what is stored
                text = (self.cleaned_data.get(name) or "").strip()
                if text:
                    values[code] = text
                else:
                    values.pop(code, None)
            setattr(self.instance, f"{base}_i18n", values)
        return super().save(commit)


def _in_language(field_label: Any, language_label: Any) -> str:
    return _("%(field)s (%(language)s)") % {"field": capfirst(field_label),
                                          "language": language_label}


in_language = lazy(_in_language, str)


def _language_form_field(source: models.Field[Any, Any], label: Any) -> forms.CharField:
    long_text = isinstance(source, models.TextField)
    return forms.CharField(
        label=in_language(source.verbose_name, label),
        required=False,
        max_length=None if long_text else source.max_length,
        widget=forms.Textarea(attrs={"rows": 4, "class": "vLargeTextField"}) if long_text
        else forms.TextInput(attrs={"class": "vTextField"}),
    )


def default_language_label() -> Any:
    return dict(settings.LANGUAGES).get(settings.LANGUAGE_CODE, settings.LANGUAGE_CODE)


def translated_form(model: type[models.Model],
                    base: type[forms.ModelForm] = TranslatedForm) -> type[forms.ModelForm]:
    """``base`` with a declared field per translated field and other language."""
    if not issubclass(base, TranslatedForm):
        base = type(base.__name__, (TranslatedForm, base), {})
    declared: dict[str, Any] = {}
    for name in translated_fields(model):
        source = model._meta.get_field(name)
        assert isinstance(source, models.Field)
        for code, label in other_languages():
            declared[language_field(name, code)] = _language_form_field(source, label)
    return type(f"{model.__name__}TranslatedForm", (base,), declared)


def with_languages(model: type[models.Model], fields: list[Any]) -> list[Any]:
    """``fields`` with each translated field followed by its other languages."""
    translated = translated_fields(model)
    out: list[Any] = []
    for field in fields:
        if isinstance(field, str) and "__" in field:
            continue  # placed after its source field below
        out.append(field)
        if field in translated:
            out += [language_field(field, code) for code, _label in other_languages()]
    return out


class TranslatedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose form edits every ``_i18n`` mapping as text boxes."""

    form: type[forms.ModelForm] = TranslatedForm

    def __init__(self, model: type[models.Model], admin_site: admin.AdminSite):
        super().__init__(model, admin_site)
        self.form = translated_form(model, self.form)

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        excluded = list(super().get_exclude(request, obj) or [])
        return excluded + [f"{base}_i18n" for base in translated_fields(self.model)]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return with_languages(self.model, list(super().get_fields(request, obj)))


class TranslatedInlineMixin:
    """The same for an inline (a StackedInline or TabularInline subclass)."""

    model: type[models.Model]
    form: type[forms.ModelForm]

    def __init__(self, parent_model: type[models.Model], admin_site: admin.AdminSite):
        super().__init__(parent_model, admin_site)  # type: ignore[call-arg]
        self.form = translated_form(self.model, self.form)

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        excluded = list(super().get_exclude(request, obj) or [])  # type: ignore[misc]
        return excluded + [f"{base}_i18n" for base in translated_fields(self.model)]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return with_languages(self.model, list(super().get_fields(request, obj)))  # type: ignore[misc]


class WordListField(forms.Field):
    """A JSON list of words or phrases, edited one per line (keywords, tags)."""

    widget = forms.Textarea(attrs={"rows": 6, "class": "vLargeTextField"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> list[str]:
        if isinstance(value, list | tuple):
            return [str(item).strip() for item in value if str(item).strip()]
        lines = str(value or "").splitlines()
        return [line.strip() for line in lines if line.strip()]
