"""Start-up checks of the transports a city registered.

A transport that reaches people names the contact detail it needs (``contact``,
docs/extending.md). A name that a case contact does not have would make the outbox
skip every person without a word, so ``cityloop check`` (and every command that
starts Django's checks, such as ``serve``) says so instead."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.exceptions import FieldDoesNotExist

from cityloop.cases.models import CaseContact
from cityloop.registry import notification_transports


def transports_reach_a_known_contact(**_: Any) -> list[checks.CheckMessage]:
    problems: list[checks.CheckMessage] = []
    for entry in notification_transports:
        detail = entry.value.contact
        if not detail:
            continue
        try:
            field = CaseContact._meta.get_field(detail)
        except FieldDoesNotExist:
            field = None
        if field is None or not field.concrete:
            problems.append(checks.Error(
                f"The notification transport {entry.key!r} reaches people by their "
                f"{detail!r}, which a case contact does not have.",
                hint="Set its 'contact' to a field of CaseContact, such as 'email' or "
                     "'phone', or to '' for a transport that reaches only configured channels.",
                id="notify.E001",
            ))
    return problems
