"""``submit``: the single entry point through which every channel opens a case.

Web form, Open311, staff, sensor rules and the hotspot detector all build a
``Report`` and call ``submit``. It validates the report (known category,
required answers, a place inside the city), asks the triage seam for a
category and priority, routes the case, starts the SLA clock, records the
creation event and queues the acknowledgement, in one transaction.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityloop.cases import clock, lifecycle, routing, suggest, validation
from cityloop.cases.actors import Actor
from cityloop.cases.contacts import ContactInfo, add_contact
from cityloop.cases.errors import FieldProblem, SubmissionRejected
from cityloop.cases.models import (
    ActorKind,
    ApiClient,
    Case,
    CaseContact,
    CaseMedia,
    ContactRole,
    MediaKind,
)
from cityloop.cases.reference import next_reference
from cityloop.catalogue import snapshot
from cityloop.catalogue.models import Priority, ServiceCategory
from cityloop.geo.index import AreaHit
from cityloop.registry import intake_channels


@dataclass
class Report:
    """What a channel knows about a reported problem."""

    channel: str
    service_code: str = ""
    description: str = ""
    lat: Any = None
    lon: Any = None
    address: str = ""
    address_id: str = ""
    attributes: Mapping[str, Any] = field(default_factory=dict)
    contact: ContactInfo | None = None
    media_urls: list[str] = field(default_factory=list)
    priority: str = ""
    language: str = ""
    client: ApiClient | None = None
    created_by: User | None = None
    actor: Actor | None = None
    # A channel that cannot ask again (an email without a place in it) files the
    # case without a location; it waits in the staff queue's "needs a location"
    # filter until an operator sets one (the ``relocate`` action).
    location_later: bool = False


@dataclass
class _Checked:
    category: ServiceCategory
    description: str
    attributes: dict[str, Any]
    lat: float | None
    lon: float | None
    hits: list[AreaHit]
    suggestion: suggest.Suggestion | None
    catalogue: snapshot.Snapshot


def submit(report: Report, *, now: datetime | None = None) -> Case:
    """Validate ``report`` and open a case; raises ``SubmissionRejected`` listing every problem."""
    now = now or timezone.now()
    with snapshot.pinned():  # one look at the catalogue for the whole submission
        checked = _check(report)
    with transaction.atomic():
        case, contacts = _create(report, checked, now)
        actor = report.actor or _default_actor(report)
        lifecycle.open_case(case, actor, data={"channel": case.channel}, contacts=contacts)
    return case


def _check(report: Report) -> _Checked:
    problems: list[FieldProblem] = []
    if report.channel not in intake_channels:
        # Which channels exist is the registry's word: a city's own is known once its
        # app registers it, so the message lists what is registered now.
        problems.append(FieldProblem("channel", "invalid", _(
            "Unknown channel: %(channel)s. The registered channels are: %(known)s."
        ) % {"channel": report.channel, "known": ", ".join(intake_channels.keys())}))
    description = validation.clean_text(report.description)
    validation.check_length("description", description, validation.MAX_DESCRIPTION, problems)
    suggestion = _suggest(description, report.language)
    catalogue = snapshot.current()
    category = _category(report, suggestion, catalogue, problems)
    attributes: dict[str, Any] = {}
    if category is not None:
        attributes, attribute_problems = validation.check_attributes(
            catalogue.attributes.get(category.pk, []),
            report.attributes,
            category.service_code,
        )
        problems += attribute_problems
    lat, lon, hits = _place(report, problems)
    _check_contact(report.contact, problems)
    for url in report.media_urls:
        validation.check_url("media_url", url, problems)
        validation.check_length("media_url", url, 1000, problems)
    if report.priority and report.priority not in Priority.values:
        problems.append(FieldProblem("priority", "invalid", _("Unknown priority.")))
    if problems or category is None:
        raise SubmissionRejected(problems)
    return _Checked(category, description, attributes, lat, lon, hits, suggestion, catalogue)


def _suggest(description: str, language: str) -> suggest.Suggestion | None:
    if not description:
        return None
    return suggest.suggest(description, language)


def _category(
    report: Report,
    suggestion: suggest.Suggestion | None,
    catalogue: snapshot.Snapshot,
    problems: list[FieldProblem],
) -> ServiceCategory | None:
    code = validation.clean_text(report.service_code)
    # No category given (free text, or "I'm not sure"): take triage's
    # answer only when it is confident enough.
    if (
        not code
        and suggestion
        and suggestion.category
        and suggestion.confidence >= settings.TRIAGE_CONFIDENCE
    ):
        code = suggestion.category
    if not code:
        problems.append(
            FieldProblem("service_code", "required", _("Choose what kind of problem this is."))
        )
        return None
    category = catalogue.categories.get(code)
    if category is None or not category.active:
        problems.append(
            FieldProblem("service_code", "unknown_service",
                         _("%(code)s is not a service of this city.") % {"code": code[:100]})
        )
        return None
    return category


def _place(
    report: Report, problems: list[FieldProblem]
) -> tuple[float | None, float | None, list[AreaHit]]:
    has_lat = report.lat not in (None, "")
    has_lon = report.lon not in (None, "")
    address = validation.clean_text(report.address) or validation.clean_text(report.address_id)
    validation.check_length("address_string", address, 500, problems)
    if has_lat != has_lon:
        problems.append(
            FieldProblem("long" if has_lat else "lat", "required",
                         _("Give both lat and long, or neither."))
        )
        return None, None, []
    if not has_lat:
        if not address and not report.location_later:
            problems.append(
                FieldProblem("lat", "location_required",
                             _("Say where the problem is: lat and long, or an address."))
            )
        return None, None, []
    try:
        hits = routing.locate_all(report.lat, report.lon)
    except SubmissionRejected as exc:
        problems += exc.problems
        return None, None, []
    return float(report.lat), float(report.lon), hits


def _check_contact(contact: ContactInfo | None, problems: list[FieldProblem]) -> None:
    if contact is None:
        return
    if contact.email:
        validation.check_email("email", contact.email, problems)
    validation.check_length("phone", contact.phone, 40, problems)
    validation.check_length("name", contact.name, 200, problems)
    validation.check_length("account_id", contact.account_id, 100, problems)
    validation.check_length("device_id", contact.device_id, 100, problems)
    validation.check_length("chat", contact.chat, 100, problems)


def _default_actor(report: Report) -> Actor:
    if report.client is not None:
        return Actor.client(report.client)
    if report.created_by is not None:
        return Actor.staff(report.created_by)
    if intake_channels.get(report.channel).actor_kind == ActorKind.SYSTEM:
        return Actor.system(report.channel)
    return Actor.citizen()


def _priority(report: Report, checked: _Checked, category: ServiceCategory) -> str:
    if report.priority:
        return report.priority
    if checked.suggestion and checked.suggestion.priority in Priority.values:
        return str(checked.suggestion.priority)
    return str(category.default_priority)


def _create(report: Report, checked: _Checked, now: datetime) -> tuple[Case, list[CaseContact]]:
    category = checked.category
    department = routing.route(category, checked.hits, checked.catalogue)
    case = Case(
        reference=next_reference(now),
        tracking_token=secrets.token_urlsafe(32),
        token=secrets.token_hex(8),
        channel=report.channel,
        category=category,
        description=checked.description,
        attributes=checked.attributes,
        lat=checked.lat,
        lon=checked.lon,
        address=validation.clean_text(report.address)[:500],
        address_id=validation.clean_text(report.address_id)[:100],
        area_id=checked.hits[-1].id if checked.hits else None,
        department=department,
        priority=_priority(report, checked, category),
        language=validation.clean_language(report.language)
        or (validation.clean_language(report.contact.language) if report.contact else ""),
        triage=checked.suggestion.as_json() if checked.suggestion else {},
        client=report.client,
        created_by=report.created_by,
        created_at=now,
        updated_at=now,
    )
    clock.start_clock(case, category, now)
    case.save(force_insert=True)
    contacts = []
    contact = report.contact
    if contact is not None and not contact.is_empty:
        # The reporter hears from us in the language they reported in.
        contact = replace(contact, language=contact.language or case.language)
        contacts.append(add_contact(case, contact, ContactRole.REPORTER, now))
    if report.media_urls:
        CaseMedia.objects.bulk_create(
            CaseMedia(case=case, kind=MediaKind.BEFORE, url=url, created_at=now)
            for url in report.media_urls
        )
    return case, contacts
