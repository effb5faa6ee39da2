"""Hot topics: what people wrote about in a week, clustered and labelled.

Imported from ``cityloop/triage/models.py``, so the model belongs to the
``triage`` app and its migrations. Topics hold no personal data: labels and
terms are words shared by several reports, examples are case references of
public categories.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from cityloop.i18n import pick


class Topic(models.Model):
    week = models.CharField(_("week"), max_length=8, help_text=_("ISO week, e.g. 2026-W47."))
    rank = models.PositiveSmallIntegerField(_("rank"))
    label_en = models.CharField(_("label (English)"), max_length=200)
    label_zh = models.CharField(_("label (Chinese)"), max_length=200)
    size = models.PositiveIntegerField(_("reports"))
    # [{"term": "underpass", "language": "en", "weight": 0.42}, ...]
    terms = models.JSONField(_("terms"), default=list)
    # [[service code, reports], ...], largest first.
    categories = models.JSONField(_("categories"), default=list)
    examples = models.JSONField(_("example cases"), default=list)
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        verbose_name = _("hot topic")
        verbose_name_plural = _("hot topics")
        ordering = ["-week", "rank"]
        constraints = [models.UniqueConstraint(fields=["week", "rank"], name="topic_week_rank")]

    def __str__(self) -> str:
        return f"{self.week} #{self.rank}: {self.label_en}"

    @property
    def label(self) -> str:
        """The label in the active language (English, or Chinese for zh-hans)."""
        return pick(self.label_en, {"zh-hans": self.label_zh} if self.label_zh else {})
