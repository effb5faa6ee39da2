"""The outbox asks the transport registry who can be reached: a city's SMS transport
reaches the citizens who gave a phone number, with no change to the outbox."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import pytest
from django.contrib.auth.models import User

from cityloop.cases import sla
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.models import Case
from cityloop.notify.channels.base import Outgoing, Transport
from cityloop.notify.models import Kind, Message
from cityloop.notify.outbox import reaching_transports
from cityloop.registry import notification_transports
from tests.notify.helpers import send
from tests.web.staff.helpers import act


class FakeSms(Transport):
    """A text-message gateway that remembers what it was asked to send."""

    kind = "sms"
    contact = "phone"
    sent: ClassVar[list[Outgoing]] = []

    def send(self, outgoing: Outgoing) -> None:
        FakeSms.sent.append(outgoing)


@pytest.fixture
def sms(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[FakeSms]]:
    monkeypatch.setattr(FakeSms, "sent", [])
    with notification_transports.temporarily("sms", "Text messages (a test)", FakeSms):
        yield FakeSms


def to_citizens(case: Case, kind: str = Kind.ACKNOWLEDGEMENT) -> list[tuple[str, str, str]]:
    return sorted(Message.objects.filter(case=case, kind=kind, channel__isnull=True)
                  .values_list("transport", "target", "language"))


def test_email_and_chat_reach_people_out_of_the_box(db: None) -> None:
    # The chat transport reaches those who reported from a chat (notify.chat).
    assert reaching_transports() == [("chat", "chat"), ("email", "email")]


def test_an_sms_transport_reaches_a_citizen_who_gave_only_a_phone(
        sms: type[FakeSms], make_case: Callable[..., Case]) -> None:
    case = make_case(contact=ContactInfo(phone="13800000000", language="zh-hans"))
    assert to_citizens(case) == [("sms", "13800000000", "zh-hans")]
    message = Message.objects.get(case=case, kind=Kind.ACKNOWLEDGEMENT)
    assert send(message) == "ok"
    (outgoing,) = sms.sent
    assert (outgoing.target, outgoing.message_id) == ("13800000000", message.pk)
    assert case.reference in outgoing.subject


def test_a_citizen_who_gave_both_hears_once_through_each(
        sms: type[FakeSms], make_case: Callable[..., Case]) -> None:
    case = make_case(contact=ContactInfo(email="mei@example.org", phone="13800000000",
                                         language="en"))
    assert to_citizens(case) == [("email", "mei@example.org", "en"),
                                 ("sms", "13800000000", "en")]


def test_followers_are_reached_by_phone_too_and_once_per_number(
        sms: type[FakeSms], make_case: Callable[..., Case], city_admin: User) -> None:
    case = make_case(contact=ContactInfo(phone="13800000000"))
    act(case, "follow", city_admin, contact=ContactInfo(phone="13800000000"))
    act(case, "follow", city_admin, contact=ContactInfo(phone="13900000000"))
    act(case, "resolve", city_admin, public_text="Filled.")
    assert [target for _t, target, _l in to_citizens(case, Kind.CASE_RESOLVED)] == [
        "13800000000", "13900000000"]


def test_without_a_phone_transport_a_phone_only_citizen_hears_nothing(
        make_case: Callable[..., Case]) -> None:
    case = make_case(contact=ContactInfo(phone="13800000000"))
    assert to_citizens(case) == []


def test_a_transport_that_reaches_no_one_is_not_asked(
        sms: type[FakeSms], make_case: Callable[..., Case]) -> None:
    # The webhook reaches configured channels only (contact ""): never a citizen.
    case = make_case()
    assert {transport for transport, _target, _language in to_citizens(case)} == {"email"}
    assert ("webhook", "") not in reaching_transports()


def test_supervisors_are_reached_by_what_their_account_has(
        sms: type[FakeSms], make_case: Callable[..., Case], roads_supervisor: User) -> None:
    # A user account has an email address and no phone: the SMS transport passes it by.
    case = make_case()
    sla.mark_overdue(case.escalate_at)
    sla.escalate(case.escalate_at)
    escalated: list[Any] = list(Message.objects.filter(
        case=case, kind=Kind.CASE_ESCALATED, channel__isnull=True
    ).values_list("transport", "target"))
    assert escalated == [("email", roads_supervisor.email)]
