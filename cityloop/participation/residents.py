"""Proving an email address or a phone number, once per person.

A resident types an address, gets a six-digit code by email or text message,
and types it back; the session then carries the resident's id. Look-alike
addresses are one identity (``identity``): case, a ``+tag``, and Gmail's dots
do not make a second person, nor do spaces or dashes in a phone number.

Where a city has its own identity service, or sends letters with a code to
check an address, it confirms the declared street with ``check_residence``;
that is the seam, and nothing else here needs to change.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityloop.geo import index
from cityloop.geo.models import Area
from cityloop.notify.models import Kind, Message
from cityloop.participation import audit
from cityloop.participation.errors import Refused
from cityloop.participation.models import Channel, EventKind, Resident, Verification

CODE_VALID = timedelta(hours=1)
CODE_TRIES = 5
RESEND_AFTER = timedelta(seconds=60)
SENDS_PER_CODE = 5
# Providers that ignore dots in the local part: the same inbox, so the same person.
DOTLESS_DOMAINS = {"gmail.com", "googlemail.com"}
PHONE = re.compile(r"^\+?[0-9]{6,15}$")


def normalise(channel: str, address: str) -> str:
    """The address as it is sent to: trimmed, emails in lower case, phones digits only."""
    address = address.strip()
    if channel == Channel.EMAIL:
        return address.lower()
    return "".join(c for c in address if c.isdigit() or c == "+")


def identity(channel: str, address: str) -> str:
    """One key per person: ``+tags`` dropped, Gmail's dots ignored, ``googlemail`` = ``gmail``."""
    address = normalise(channel, address)
    if channel != Channel.EMAIL:
        return f"sms:{address}"
    local, _at, domain = address.rpartition("@")
    local = local.split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"email:{local}@{domain}"


def check_address(channel: str, address: str) -> str:
    """The normalised address, or ``Refused`` saying what is wrong with it."""
    if channel not in Channel.values:
        raise Refused("bad_channel", _("Choose email or text message."), field="channel")
    clean = normalise(channel, address)
    if channel == Channel.EMAIL:
        try:
            validate_email(clean)
        except ValidationError:
            raise Refused("bad_address", _("Enter a valid email address."),
                          field="address") from None
    elif not PHONE.match(clean):
        raise Refused("bad_address", _("Enter a phone number of 6 to 15 digits."),
                      field="address")
    return clean


def code_of(verification: Verification) -> str:
    """The six digits sent for ``verification``: derived from its row with the secret key."""
    text = f"{verification.pk}:{verification.identity}:{verification.created_at.isoformat()}"
    digest = hmac.new(settings.SECRET_KEY.encode(), b"participation:" + text.encode(),
                      hashlib.sha256)
    return f"{int.from_bytes(digest.digest()[:8], 'big') % 1_000_000:06d}"


def request_code(channel: str, address: str, language: str, *,
                 now: datetime | None = None) -> Verification:
    """Queue a code to ``address`` (the same code again if one is pending), in one transaction.

    Refused when asked again within a minute, or more than five times for one code."""
    now = now or timezone.now()
    clean = check_address(channel, address)
    key = identity(channel, clean)
    with transaction.atomic():
        pending = Verification.objects.select_for_update().filter(identity=key).first()
        if pending is not None and now - pending.created_at > CODE_VALID:
            pending.delete()
            pending = None
        if pending is None:
            pending = Verification.objects.create(channel=channel, address=clean, identity=key,
                                                  language=language, created_at=now)
        else:
            last = pending.created_at + (pending.sends - 1) * RESEND_AFTER
            if pending.sends >= SENDS_PER_CODE or now < last + RESEND_AFTER:
                raise Refused("too_many_codes", _(
                    "A code was sent to this address a moment ago. Wait a minute and check "
                    "your messages (and the spam folder) before asking again."))
            pending.sends += 1
            pending.address, pending.language = clean, language
            pending.save(update_fields=["sends", "address", "language"])
        Message.objects.create(kind=Kind.PARTICIPATION_CODE, transport=channel, target=clean,
                               language=language, next_attempt_at=now, created_at=now)
    return pending


def confirm_code(channel: str, address: str, code: str, *,
                 now: datetime | None = None) -> Resident:
    """The resident proven by ``code``, created the first time; ``Refused`` otherwise."""
    now = now or timezone.now()
    key = identity(channel, check_address(channel, address))
    typed = "".join(c for c in code if c.isdigit())
    # A wrong guess is counted, and a worn-out code deleted, in a transaction that
    # commits: the refusal is raised after it, or it would undo the count.
    refusal: Refused | None = None
    with transaction.atomic():
        pending = Verification.objects.select_for_update().filter(identity=key).first()
        if pending is None or now - pending.created_at > CODE_VALID:
            refusal = Refused("code_expired", _("This code has expired. Ask for a new one."),
                              field="code")
        elif pending.attempts >= CODE_TRIES:
            pending.delete()
            refusal = Refused("code_expired", _("Too many wrong codes. Ask for a new one."),
                              field="code")
        elif not hmac.compare_digest(typed, code_of(pending)):
            pending.attempts += 1
            pending.save(update_fields=["attempts"])
            refusal = Refused("wrong_code", _("That is not the code we sent. Check it and try "
                                              "again."), field="code")
        else:
            resident = _resident(pending, now)
            pending.delete()
    if refusal is not None:
        raise refusal
    return resident


def _resident(pending: Verification, now: datetime) -> Resident:
    resident = Resident.objects.select_for_update().filter(identity=pending.identity).first()
    if resident is None:
        try:
            with transaction.atomic():
                resident = Resident.objects.create(
                    channel=pending.channel, address=pending.address, identity=pending.identity,
                    language=pending.language, verified_at=now)
        except IntegrityError:  # the same person confirmed in another tab at the same moment
            return Resident.objects.get(identity=pending.identity)
        audit.record(EventKind.VERIFIED, now, channel=pending.channel)
        return resident
    resident.verified_at, resident.language = now, pending.language
    resident.save(update_fields=["verified_at", "language"])
    return resident


def declare_street(resident: Resident, area: Area) -> None:
    """The street the resident says they live in (checked later, if the city can)."""
    if resident.area_id != area.pk:
        resident.area = area
        resident.residence_checked_at = None
        resident.save(update_fields=["area", "residence_checked_at"])


def check_residence(resident: Resident, *, now: datetime | None = None) -> None:
    """A city's letter code or identity service vouched for the declared street."""
    resident.residence_checked_at = now or timezone.now()
    resident.save(update_fields=["residence_checked_at"])


def lives_in(resident: Resident, scope: Area | None) -> bool:
    """Whether the declared street is the scope or inside it (every resident, for the city)."""
    return scope is None or scope.pk in index.lineage(resident.area_id)
