"""The admin's form for a category's questions: list choices as lines, not JSON.

A question with a list datatype offers choices, stored as
``[{"key": "small", "name": "Small", "name_i18n": {"zh-hans": "小"}}, ...]``.
The admin edits them one per line, key first, then the name in each language
of the city: ``small | Smaller than a dinner plate | 比餐盘小``. The rules are
the YAML loader's: a list needs at least two choices with distinct keys,
other datatypes take none.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cityloop.admin_i18n import TranslatedForm, other_languages
from cityloop.catalogue.models import LIST_DATATYPES, ServiceAttribute

SEPARATOR = "|"


def _columns() -> list[str]:
    return [settings.LANGUAGE_CODE, *(code for code, _label in other_languages())]


class ChoicesField(forms.Field):
    """List choices, one per line: ``key | name | name in the next language ...``."""

    widget = forms.Textarea(attrs={"rows": 5, "class": "vLargeTextField"})

    def prepare_value(self, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        lines = []
        for choice in value:
            if not isinstance(choice, dict):
                continue
            names = choice.get("name_i18n") or {}
            cells = [str(choice.get("key", "")), str(choice.get("name", ""))]
            cells += [str(names.get(code, "")) for code in _columns()[1:]]
            while len(cells) > 2 and not cells[-1]:
                cells.pop()
            lines.append(f" {SEPARATOR} ".join(cells))
        return "\n".join(lines)

    def to_python(self, value: Any) -> list[dict[str, Any]]:
        if isinstance(value, list):
            return value
        choices, problems = [], []
        for number, line in enumerate(str(value or "").splitlines(), start=1):
            if not line.strip():
                continue
            cells = [cell.strip() for cell in line.split(SEPARATOR)]
            if not cells[0] or len(cells) > len(_columns()) + 1:
                problems.append(_("Line %(number)d: give the key, then the name in each "
                                  "language, separated by |.") % {"number": number})
                continue
            key, names = cells[0], cells[1:]
            choice: dict[str, Any] = {"key": key, "name": names[0] if names and names[0]
                                      else key, "name_i18n": {}}
            for code, name in zip(_columns()[1:], names[1:], strict=False):
                if name:
                    choice["name_i18n"][code] = name
            choices.append(choice)
        if problems:
            raise ValidationError(problems)
        return choices


class AttributeForm(TranslatedForm):
    values = ChoicesField(
        label=capfirst(ServiceAttribute._meta.get_field("values").verbose_name),
        required=False,
        help_text=gettext_lazy(
            "For a list: one choice per line, its key, then its name in each language, "
            "separated by |, e.g. small | Smaller than a dinner plate | 比餐盘小"),
    )

    class Meta:
        model = ServiceAttribute
        fields = "__all__"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        values = cleaned.get("values") or []
        if cleaned.get("datatype") in LIST_DATATYPES:
            keys = [choice["key"] for choice in values]
            if len(keys) < 2 or len(set(keys)) != len(keys):
                self.add_error("values", _("A list needs at least two choices, each with its "
                                           "own key."))
        elif values:
            self.add_error("values", _("Only list datatypes offer choices: leave this empty."))
        return cleaned
