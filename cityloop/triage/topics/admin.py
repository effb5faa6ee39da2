"""Admin pages for hot topics: read-only, since the worker writes them."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from cityloop.catalogue.models import ServiceCategory
from cityloop.triage.admin_base import ReadOnly
from cityloop.triage.topics.models import Topic


@admin.register(Topic)
class TopicAdmin(ReadOnly):
    list_display = ["week", "rank", "label_en", "label_zh", "size", "computed_at"]
    list_filter = ["week"]
    # The worker's JSON, shown in words: terms, categories with their counts,
    # and the example reports linked to their staff pages.
    fields = readonly_fields = ("week", "rank", "label_en", "label_zh", "size", "term_list",
                                "category_list", "example_links", "computed_at")

    @admin.display(description=_("terms"))
    def term_list(self, topic: Topic) -> str:
        return ", ".join(str(t.get("term", "")) for t in topic.terms if isinstance(t, dict))

    @admin.display(description=_("categories"))
    def category_list(self, topic: Topic) -> str:
        names = dict(ServiceCategory.objects.values_list("service_code", "name"))
        return ", ".join(f"{names.get(code, code)} ({count})" for code, count in topic.categories)

    @admin.display(description=_("example cases"))
    def example_links(self, topic: Topic) -> str:
        return format_html_join(", ", '<a href="{}">{}</a>', (
            (reverse("staff:case", args=[ref]), ref) for ref in topic.examples))
