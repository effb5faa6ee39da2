"""Models of the web app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityloop.cases.models import Status


class Throttle(models.Model):
    """How many times a key (an IP address and an action) acted in the current window."""

    key = models.CharField(max_length=200, primary_key=True)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("rate limit counter")
        verbose_name_plural = _("rate limit counters")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"


class SavedView(models.Model):
    """A staff member's named queue filter ("my overdue potholes"), kept as a query string."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="saved_views",
    )
    name = models.CharField(_("name"), max_length=100)
    querystring = models.CharField(
        _("filter"),
        max_length=2000,
        blank=True,
        help_text=_("The queue's query string, e.g. status=new&category=pothole."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_view_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class ResponseTemplate(models.Model):
    """A prepared text staff insert into a public update, per category and status."""

    category = models.ForeignKey(
        "catalogue.ServiceCategory",
        verbose_name=_("service category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="response_templates",
        help_text=_("Offered only on cases of this category; empty for every category."),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=Status.choices,
        blank=True,
        help_text=_("Offered only on cases in this status; empty for every status."),
    )
    title = models.CharField(
        _("title"), max_length=200, help_text=_("What staff see in the list of templates.")
    )
    text = models.TextField(
        _("text"), help_text=_("The text inserted into the update, in the default language.")
    )
    text_i18n = models.JSONField(
        _("text in other languages"),
        default=dict,
        blank=True,
        help_text=_('For example {"zh-hans": "我们已安排维修。"}. The case\'s language is used.'),
    )
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("response template")
        verbose_name_plural = _("response templates")
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title
