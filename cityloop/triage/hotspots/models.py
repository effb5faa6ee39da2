"""Hotspots: clusters of citizen reports handled as one incident case.

Imported from ``cityloop/triage/models.py``, so these models belong to the
``triage`` app and its migrations.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Hotspot(models.Model):
    """A cluster of reports of one category, and the incident case opened for it."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("incident case"), on_delete=models.PROTECT,
        related_name="hotspot",
    )
    category = models.ForeignKey(
        "catalogue.ServiceCategory", verbose_name=_("category"), on_delete=models.PROTECT,
        related_name="hotspots",
    )
    # Where the incident was opened: the centroid of its first members. New
    # reports join while the incident is open and they are within radius_m.
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    radius_m = models.PositiveIntegerField(_("radius (metres)"))
    members = models.ManyToManyField(
        "cases.Case", verbose_name=_("reports"), through="HotspotMember",
        related_name="hotspots",
    )
    size = models.PositiveIntegerField(_("reports"), default=0)
    # How many times the incident's priority was raised as it grew.
    escalations = models.PositiveSmallIntegerField(_("escalations"), default=0)
    created_at = models.DateTimeField(_("detected"))
    last_report_at = models.DateTimeField(_("last report"))

    class Meta:
        verbose_name = _("hotspot")
        verbose_name_plural = _("hotspots")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["category", "created_at"], name="hotspot_category")]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.size}"


class HotspotMember(models.Model):
    """A report counted in a hotspot; a report counts in one hotspot at most."""

    hotspot = models.ForeignKey(Hotspot, on_delete=models.CASCADE, related_name="memberships")
    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="hotspot_membership"
    )
    joined_at = models.DateTimeField(_("joined"))

    class Meta:
        verbose_name = _("hotspot report")
        verbose_name_plural = _("hotspot reports")

    def __str__(self) -> str:
        return f"{self.hotspot_id} ← {self.case_id}"


class HotspotScan(models.Model):
    """The detector's watermark: reports up to ``scanned_until`` have been looked at.

    One row (id=1), locked for the length of a scan, so two workers never
    scan at once even if one run outlasts the job's interval.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    scanned_until = models.DateTimeField(_("scanned until"), null=True, blank=True)

    class Meta:
        verbose_name = _("hotspot scan")

    def __str__(self) -> str:
        return str(self.scanned_until)
