"""The staff queue: filters from the query string to a queryset of visible cases.

Built for a city with a million cases: every filter is a column test the
case indexes serve (status, category, department, due date, creation
date), the list reads only the columns it shows, and the status counts
are counted per status up to a cap, and also give the total for paging,
so no ``COUNT(*)`` ever scans a million rows.

The scope is always ``policy.visible_cases(user)``: a filter can only
narrow what the user may see.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import Case as When_
from django.db.models import Count, IntegerField, Q, QuerySet, Value, When
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityloop.cases import policy
from cityloop.cases.intake import channel_choices
from cityloop.cases.models import OPEN_STATUSES, Case, Status
from cityloop.cases.policy import AnyUser
from cityloop.catalogue import snapshot
from cityloop.catalogue.models import Priority
from cityloop.geo import index as area_index
from cityloop.geo.models import Area, AreaLevel

PAGE_SIZE = 50
MAP_CAP = 5000
COUNT_CAP = 10_000
REFERENCE = re.compile(r"\d{4}-\d{6}")
SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "due": ("due_at", "id"),
    "priority": ("priority_rank", "due_at", "id"),
}
# "Resolved within": the cockpit's "resolved in the last 24 hours" and
# "median time to resolve (30 days)" tiles open the queue on these.
RESOLVED_WINDOWS = {"24h": timedelta(hours=24), "7d": timedelta(days=7),
                    "30d": timedelta(days=30)}
SORT_CHOICES = [("newest", _("Newest first")), ("oldest", _("Oldest first")),
                ("due", _("Due soonest")), ("priority", _("Most urgent first"))]
# The columns the list shows; nothing else is read.
LIST_COLUMNS = (
    "reference", "status", "priority", "channel", "created_at", "due_at", "address", "lat",
    "description", "assignee_id", "category__name", "category__name_i18n",
    "department__name", "department__name_i18n", "area__name", "area__name_i18n",
    "assignee__username", "assignee__first_name", "assignee__last_name",
)


class QueueFilterForm(forms.Form):
    """The filters, as the queue page shows them and the query string carries them."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200, help_text=_(
        "Reference, words of the description or the address."))
    status = forms.MultipleChoiceField(label=_("Status"), choices=Status.choices, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    priority = forms.MultipleChoiceField(label=_("Priority"), choices=Priority.choices,
                                         required=False, widget=forms.CheckboxSelectMultiple)
    category = forms.ChoiceField(label=_("Category"), required=False)
    group = forms.ChoiceField(label=_("Service group"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    department = forms.ChoiceField(label=_("Department"), required=False, help_text=_(
        "Includes its units."))
    # Read from the registry when the form is built: a city's own channel is offered too.
    channel = forms.ChoiceField(label=_("Channel"), required=False,
                                choices=lambda: [("", _("Any channel")), *channel_choices()])
    assigned = forms.ChoiceField(label=_("Assignee"), required=False, choices=[
        ("", _("Anyone")), ("me", _("Assigned to me")), ("none", _("Unassigned"))])
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    # A report by email with no place in it is filed without one (cases.services.Report
    # .location_later); an operator finds these here and sets it ("Change location").
    unlocated = forms.BooleanField(label=_("Needs a location"), required=False, help_text=_(
        "Cases reported without a position on the map, e.g. by email."))
    resolved = forms.ChoiceField(label=_("Resolved"), required=False, choices=[
        ("", _("Any time")), ("24h", _("In the last 24 hours")), ("7d", _("In the last 7 days")),
        ("30d", _("In the last 30 days"))])
    since = forms.DateField(label=_("Reported from"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Reported until"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    sort = forms.ChoiceField(label=_("Sort"), required=False, choices=SORT_CHOICES)
    filtered = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        catalogue = snapshot.current()
        categories = sorted((c for c in catalogue.categories.values()),
                            key=lambda c: c.display_name.lower())
        groups = {c.group.code: c.group for c in categories}
        departments = sorted((d for d in catalogue.departments.values() if d.active),
                             key=lambda d: d.display_name.lower())
        everything = ("", _("All"))
        self._choices("category", [everything, *((c.service_code, c.display_name)
                                                 for c in categories)])
        self._choices("group", [everything, *((code, g.display_name) for code, g in
                                              sorted(groups.items(), key=lambda i: i[1].order))])
        self._choices("department", [everything, *((d.code, d.display_name)
                                                   for d in departments)])
        self._choices("area", [everything, *area_choices()])

    def _choices(self, name: str, choices: list[tuple[str, Any]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices


def area_choices() -> list[tuple[str, str]]:
    """Districts, each followed by its streets (indented)."""
    areas = list(Area.objects.exclude(level=AreaLevel.CITY).only(
        "code", "name", "name_i18n", "level", "parent_id"))
    streets: dict[int | None, list[Area]] = {}
    for area in areas:
        if area.level == AreaLevel.STREET:
            streets.setdefault(area.parent_id, []).append(area)
    out: list[tuple[str, str]] = []
    for district in sorted((a for a in areas if a.level == AreaLevel.DISTRICT),
                           key=lambda a: a.display_name):
        out.append((district.code, district.display_name))
        out += [(s.code, f"— {s.display_name}") for s in
                sorted(streets.get(district.pk, []), key=lambda a: a.display_name)]
    return out


@dataclass(frozen=True)
class QueueFilter:
    statuses: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    category: str = ""
    group: str = ""
    area: str = ""
    department: str = ""
    channel: str = ""
    assigned: str = ""
    overdue: bool = False
    unlocated: bool = False
    resolved: str = ""  # a key of RESOLVED_WINDOWS
    q: str = ""
    since: date | None = None
    until: date | None = None
    sort: str = "newest"

    def querystring(self) -> str:
        """The filter as a canonical query string (links, saved views, the map's JSON)."""
        pairs: list[tuple[str, str]] = [("filtered", "1")]
        pairs += [("status", s) for s in self.statuses]
        pairs += [("priority", p) for p in self.priorities]
        for key in ("q", "category", "group", "area", "department", "channel", "assigned",
                    "resolved"):
            if getattr(self, key):
                pairs.append((key, getattr(self, key)))
        if self.overdue:
            pairs.append(("overdue", "on"))
        if self.unlocated:
            pairs.append(("unlocated", "on"))
        for key in ("since", "until"):
            if getattr(self, key):
                pairs.append((key, getattr(self, key).isoformat()))
        if self.sort != "newest":
            pairs.append(("sort", self.sort))
        return urlencode(pairs)


def parse(params: QueryDict) -> tuple[QueueFilter, QueueFilterForm]:
    """The filter and its (bound) form; invalid values are ignored, not fatal.

    Without any filter in the query string, the queue shows the open cases:
    that is what staff come for. A submitted filter form (``filtered``)
    with no status ticked means every status.
    """
    data = params.copy()
    if not data.get("filtered") and not data.getlist("status"):
        data.setlist("status", [str(s) for s in OPEN_STATUSES])
    form = QueueFilterForm(data)
    form.is_valid()
    clean = form.cleaned_data
    return QueueFilter(
        statuses=tuple(clean.get("status") or ()),
        priorities=tuple(clean.get("priority") or ()),
        category=clean.get("category") or "",
        group=clean.get("group") or "",
        area=clean.get("area") or "",
        department=clean.get("department") or "",
        channel=clean.get("channel") or "",
        assigned=clean.get("assigned") or "",
        overdue=bool(clean.get("overdue")),
        unlocated=bool(clean.get("unlocated")),
        resolved=clean.get("resolved") or "",
        q=(clean.get("q") or "").strip(),
        since=clean.get("since"),
        until=clean.get("until"),
        sort=clean.get("sort") or "newest",
    ), form


def active_filters(f: QueueFilter) -> int:
    """How many filters narrow the queue beyond what it shows unfiltered (open cases)."""
    default = QueueFilter(statuses=tuple(str(s) for s in OPEN_STATUSES))
    count = sum(1 for key in ("priorities", "category", "group", "area", "department",
                              "channel", "assigned", "overdue", "unlocated", "resolved", "q",
                              "since",
                              "until")
                if getattr(f, key) != getattr(default, key))
    return count + (set(f.statuses) != set(default.statuses))


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _area_ids(code: str) -> list[int]:
    """The area and every area inside it (cases keep their smallest area)."""
    top = Area.objects.filter(code=code).values_list("id", flat=True).first()
    return area_index.subtree(top) if top is not None else []


def _department_ids(code: str) -> set[int]:
    catalogue = snapshot.current()
    top = [d.pk for d in catalogue.departments.values() if d.code == code]
    return catalogue.tree_of(set(top)) if top else set()


def _text(cases: QuerySet[Case], q: str) -> QuerySet[Case]:
    if REFERENCE.fullmatch(q):  # a reference read out on the phone: exact, by index
        return cases.filter(reference=q)
    return cases.filter(
        Q(reference__icontains=q) | Q(description__icontains=q) | Q(address__icontains=q))


def apply(user: AnyUser, f: QueueFilter, now: datetime, *,
          with_status: bool = True) -> QuerySet[Case]:
    """The cases ``user`` may see that match ``f`` (without ordering)."""
    cases = policy.visible_cases(user)
    if with_status and f.statuses:
        cases = cases.filter(status__in=f.statuses)
    if f.priorities:
        cases = cases.filter(priority__in=f.priorities)
    if f.category:
        category = snapshot.category(f.category)
        cases = cases.filter(category_id=category.pk if category else -1)
    if f.group:
        cases = cases.filter(category__group__code=f.group)
    if f.area:
        cases = cases.filter(area_id__in=_area_ids(f.area))
    if f.department:
        cases = cases.filter(department_id__in=_department_ids(f.department))
    if f.channel:
        cases = cases.filter(channel=f.channel)
    if f.assigned == "me":
        cases = cases.filter(assignee_id=user.pk)
    elif f.assigned == "none":
        cases = cases.filter(assignee__isnull=True)
    if f.overdue:
        cases = cases.filter(status__in=OPEN_STATUSES, due_at__lt=now)
    if f.unlocated:
        cases = cases.filter(lat__isnull=True)
    if f.resolved in RESOLVED_WINDOWS:
        cases = cases.filter(resolved_at__gte=now - RESOLVED_WINDOWS[f.resolved],
                             resolved_at__lte=now)
    if f.q:
        cases = _text(cases, f.q)
    if f.since:
        cases = cases.filter(created_at__gte=_day_start(f.since))
    if f.until:
        cases = cases.filter(created_at__lt=_day_start(f.until + timedelta(days=1)))
    return cases


def ordered(cases: QuerySet[Case], sort: str) -> QuerySet[Case]:
    if sort == "priority":
        rank = When_(*(When(priority=p, then=Value(i)) for i, p in enumerate(
            (Priority.URGENT, Priority.HIGH, Priority.NORMAL, Priority.LOW))),
            default=Value(9), output_field=IntegerField())
        cases = cases.annotate(priority_rank=rank)
    return cases.order_by(*SORTS.get(sort, SORTS["newest"]))


def status_counts(user: AnyUser, f: QueueFilter, now: datetime) -> dict[str, int]:
    """How many cases of each status match every other filter.

    City-wide scopes (operators, admins) count one small query per status,
    each walking the status index only up to ``COUNT_CAP + 1`` (shown as
    "10000+"): a city with a million closed cases counts its queue in
    milliseconds instead of scanning every row. A department scope joins
    co-handled cases and cannot use that index, but is one department's
    cases: one grouped pass over them is then the cheaper plan.
    """
    cases = apply(user, f, now, with_status=False).order_by()
    if cases.query.distinct:
        counts = dict.fromkeys((str(s) for s in Status.values), 0)
        rows = cases.values("status").annotate(n=Count("pk", distinct=True))
        counts.update({row["status"]: row["n"] for row in rows})
        return counts
    return {str(status): cases.filter(status=status).values("pk")[:COUNT_CAP + 1].count()
            for status in Status.values}


def count_label(count: int) -> str:
    return f"{COUNT_CAP}+" if count > COUNT_CAP else str(count)


@dataclass
class Page:
    rows: list[Case]
    number: int
    total: int
    size: int = PAGE_SIZE
    capped: bool = False  # more cases than counted: ``total`` is a lower bound

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def first_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.rows else 0

    @property
    def last_index(self) -> int:
        return (self.number - 1) * self.size + len(self.rows)


def page_of(user: AnyUser, f: QueueFilter, counts: dict[str, int], number: int,
            now: datetime) -> Page:
    """One page of the queue; the total comes from the status counts."""
    counted = [n for status, n in counts.items() if not f.statuses or status in f.statuses]
    total = sum(min(n, COUNT_CAP) for n in counted)
    pages = max(1, -(-total // PAGE_SIZE))
    number = min(max(1, number), pages)
    start = (number - 1) * PAGE_SIZE
    cases = ordered(apply(user, f, now), f.sort).select_related(
        "category", "department", "area", "assignee").only(*LIST_COLUMNS)
    rows = list(cases[start:start + PAGE_SIZE])
    capped = any(n > COUNT_CAP for n in counted)
    return Page(rows, number, max(total, start + len(rows)), PAGE_SIZE, capped)


def points(user: AnyUser, f: QueueFilter, now: datetime, cap: int = MAP_CAP) -> dict[str, Any]:
    """The filtered queue's located cases for the map, at most ``cap``."""
    cases = apply(user, f, now).filter(lat__isnull=False, lon__isnull=False)
    rows = list(ordered(cases, f.sort).values_list(
        "reference", "lat", "lon", "priority", "status", "due_at", "category_id")[:cap + 1])
    names = {c.pk: c.display_name for c in snapshot.current().categories.values()}
    labels = dict(Status.choices)
    out = [
        {"ref": ref, "lat": lat, "lon": lon, "priority": priority,
         "status": str(labels.get(status, status)),
         "overdue": status in OPEN_STATUSES and due_at < now,
         "category": names.get(category_id, "")}
        for ref, lat, lon, priority, status, due_at, category_id in rows[:cap]
    ]
    return {"points": out, "capped": len(rows) > cap, "cap": cap}
