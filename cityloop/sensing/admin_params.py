"""Parameters of a rule kind or an indicator source as form fields, not raw JSON.

A rule's ``params`` (``{"minutes": 60, "aggregate": "sum"}``) depend on its
kind; an indicator's on its source. The admin form shows one field per
parameter, ``param_<name>``, each marked with the kinds that take it
(``data-kinds``) so ``sensing/admin-params.js`` shows only the fields of the
chosen kind. On save the form builds ``params`` from the fields of that
kind and checks them with the kind's own ``validate`` (the YAML loader
checks files with the same function), attaching each message to the field
it names.

A kind registered by a city with a parameter this module has no field for
gets a plain text field, described by the kind's own ``allowed`` text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest

from cityloop.admin_i18n import TranslatedAdmin
from cityloop.registry import IndicatorSourceClass, Registry, RuleKindClass

# The registries whose kinds take parameters: rule kinds and indicator sources.
KindRegistry = Registry[RuleKindClass] | Registry[IndicatorSourceClass]

PREFIX = "param_"


def takers(registry: KindRegistry) -> dict[str, list[str]]:
    """Parameter name -> the kinds (registry keys) that take it."""
    out: dict[str, list[str]] = {}
    for entry in registry:
        for name in entry.value.allowed:
            out.setdefault(name, []).append(entry.key)
    return out


def describe(registry: KindRegistry, name: str) -> str:
    """What the kinds that take ``name`` say it is (their ``allowed`` text)."""
    for entry in registry:
        allowed = entry.value.allowed
        if isinstance(allowed, Mapping) and name in allowed:
            return str(allowed[name])
    return ""


def _from_text(text: str) -> Any:
    """A value typed for a parameter with no field of its own: a number or a word."""
    try:
        return json.loads(text)
    except ValueError:
        return text


class KindParamsForm(forms.ModelForm):
    """Base of a ModelForm whose model has a kind field and a ``params`` JSON field.

    Subclasses set ``kind_field`` ("kind", "source"), ``kind_registry`` and
    ``param_fields()`` (name -> a new form field, for the parameters they
    know); ``with_param_fields`` declares the fields.
    """

    kind_field = "kind"
    kind_registry: KindRegistry

    @classmethod
    def param_fields(cls) -> dict[str, forms.Field]:
        return {}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        stored = self.instance.params if isinstance(self.instance.params, Mapping) else {}
        for name, value in stored.items():
            field = self.fields.get(PREFIX + name)
            if field is not None:
                typed = getattr(field, "param_typed", True)
                self.initial.setdefault(PREFIX + name, value if typed else json.dumps(value))

    def params_for(self, kind: str, cleaned: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters of ``kind`` from the fields filled in."""
        if kind not in self.kind_registry:
            return {}
        params: dict[str, Any] = {}
        for name in self.kind_registry.get(kind).allowed:
            field = self.fields.get(PREFIX + name)
            value = cleaned.get(PREFIX + name)
            if field is None or value is None or value == "":
                continue
            key = getattr(field, "to_field_name", None) or "pk"
            if isinstance(value, models.Model):
                value = getattr(value, key)
            elif isinstance(value, models.QuerySet):
                value = [getattr(v, key) for v in value]
                if not value:
                    continue
            elif not getattr(field, "param_typed", True):
                value = _from_text(str(value))
            params[name] = value
        return params

    def param_errors(self, messages: Iterable[str], allowed: Iterable[str]) -> None:
        """Attach each of the kind's messages to the field of the parameter it names."""
        names = sorted((n for n in allowed if PREFIX + n in self.fields), key=len, reverse=True)
        for message in messages:
            field = next((n for n in names if message.startswith(f"{n} ")), None) or next(
                (n for n in names if f" {n}" in message), None)
            self.add_error(PREFIX + field if field else None, ValidationError(message))


_built: dict[tuple[type[Any], tuple[str, ...]], type[Any]] = {}


def with_param_fields(base: type[KindParamsForm]) -> type[KindParamsForm]:
    """``base`` with a declared ``param_<name>`` field for every parameter of every kind.

    Built when asked, not at import: a city's own kinds register later.
    """
    key = (base, tuple(entry.key for entry in base.kind_registry))
    if key not in _built:
        known = base.param_fields()
        declared: dict[str, forms.Field] = {}
        for name, kinds in takers(base.kind_registry).items():
            field = known.get(name)
            if field is None:
                field = forms.CharField(label=name, help_text=describe(base.kind_registry, name))
                field.param_typed = False  # type: ignore[attr-defined]
            field.required = False  # the kind's own validation says what is needed
            field.widget.attrs.update({"data-kinds": " ".join(kinds),
                                       "data-kind-field": base.kind_field})
            declared[PREFIX + name] = field
        _built[key] = type(base.__name__, (base,), declared)
    return _built[key]


def params_layout(fields: list[Any], kind_field: str) -> list[Any]:
    """The parameter fields right after the kind field, the raw ``params`` left out."""
    params = [f for f in fields if isinstance(f, str) and f.startswith(PREFIX)]
    rest = [f for f in fields if f not in params and f != "params"]
    at = rest.index(kind_field) + 1 if kind_field in rest else len(rest)
    return rest[:at] + params + rest[at:]


class KindParamsAdmin(TranslatedAdmin):
    """A TranslatedAdmin whose form is a KindParamsForm: parameters as fields."""

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False,
                 **kwargs: Any) -> Any:
        kwargs.setdefault("form", with_param_fields(self.form))  # type: ignore[arg-type]
        return super().get_form(request, obj, change, **kwargs)

    def get_exclude(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [*super().get_exclude(request, obj), "params"]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        kind_field = getattr(self.form, "kind_field", "kind")
        return params_layout(super().get_fields(request, obj), kind_field)
