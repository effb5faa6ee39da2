"""What a warning says to a subscriber, in the active language, and its webhook payload."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from cityloop.notify.models import Message
from cityloop.warnings import cap
from cityloop.warnings.models import MsgType, Warning

SHORT = 140  # characters of a text message's or a notification's body


@dataclass(frozen=True)
class Said:
    subject: str
    headline: str
    description: str
    instruction: str
    severity: str
    kind: str  # "", or what an update or a cancel is, e.g. "Update"
    onset: datetime | None
    expires: datetime | None
    url: str
    short: str


def warning_of(message: Message) -> Warning:
    assert message.warning_id is not None, "a warning's message names its warning"
    return Warning.objects.select_related("references").get(pk=message.warning_id)


def page_url(warning: Warning) -> str:
    return cap.detail_url(warning)


def say(warning: Warning) -> Said:
    headline = warning.text("headline")
    instruction = warning.text("instruction")
    kind = {MsgType.UPDATE: _("Update"), MsgType.CANCEL: _("Cancelled")}.get(
        MsgType(warning.msg_type), "")
    severity = warning.get_severity_display()
    subject = (_("%(kind)s: %(headline)s") % {"kind": kind, "headline": headline} if kind
               else _("%(severity)s warning: %(headline)s") % {"severity": severity,
                                                               "headline": headline})
    short = instruction or warning.text("description")
    if len(short) > SHORT:
        short = short[:SHORT - 1].rstrip() + "…"
    return Said(subject=subject, headline=headline, description=warning.text("description"),
                instruction=instruction, severity=str(severity), kind=str(kind),
                onset=_local(warning.onset or warning.published_at),
                expires=_local(warning.expires), url=page_url(warning), short=short)


def _local(value: datetime | None) -> datetime | None:
    return timezone.localtime(value) if value else None


def webhook_payload(warning: Warning) -> dict[str, Any]:
    """The warning for a community system: CAP's fields, its text in every language, the
    address of its page, and its CAP 1.2 document. No person is named (``published_by``
    stays out)."""
    languages = [code for code, _name in settings.LANGUAGES]
    return {
        "kind": "warning",
        "identifier": warning.identifier,
        "sender": warning.sender,
        "status": warning.status,
        "msg_type": warning.msg_type,
        "references": warning.references.identifier if warning.references else None,
        "sent": _iso(warning.published_at),
        "onset": _iso(warning.onset),
        "expires": _iso(warning.expires),
        "event": {lang: warning.text("event", lang) for lang in languages},
        "category": warning.category,
        "severity": warning.severity,
        "urgency": warning.urgency,
        "certainty": warning.certainty,
        "text": {lang: {field: warning.text(field, lang)
                        for field in ("headline", "description", "instruction")}
                 for lang in languages},
        "areas": sorted(warning.areas.values_list("code", flat=True)),
        "polygon": warning.polygon,
        "url": page_url(warning),
        "cap": cap.document(warning).decode(),
    }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
