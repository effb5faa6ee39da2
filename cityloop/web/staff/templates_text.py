"""Response templates: prepared public texts offered for a case's category and status.

The text is picked in the case's language (the reporter reads it), and a
few placeholders are filled in: ``{reference}``, ``{category}``, ``{due}``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import formats, timezone, translation

from cityloop.cases.models import Case
from cityloop.i18n import pick
from cityloop.web.models import ResponseTemplate


def _fill(text: str, case: Case) -> str:
    due = formats.date_format(timezone.localtime(case.due_at), "SHORT_DATE_FORMAT")
    values = {"{reference}": case.reference, "{category}": case.category.display_name,
              "{due}": due}
    for placeholder, value in values.items():
        text = text.replace(placeholder, value)
    return text


def for_case(case: Case) -> list[dict[str, Any]]:
    """The active templates that fit ``case``: id, title and the text to insert."""
    templates = ResponseTemplate.objects.filter(
        Q(category__isnull=True) | Q(category_id=case.category_id),
        Q(status="") | Q(status=case.status),
        active=True,
    ).order_by("order", "title")
    language = case.language or translation.get_language()
    # The whole text in the reporter's language: the category's name and the date too.
    with translation.override(language):
        return [
            {"id": t.pk, "title": t.title,
             "text": _fill(pick(t.text, t.text_i18n, language), case)}
            for t in templates
        ]


def text_of(case: Case, template_id: str) -> str:
    """The filled text of one template that fits ``case``; empty when none."""
    for template in for_case(case):
        if str(template["id"]) == template_id:
            return str(template["text"])
    return ""
