"""Departments and the service catalogue (Open311 services and their definitions)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityloop.i18n import pick


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Department(models.Model):
    """A body that handles cases: a city bureau, a district office, a street unit."""

    code = models.SlugField(_("code"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_i18n = models.JSONField(_("name in other languages"), default=dict, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text=_("The department this unit reports to; escalations go there."),
    )
    area = models.ForeignKey(
        "geo.Area",
        verbose_name=_("area of responsibility"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="departments",
        help_text=_("Cases located in this area go to this unit rather than its parent."),
    )
    supervisors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervisors"),
        blank=True,
        related_name="supervised_departments",
        help_text=_("Told about overdue cases and escalations."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officers"),
        blank=True,
        related_name="departments",
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return pick(self.name, self.name_i18n)

    @property
    def level(self) -> int:
        """1 for a city bureau, 2 for its district office, 3 for a street unit."""
        depth, node = 1, self.parent
        while node is not None and depth < 10:
            depth, node = depth + 1, node.parent
        return depth


class ServiceGroup(models.Model):
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_i18n = models.JSONField(_("name in other languages"), default=dict, blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("service group")
        verbose_name_plural = _("service groups")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return pick(self.name, self.name_i18n)


DEFAULT_DUPLICATE_RADIUS_M = 150
DEFAULT_DUPLICATE_WINDOW_HOURS = 14 * 24
DEFAULT_HOTSPOT_RADIUS_M = 500
DEFAULT_HOTSPOT_MINUTES = 60


class ServiceCategory(models.Model):
    """What a citizen can report; an Open311 *service*."""

    service_code = models.SlugField(_("service code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_i18n = models.JSONField(_("name in other languages"), default=dict, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_i18n = models.JSONField(
        _("description in other languages"), default=dict, blank=True
    )
    group = models.ForeignKey(
        ServiceGroup, verbose_name=_("group"), on_delete=models.PROTECT, related_name="services"
    )
    keywords = models.JSONField(
        _("keywords"),
        default=list,
        blank=True,
        help_text=_("Words people use for this problem, in any language."),
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="services",
        help_text=_("Cases of this category are routed to this department or its local unit."),
    )
    sla_hours = models.PositiveIntegerField(
        _("time to resolve (hours)"),
        default=72,
        help_text=_("A case is overdue after this many hours, and escalated after twice as many."),
    )
    default_priority = models.CharField(
        _("default priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Untick for sensitive categories: their cases never appear on public maps."),
    )
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    # Triage (docs/catalogue.md): how far and how far back a possible
    # duplicate may be, and what makes a cluster of reports a hotspot.
    duplicate_radius_m = models.PositiveIntegerField(
        _("duplicates within (metres)"),
        default=DEFAULT_DUPLICATE_RADIUS_M,
        help_text=_("Open cases of this category this close to a new report are offered as "
                    "possible duplicates."),
    )
    duplicate_window_hours = models.PositiveIntegerField(
        _("duplicates reported within (hours)"),
        default=DEFAULT_DUPLICATE_WINDOW_HOURS,
        help_text=_("Only cases reported this recently are offered as possible duplicates."),
    )
    hotspot_reports = models.PositiveIntegerField(
        _("hotspot: reports"),
        default=0,
        help_text=_("This many reports within the hotspot distance and time open one incident "
                    "case. 0: no hotspot detection for this category."),
    )
    hotspot_radius_m = models.PositiveIntegerField(
        _("hotspot: within (metres)"), default=DEFAULT_HOTSPOT_RADIUS_M
    )
    hotspot_minutes = models.PositiveIntegerField(
        _("hotspot: within (minutes)"), default=DEFAULT_HOTSPOT_MINUTES
    )

    class Meta:
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")
        ordering = ["group__order", "order", "service_code"]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.service_code})"

    @property
    def display_name(self) -> str:
        return pick(self.name, self.name_i18n)

    @property
    def display_description(self) -> str:
        return pick(self.description, self.description_i18n)


class Datatype(models.TextChoices):
    # The datatypes of an Open311 service definition attribute.
    STRING = "string", _("Short text")
    NUMBER = "number", _("Number")
    DATETIME = "datetime", _("Date and time")
    TEXT = "text", _("Long text")
    SINGLEVALUELIST = "singlevaluelist", _("One choice from a list")
    MULTIVALUELIST = "multivaluelist", _("Several choices from a list")


LIST_DATATYPES = (Datatype.SINGLEVALUELIST, Datatype.MULTIVALUELIST)


class ServiceAttribute(models.Model):
    """A question asked about a report: an attribute of the Open311 service definition."""

    category = models.ForeignKey(
        ServiceCategory,
        verbose_name=_("service category"),
        on_delete=models.CASCADE,
        related_name="attributes",
    )
    code = models.SlugField(_("code"), max_length=50)
    variable = models.BooleanField(
        _("asks for a value"),
        default=True,
        help_text=_("Untick for an informational text that asks nothing."),
    )
    datatype = models.CharField(_("datatype"), max_length=20, choices=Datatype.choices)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveIntegerField(_("order"), default=1)
    description = models.TextField(_("question"))
    description_i18n = models.JSONField(_("question in other languages"), default=dict, blank=True)
    datatype_description = models.CharField(_("format hint"), max_length=300, blank=True)
    datatype_description_i18n = models.JSONField(
        _("format hint in other languages"), default=dict, blank=True
    )
    values = models.JSONField(
        _("values"),
        default=list,
        blank=True,
        help_text=_(
            'For list datatypes: [{"key": "small", "name": "Small", '
            '"name_i18n": {"zh-hans": "小"}}, ...].'
        ),
    )

    class Meta:
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="attribute_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.category.service_code}.{self.code}"

    @property
    def display_description(self) -> str:
        return pick(self.description, self.description_i18n)

    @property
    def display_datatype_description(self) -> str:
        return pick(self.datatype_description, self.datatype_description_i18n)

    def value_keys(self) -> list[str]:
        return [str(v["key"]) for v in self.values]

    def value_name(self, key: str) -> str:
        for value in self.values:
            if str(value["key"]) == key:
                return pick(str(value.get("name", key)), value.get("name_i18n"))
        return key


class CatalogueRevision(models.Model):
    """One row whose token changes whenever departments or the catalogue change.

    Processes keep a snapshot of the catalogue in memory (catalogue.snapshot)
    and reload it when this token differs from the one they loaded.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("catalogue revision")

    def __str__(self) -> str:
        return str(self.token)
