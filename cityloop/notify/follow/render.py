"""A follower's email in their language: the confirmation, one change, or the digest.

Followers are strangers to the case, so they read what its public page
shows and no more: status, category, and the area and the city's own
words only for a category whose details are public. Never a reporter's
words or contact, never a staff name. Every email but the confirmation
carries a one-click unsubscribe (RFC 8058) besides the link in its text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cityloop.cases.actions import action_label
from cityloop.cases.models import ActorKind, Case, CaseEvent, Channel, Status
from cityloop.cases.policy import public
from cityloop.conf.cityname import city_name
from cityloop.notify.channels.base import Outgoing
from cityloop.notify.follow import tokens
from cityloop.notify.follow.models import DigestItem, Subscription, Target
from cityloop.notify.links import one_click_headers
from cityloop.notify.models import Kind, Message
from cityloop.notify.render import render_text


@dataclass(frozen=True)
class Change:
    """One public change as a follower reads it."""

    reference: str
    category: str
    area: str  # "" for a sensitive category
    status: str
    title: str  # what happened, when it was not only a change of status
    words: str  # the city's published words, when shown
    at: datetime
    url: str
    new: bool  # a new report (news to an area's followers)


def case_url(case: Case) -> str:
    return settings.PUBLIC_URL + reverse("public_case", args=[case.reference])


def change(event: CaseEvent) -> Change:
    case = event.case
    details = public.shows_details(case.category)
    changed = event.from_status != event.to_status and event.to_status in Status.values
    # Staff write public updates for the public; an automatic text may carry a
    # sensor's name and readings, and a resident's own words may name people.
    said = (details and event.actor_kind == ActorKind.STAFF
            and case.channel != Channel.SENSOR)
    return Change(
        reference=case.reference,
        category=case.category.display_name,
        area=case.area.display_name if details and case.area else "",
        status=str(Status(event.to_status).label) if changed else "",
        title="" if changed else capfirst(action_label(event.action)),
        words=event.public_text if said else "",
        at=timezone.localtime(event.at),
        url=case_url(case),
        new=event.action == "create",
    )


def _subject(message: Message, subscription: Subscription, changes: list[Change]) -> str:
    city = city_name()
    if message.kind == Kind.FOLLOW_CONFIRM:
        return _("%(city)s: please confirm you want to follow %(what)s") % {
            "city": city, "what": subscription.describe()}
    if message.kind == Kind.FOLLOW_DIGEST:
        return _("%(city)s: today's news on %(what)s") % {
            "city": city, "what": subscription.describe()}
    first = changes[0]
    if first.new and subscription.target != Target.CASE:
        return _("%(city)s: new report %(ref)s, %(category)s") % {
            "city": city, "ref": first.reference, "category": first.category}
    return _("%(city)s: report %(ref)s has changed") % {"city": city, "ref": first.reference}


def _changes(message: Message) -> list[Change]:
    if message.kind == Kind.FOLLOW_DIGEST:
        items = (DigestItem.objects.filter(message=message)
                 .select_related("event__case__category", "event__case__area")
                 .order_by("event__at", "event_id"))
        return [change(item.event) for item in items]
    if message.kind == Kind.FOLLOW_CHANGE and message.event is not None:
        return [change(message.event)]
    return []


def render(message: Message) -> Outgoing:
    assert message.subscription_id is not None, "only a follower's message is rendered here"
    subscription = (Subscription.objects.select_related("case", "area")
                    .get(pk=message.subscription_id))
    with translation.override(message.language or settings.LANGUAGE_CODE):
        changes = _changes(message)
        context: dict[str, Any] = {
            "city": city_name(),
            "what": subscription.describe(),
            "subscription": subscription,
            "changes": changes,
            "confirm_url": tokens.confirm_url(subscription.pk),
            "unsubscribe_url": tokens.unsubscribe_url(subscription.pk),
            "follow_url": settings.PUBLIC_URL + reverse("follow"),
        }
        text = render_text(f"notify/{message.kind}.txt", context)
        subject = _subject(message, subscription, changes)
    headers = {}
    if message.kind != Kind.FOLLOW_CONFIRM:
        headers = one_click_headers(context["unsubscribe_url"])
    payload = {"kind": message.kind, "changes": [c.reference for c in changes]}
    return Outgoing(message.pk, message.kind, message.target, subject, text, payload,
                    headers=headers)
