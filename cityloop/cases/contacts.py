"""The people who follow a case: its reporter and those who said "me too"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cityloop.cases.models import Case, CaseContact, ContactRole
from cityloop.cases.validation import clean_language, clean_text


@dataclass(frozen=True)
class ContactInfo:
    name: str = ""
    email: str = ""
    phone: str = ""
    show_name: bool = False
    language: str = ""
    account_id: str = ""
    device_id: str = ""
    chat: str = ""  # "<platform>:<chat id>", a chat that reaches the person (notify.chat)

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.email or self.phone or self.account_id or self.device_id
                    or self.chat)


def add_contact(case: Case, info: ContactInfo, role: str, now: datetime) -> CaseContact:
    # Control characters are stripped as from the report itself (PostgreSQL
    # cannot even store a NUL).
    return CaseContact.objects.create(
        case=case,
        role=role,
        name=clean_text(info.name),
        email=clean_text(info.email),
        phone=clean_text(info.phone),
        show_name=info.show_name,
        language=clean_language(info.language),
        account_id=clean_text(info.account_id),
        device_id=clean_text(info.device_id),
        chat=clean_text(info.chat),
        created_at=now,
    )


def add_follower(case: Case, info: ContactInfo | None, now: datetime) -> CaseContact | None:
    """Count a "me too"; with contact details the person is also kept informed.

    The same email or phone following twice is counted once.
    """
    info = info or ContactInfo()
    if _already_follows(case, info.email, info.phone):
        return None
    return add_contact(case, info, ContactRole.FOLLOWER, now)


def _already_follows(case: Case, email: str, phone: str) -> bool:
    if email and case.contacts.filter(email__iexact=email).exists():
        return True
    return bool(phone and case.contacts.filter(phone=phone).exists())


def merge_followers(duplicate: Case, into: Case, now: datetime) -> int:
    """Everyone following ``duplicate`` now follows ``into``; how many were added."""
    added = 0
    for contact in duplicate.contacts.all():
        if _already_follows(into, contact.email, contact.phone):
            continue
        CaseContact.objects.create(
            case=into,
            role=ContactRole.FOLLOWER,
            name=contact.name,
            email=contact.email,
            phone=contact.phone,
            show_name=contact.show_name,
            language=contact.language,
            account_id=contact.account_id,
            device_id=contact.device_id,
            chat=contact.chat,
            merged_from=duplicate,
            created_at=now,
        )
        added += 1
    return added


def reporter_of(case: Case) -> CaseContact | None:
    return case.contacts.filter(role=ContactRole.REPORTER).first()
