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
import unicodedata
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
from cityloop.participation.models import Channel, EventKind, Resident, Verification, Voter

CODE_VALID = timedelta(hours=1)
# A code asked for again this late would die soon after it arrives: a new one instead.
RENEW_AFTER = CODE_VALID - timedelta(minutes=15)
CODE_TRIES = 5
RESEND_AFTER = timedelta(seconds=60)
SENDS_PER_CODE = 5
# Providers that ignore dots in the local part: the same inbox, so the same person.
DOTLESS_DOMAINS = {"gmail.com", "googlemail.com"}
# Providers that deliver ``name+tag@`` to ``name@``. Elsewhere a ``+`` may be part of
# another person's mailbox, so it is kept.
PLUS_DOMAINS = DOTLESS_DOMAINS | {"outlook.com", "hotmail.com", "live.com", "icloud.com",
                                  "me.com", "fastmail.com", "proton.me", "protonmail.com",
                                  "qq.com", "foxmail.com"}
PHONE = re.compile(r"^\+?[0-9]{6,15}$")


def _ascii(text: str) -> str:
    """Full-width digits and letters (a Chinese input method's) as plain ASCII."""
    return unicodedata.normalize("NFKC", text)


def normalise(channel: str, address: str) -> str:
    """The address as it is sent to: trimmed, emails in lower case, phones digits only
    with an international ``00`` written ``+``."""
    address = _ascii(address).strip()
    if channel == Channel.EMAIL:
        return address.lower()
    digits = "".join(c for c in address if c in "0123456789+")
    return "+" + digits[2:] if digits.startswith("00") else digits


def canonical(channel: str, address: str) -> str:
    """One spelling per person: ``+tags`` dropped where the provider ignores them,
    Gmail's dots ignored and ``googlemail`` = ``gmail``."""
    address = normalise(channel, address)
    if channel != Channel.EMAIL:
        return f"sms:{address}"
    local, _at, domain = address.rpartition("@")
    if domain in PLUS_DOMAINS:
        local = local.split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"email:{local}@{domain}"


def identity(channel: str, address: str) -> str:
    """The key of a person: a keyed hash of the canonical address, so the key names nobody
    and a forgotten resident's row still recognises them."""
    text = canonical(channel, address).encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"participation-identity:" + text,
                    hashlib.sha256).hexdigest()


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
        if pending is not None and (now - pending.created_at > RENEW_AFTER
                                    or pending.attempts >= CODE_TRIES):
            pending.delete()  # expired soon, or worn out by wrong guesses: a new code
            pending = None
        if pending is None:
            pending = Verification.objects.create(channel=channel, address=clean, identity=key,
                                                  language=language, created_at=now,
                                                  last_sent_at=now)
        else:
            last = pending.last_sent_at or pending.created_at
            if pending.sends >= SENDS_PER_CODE or now < last + RESEND_AFTER:
                raise Refused("too_many_codes", _(
                    "A code was sent to this address a moment ago. Wait a minute and check "
                    "your messages (and the spam folder) before asking again."))
            pending.sends += 1
            pending.last_sent_at = now
            pending.address, pending.language = clean, language
            pending.save(update_fields=["sends", "last_sent_at", "address", "language"])
        Message.objects.create(kind=Kind.PARTICIPATION_CODE, transport=channel, target=clean,
                               language=language, next_attempt_at=now, created_at=now)
    return pending


def confirm_code(channel: str, address: str, code: str, *,
                 now: datetime | None = None) -> Resident:
    """The resident proven by ``code``, created the first time; ``Refused`` otherwise."""
    now = now or timezone.now()
    key = identity(channel, check_address(channel, address))
    typed = "".join(c for c in _ascii(code) if c in "0123456789")
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
    # A forgotten resident proving the address again gets it back.
    resident.verified_at, resident.language = now, pending.language
    resident.address = pending.address
    resident.save(update_fields=["verified_at", "language", "address"])
    return resident


def declare_street(resident: Resident, area: Area) -> None:
    """The street the resident says they live in (checked later, if the city can).

    Refused once they have voted in a budget for residents only: moving the
    declared street from district to district would be a vote in each."""
    if resident.area_id != area.pk and resident.area_id is not None and Voter.objects.filter(
            resident=resident, budget__process__residence_required=True).exists():
        raise Refused("street_fixed", _(
            "You have voted as a resident of your street, so it can no longer be changed "
            "here. If you have moved, ask the city to change it."), field="area")
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


def forget(resident: Resident) -> None:
    """A resident's request to be forgotten: the address is blanked, the keyed hash kept,
    so what they did stays counted once and verifying again finds this row."""
    Verification.objects.filter(identity=resident.identity).delete()
    resident.address = ""
    resident.save(update_fields=["address"])
