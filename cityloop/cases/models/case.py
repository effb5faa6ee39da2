"""The Case: one problem the city must handle, and what hangs off it."""

from __future__ import annotations

from enum import StrEnum
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cityloop.catalogue.models import Priority
from cityloop.registry import intake_channels


class Status(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected")
    DUPLICATE = "duplicate", _("Duplicate")
    REOPENED = "reopened", _("Reopened")


# Open311 has only "open" and "closed"; "resolved" counts as closed there
# because the city's work is done and only the citizen's rating is awaited.
OPEN_STATUSES = (Status.NEW, Status.ASSIGNED, Status.IN_PROGRESS, Status.REOPENED)
CLOSED_STATUSES = (Status.RESOLVED, Status.CLOSED, Status.REJECTED, Status.DUPLICATE)


class Channel(StrEnum):
    """The keys of the built-in intake channels, as constants for the code that files
    through them. What channels exist, and their labels, is ``registry.intake_channels``
    (registered in ``cases.intake``): a city's own channel appears there, not here."""

    WEB = "web"
    OPEN311 = "open311"
    STAFF = "staff"
    SENSOR = "sensor"
    HOTSPOT = "hotspot"
    EMAIL = "email"


def channel_label(key: str) -> str:
    """What people read for the intake channel ``key`` (``registry.intake_channels``);
    the key itself when it is not registered (any more): a case from a removed app
    still shows where it came from."""
    return str(intake_channels.get(key).label) if key in intake_channels else key


class RejectReason(models.TextChoices):
    INVALID = "invalid", _("Invalid report")
    NOT_OUR_RESPONSIBILITY = "not_our_responsibility", _("Not the city's responsibility")


class Case(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    # The citizen's private key to their own case (tracking page, rating).
    tracking_token = models.CharField(max_length=64, unique=True, editable=False)
    # Open311's public token, answered by GET tokens/{token}.
    token = models.CharField(max_length=32, unique=True, editable=False)
    # No choices: a channel registered by a city's app needs no migration; submit
    # checks the key against registry.intake_channels.
    channel = models.CharField(_("channel"), max_length=10)
    category = models.ForeignKey(
        "catalogue.ServiceCategory",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    description = models.TextField(_("description"), blank=True)
    attributes = models.JSONField(_("answers"), default=dict, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=500, blank=True)
    address_id = models.CharField(_("address id"), max_length=100, blank=True)
    area = models.ForeignKey(
        "geo.Area", verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT
    )
    department = models.ForeignKey(
        "catalogue.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    co_departments = models.ManyToManyField(
        "catalogue.Department",
        verbose_name=_("co-handling departments"),
        blank=True,
        related_name="co_handled_cases",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
    )
    escalated_to = models.ForeignKey(
        "catalogue.Department",
        verbose_name=_("escalated to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="escalated_cases",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices)
    due_at = models.DateTimeField(_("due"))
    # Twice the SLA: when the worker escalates to the parent department.
    escalate_at = models.DateTimeField(_("escalates"))
    overdue_at = models.DateTimeField(_("marked overdue"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    reject_reason = models.CharField(
        _("reason for rejection"), max_length=30, choices=RejectReason.choices, blank=True
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.TextField(_("rating comment"), blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    language = models.CharField(_("reporter's language"), max_length=10, blank=True)
    # What triage said about the report (category, confidence, top 3,
    # priority); filled by whatever triage provider is installed.
    triage = models.JSONField(_("triage"), default=dict, blank=True)
    client = models.ForeignKey(
        "cases.ApiClient", null=True, blank=True, on_delete=models.PROTECT, related_name="cases"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="created_cases",
    )
    created_at = models.DateTimeField(_("reported"))
    updated_at = models.DateTimeField(_("updated"))
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["created_at"], name="case_created"),
            models.Index(fields=["updated_at"], name="case_updated"),
            models.Index(fields=["category", "created_at"], name="case_category_created"),
            models.Index(fields=["status", "created_at"], name="case_status_created"),
            models.Index(fields=["department", "status"], name="case_department_status"),
            models.Index(fields=["status", "due_at"], name="case_status_due"),
            models.Index(fields=["status", "escalate_at"], name="case_status_escalate"),
            models.Index(fields=["status", "resolved_at"], name="case_status_resolved"),
        ]
        permissions = [
            ("view_contact", _("Can see reporters' contact details")),
            ("work_case", _("Can work cases of own departments")),
            ("supervise_case", _("Can supervise cases of own department tree")),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_channel_display(self) -> str:
        return channel_label(self.channel)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def open311_status(self) -> str:
        return "open" if self.is_open else "closed"

    @property
    def is_public(self) -> bool:
        return bool(self.category.is_public)


class ReferenceCounter(models.Model):
    """The last reference number handed out in a year (``2026-000123``)."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class ContactRole(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    FOLLOWER = "follower", _("Follower")


class CaseContact(models.Model):
    """A person to keep informed about a case. Private: staff with permission only."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(_("role"), max_length=10, choices=ContactRole.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    show_name = models.BooleanField(_("show name publicly"), default=False)
    language = models.CharField(_("language"), max_length=10, blank=True)
    account_id = models.CharField(_("account id"), max_length=100, blank=True)
    device_id = models.CharField(_("device id"), max_length=100, blank=True)
    # A chat the person reported from, "<platform>:<chat id>" (notify.chat): like an
    # email address, it reaches them, and is as private.
    chat = models.CharField(_("chat"), max_length=100, blank=True)
    merged_from = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("added"))

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name or self.email or self.phone or str(_("anonymous"))

    @property
    def has_address(self) -> bool:
        return bool(self.email or self.phone or self.chat)


class MediaKind(models.TextChoices):
    # A context of its own: the bare "Reported" labels a date elsewhere (上报时间).
    BEFORE = "before", pgettext_lazy("photo kind", "Reported")
    AFTER = "after", _("After the work")
    UPDATE = "update", _("Update")


class CaseMedia(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="media")
    kind = models.CharField(_("kind"), max_length=10, choices=MediaKind.choices)
    url = models.URLField(_("address"), max_length=1000, blank=True)
    file = models.FileField(_("file"), upload_to="cases/%Y/%m/", blank=True)
    # Citizens' photos may show faces or number plates: they are public only
    # once staff approve them. "After" photos come from staff and are public.
    public = models.BooleanField(_("public"), default=False)
    created_at = models.DateTimeField(_("added"))

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.url or self.file.name or ""

    @property
    def external_host(self) -> str:
        """The host of a photo kept elsewhere (an Open311 ``media_url``), shown beside its
        link so that staff see where it leads before following it."""
        try:
            return urlsplit(self.url).hostname or ""
        except ValueError:  # not a URL after all (checked on the way in, but be sure)
            return ""
