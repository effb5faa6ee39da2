"""Citizens as sensors: a cluster of reports in space and time opens one incident case.

A category watched for hotspots (``hotspot_reports`` > 0, docs/catalogue.md)
says "N reports within R metres within T minutes". The ``hotspots``
periodic job looks only at reports that came in since its last scan (a
watermark row, ``HotspotScan``, locked while it scans), oldest first, and
for each one:

1. if an open incident of its category lies within the incident's radius,
   the report **joins** it: a public update on the report (it is now handled
   as part of the incident), an internal note on the incident, and, as the
   cluster grows past N + 1, 2N and 4N reports, the incident's priority
   goes up a level with a public update ("escalation as it grows");
2. otherwise, if at least N reports of the category not yet in any hotspot
   lie within R metres of it in the T minutes up to it, they become a
   hotspot: one incident case through ``cases.services.submit`` (channel
   ``hotspot``, at their centroid, the references in its description), then
   a public update on every member.

A report belongs to one hotspot at most (``HotspotMember.case`` is unique),
so running the job twice changes nothing, and while an incident is open a
cluster beside it grows it instead of opening a second one. Every change of
a case goes through ``submit`` / ``lifecycle.transition``: the audit chain
and the outbox (the department hears of the new incident) as for any case.
Candidates come from one bounding-box query on lat/lon, category and
``created_at`` per report; no spatial index or extra dependency is needed.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from cityloop.cases import lifecycle, routing
from cityloop.cases.actors import Actor
from cityloop.cases.errors import SubmissionRejected, TransitionRefused
from cityloop.cases.models import OPEN_STATUSES, Case, Channel, Status
from cityloop.cases.services import Report, submit
from cityloop.cases.suggest import distance_m
from cityloop.catalogue import snapshot
from cityloop.catalogue.models import LIST_DATATYPES, Priority, ServiceCategory
from cityloop.registry import PeriodicJob, periodic_jobs
from cityloop.triage.hotspots.models import Hotspot, HotspotMember, HotspotScan

log = logging.getLogger(__name__)
ACTOR = "hotspot detector"
# Reports the city made itself are not citizens sensing anything.
NOT_REPORTS = (Channel.HOTSPOT, Channel.SENSOR)
# Each scan looks this far behind its watermark again, for reports whose
# transaction committed after a scan had passed their time; they are
# skipped if already placed.
OVERLAP = timedelta(minutes=10)
MAX_LISTED = 50  # member references written into the incident's description
METRES_PER_DEGREE = 111_320.0


@dataclass
class ScanResult:
    looked_at: int = 0
    opened: int = 0
    joined: int = 0
    escalated: int = 0
    refused: int = 0

    def __str__(self) -> str:
        return (f"{self.looked_at} reports looked at, {self.opened} incidents opened, "
                f"{self.joined} joined, {self.escalated} escalated"
                + (f", {self.refused} refused" if self.refused else ""))


def actor() -> Actor:
    return Actor.system(ACTOR)


def watched_categories() -> dict[int, ServiceCategory]:
    return {c.pk: c for c in snapshot.current().categories.values()
            if c.active and c.hotspot_reports >= 2}


def scan(now: datetime | None = None) -> ScanResult:
    """Look at the reports since the last scan; open, grow and escalate incidents."""
    now = now or timezone.now()
    result = ScanResult()
    watched = watched_categories()
    HotspotScan.objects.get_or_create(id=1)
    with transaction.atomic():
        state = HotspotScan.objects.select_for_update().get(id=1)
        if state.scanned_until is None:
            longest = max((c.hotspot_minutes for c in watched.values()), default=60)
            since = now - timedelta(minutes=longest)
        else:
            since = min(state.scanned_until, now) - OVERLAP
        for report in list(_reports(watched).filter(created_at__gt=since, created_at__lte=now)
                           .order_by("created_at", "pk")):
            result.looked_at += 1
            try:
                with transaction.atomic():  # one report's outcome stands or falls alone
                    _place(report, watched[report.category_id], now, result)
            except (SubmissionRejected, TransitionRefused) as exc:
                result.refused += 1
                log.warning("hotspots: report %s not placed: %s", report.reference, exc)
        state.scanned_until = max(now, state.scanned_until or now)
        state.save(update_fields=["scanned_until"])
    return result


def _reports(watched: dict[int, ServiceCategory]) -> QuerySet[Case]:
    """Located citizen reports of the watched categories not yet in a hotspot."""
    return (Case.objects.filter(category_id__in=list(watched), lat__isnull=False,
                                lon__isnull=False, hotspot_membership__isnull=True)
            .exclude(channel__in=NOT_REPORTS).exclude(status=Status.REJECTED))


def _place(report: Case, category: ServiceCategory, now: datetime, result: ScanResult) -> None:
    if HotspotMember.objects.filter(case=report).exists():
        return  # placed earlier in this scan, as a member of a new cluster
    hotspot = open_hotspot_near(category, report.lat or 0.0, report.lon or 0.0)
    if hotspot is not None:
        result.escalated += join(hotspot, report, now)
        result.joined += 1
        return
    members = cluster_around(category, report)
    if len(members) >= category.hotspot_reports:
        open_incident(category, members, now)
        result.opened += 1


def _box(lat: float, lon: float, radius_m: float) -> dict[str, Any]:
    dlat = radius_m / METRES_PER_DEGREE
    dlon = dlat / max(math.cos(math.radians(lat)), 0.01)
    return {"lat__range": (lat - dlat, lat + dlat), "lon__range": (lon - dlon, lon + dlon)}


def open_hotspot_near(category: ServiceCategory, lat: float, lon: float) -> Hotspot | None:
    """The nearest hotspot of ``category`` whose incident is open and whose radius covers
    the point."""
    reach = max(category.hotspot_radius_m, 1)
    near = []
    candidates = Hotspot.objects.filter(category=category, case__status__in=OPEN_STATUSES,
                                        **_box(lat, lon, reach * 4)).select_related("case")
    for hotspot in candidates:
        distance = distance_m(lat, lon, hotspot.lat, hotspot.lon)
        if distance <= hotspot.radius_m:
            near.append((distance, hotspot.pk, hotspot))
    return min(near, key=lambda x: (x[0], x[1]))[2] if near else None


def cluster_around(category: ServiceCategory, report: Case) -> list[Case]:
    """Reports of ``category`` not in any hotspot, within its radius of ``report`` and its
    minutes before it (``report`` included), oldest first."""
    lat, lon = report.lat or 0.0, report.lon or 0.0
    radius = category.hotspot_radius_m
    since = report.created_at - timedelta(minutes=category.hotspot_minutes)
    rows = (_reports({category.pk: category})
            .filter(created_at__gte=since, created_at__lte=report.created_at,
                    **_box(lat, lon, radius))
            .order_by("created_at", "pk"))
    return [c for c in rows if distance_m(lat, lon, c.lat or 0.0, c.lon or 0.0) <= radius]


# --- opening an incident ------------------------------------------------------
def open_incident(category: ServiceCategory, members: list[Case], now: datetime) -> Hotspot:
    """Submit the incident case for ``members`` and link them to it."""
    lat, lon = _centre(members)
    case = submit(Report(
        channel=Channel.HOTSPOT,
        service_code=category.service_code,
        description=_in_every_language(lambda: _description(category, members)),
        lat=lat,
        lon=lon,
        attributes=_answers(category, members),
        actor=actor(),
    ), now=now)
    hotspot = Hotspot.objects.create(
        case=case, category=category, lat=lat, lon=lon, radius_m=category.hotspot_radius_m,
        size=len(members), created_at=now, last_report_at=max(m.created_at for m in members),
    )
    HotspotMember.objects.bulk_create(
        HotspotMember(hotspot=hotspot, case=member, joined_at=now) for member in members
    )
    for member in members:
        _tell_member(member, case, len(members), now)
    return hotspot


def _centre(members: list[Case]) -> tuple[float, float]:
    """The centroid, or the member nearest it when the centroid is outside the city."""
    lat = sum(m.lat or 0.0 for m in members) / len(members)
    lon = sum(m.lon or 0.0 for m in members) / len(members)
    try:
        if routing.locate_all(lat, lon):
            return round(lat, 6), round(lon, 6)
    except SubmissionRejected:
        pass
    nearest = min(members, key=lambda m: distance_m(lat, lon, m.lat or 0.0, m.lon or 0.0))
    return nearest.lat or 0.0, nearest.lon or 0.0


def _answers(category: ServiceCategory, members: list[Case]) -> dict[str, Any]:
    """Answers to the category's required questions: what most members said."""
    answers: dict[str, Any] = {}
    for attribute in snapshot.current().attributes.get(category.pk, []):
        if not (attribute.required and attribute.variable):
            continue
        said = Counter(str(m.attributes.get(attribute.code)) for m in members
                       if isinstance(m.attributes, dict) and m.attributes.get(attribute.code)
                       not in (None, "", []))
        if said:
            answers[attribute.code] = said.most_common(1)[0][0]
        elif attribute.datatype in LIST_DATATYPES and attribute.values:
            answers[attribute.code] = str(attribute.values[0]["key"])
    return answers


def _in_every_language(render: Callable[[], str]) -> str:
    """One line per language of the city, its own first; identical lines once."""
    codes = [settings.LANGUAGE_CODE] + [c for c, _n in settings.LANGUAGES
                                        if c != settings.LANGUAGE_CODE]
    lines: list[str] = []
    for code in codes:
        with translation.override(code):
            line = render()
        if line not in lines:
            lines.append(line)
    return "\n".join(lines)


def _description(category: ServiceCategory, members: list[Case]) -> str:
    references = [m.reference for m in members[:MAX_LISTED]]
    more = len(members) - len(references)
    listed = ", ".join(references) + (f" (+{more})" if more > 0 else "")
    return _("Hotspot: %(count)d reports of %(category)s within %(radius)d m in "
             "%(minutes)d minutes: %(references)s.") % {
        "count": len(members), "category": category.display_name,
        "radius": category.hotspot_radius_m, "minutes": category.hotspot_minutes,
        "references": listed,
    }


def _tell_member(member: Case, incident: Case, count: int, now: datetime) -> None:
    text = _in_every_language(lambda: _(
        "This report is one of %(count)d reports of the same problem nearby; the city handles "
        "them together as incident %(reference)s.") % {
        "count": count, "reference": incident.reference})
    lifecycle.transition(member, "comment", actor(), public_text=text, now=now)


# --- growing and escalating ---------------------------------------------------
def milestones(threshold: int) -> list[int]:
    """Sizes at which an incident is escalated: the first report beyond the threshold,
    then twice and four times the threshold."""
    return sorted({threshold + 1, 2 * threshold, 4 * threshold})


def join(hotspot: Hotspot, report: Case, now: datetime) -> int:
    """Add ``report`` to ``hotspot``; 1 if that escalated the incident, else 0."""
    HotspotMember.objects.create(hotspot=hotspot, case=report, joined_at=now)
    hotspot.size = HotspotMember.objects.filter(hotspot=hotspot).count()
    hotspot.last_report_at = max(hotspot.last_report_at, report.created_at)
    incident = hotspot.case
    _tell_member(report, incident, hotspot.size, now)
    lifecycle.transition(incident, "note", actor(), now=now, note=_(
        "Report %(reference)s joins this incident: %(count)d reports now.") % {
        "reference": report.reference, "count": hotspot.size})
    reached = sum(hotspot.size >= m for m in milestones(hotspot.category.hotspot_reports))
    escalated = 0
    if reached > hotspot.escalations:
        hotspot.escalations = reached
        _escalate(hotspot, now)
        escalated = 1
    hotspot.save(update_fields=["size", "last_report_at", "escalations"])
    return escalated


def _escalate(hotspot: Hotspot, now: datetime) -> None:
    incident = hotspot.case
    levels = list(Priority.values)
    current = levels.index(incident.priority) if incident.priority in levels else 0
    if current + 1 < len(levels):
        lifecycle.transition(incident, "set_priority", actor(), now=now,
                             priority=levels[current + 1])
    text = _in_every_language(lambda: _(
        "More reports: %(count)d people have now reported this within %(radius)d m.") % {
        "count": hotspot.size, "radius": hotspot.radius_m})
    lifecycle.transition(incident, "comment", actor(), public_text=text, now=now)


def _run(now: datetime) -> str:
    return str(scan(now))


periodic_jobs.register(
    "hotspots",
    "Find clusters of citizen reports (per category: N within R metres in T minutes) and "
    "open, grow and escalate one incident case per cluster.",
)(PeriodicJob(lambda: settings.HOTSPOTS_SWEEP_SECONDS, _run))
