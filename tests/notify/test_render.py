"""Messages are written in the recipient's language and carry no private details."""

from __future__ import annotations

from cityloop.cases.contacts import ContactInfo
from cityloop.notify.models import (
    FOLLOW_KINDS,
    PARTICIPATION_KINDS,
    WARNING_KINDS,
    Kind,
    Message,
    NotificationChannel,
)
from cityloop.notify.render import render
from tests.cases.helpers import act


def acknowledgement(case) -> Message:
    return Message.objects.get(case=case, kind=Kind.ACKNOWLEDGEMENT)


def test_it_writes_to_a_chinese_speaking_reporter_with_chinese_names(make_case):
    case = make_case(contact=ContactInfo(email="li@example.org", language="zh-hans"))
    outgoing = render(acknowledgement(case))
    assert "路面坑洼" in outgoing.text
    assert "Pothole" not in outgoing.text


def test_it_writes_in_the_language_the_report_was_made_in(make_case):
    case = make_case(language="zh-hans", contact=ContactInfo(email="li@example.org"))
    message = acknowledgement(case)
    assert message.language == "zh-hans"
    assert "路面坑洼" in render(message).text


def test_it_writes_to_an_english_speaking_reporter_in_english(make_case):
    case = make_case(contact=ContactInfo(email="mei@example.org", language="en"))
    outgoing = render(acknowledgement(case))
    assert outgoing.subject == f"We received your report {case.reference}"
    assert "Problem: Pothole" in outgoing.text
    assert f"/track/{case.tracking_token}/" in outgoing.text
    assert "Roads East Office" in outgoing.text


def test_it_writes_to_each_follower_in_their_own_language(make_case, roads_officer):
    case = make_case(contact=ContactInfo(email="mei@example.org", language="en"))
    act(case, "follow", contact=ContactInfo(email="li@example.org", language="zh-hans"))
    event = act(case, "resolve", roads_officer, public_text="Filled in")
    subjects = {m.target: render(m).subject for m in Message.objects.filter(event=event)}
    assert "路面坑洼" not in subjects["mei@example.org"]
    assert "has been resolved" in subjects["mei@example.org"]
    assert "路面坑洼" in render(Message.objects.get(event=event, target="li@example.org")).text


def test_it_writes_to_a_channel_in_the_channels_language(city, make_case):
    NotificationChannel.objects.create(
        name="East desk", kind="email", target="east@city.example",
        department=city.departments["roads_east"], language="zh-hans",
    )
    case = make_case()
    outgoing = render(Message.objects.get(case=case, kind=Kind.NEW_CASE))
    assert "路面坑洼" in outgoing.subject
    assert f"/staff/cases/{case.reference}/" in outgoing.text


def test_it_has_words_for_every_kind_of_message(make_case):
    """Every kind about a case; a follower's kinds are tests/notify/follow's, a warning's
    tests/warnings', a participation code's tests/participation's."""
    case = make_case()
    for kind in set(Kind.values) - set(FOLLOW_KINDS) - set(WARNING_KINDS) - set(
            PARTICIPATION_KINDS):
        message = Message.objects.create(
            kind=kind, case=case, event=case.events.get(), transport="email",
            target="x@example.org", language="en", next_attempt_at=case.created_at,
            created_at=case.created_at,
        )
        outgoing = render(message)
        assert case.reference in outgoing.subject, kind
        assert case.reference in outgoing.text, kind


def test_it_keeps_the_reporters_contact_out_of_the_machine_payload(make_case):
    case = make_case(contact=ContactInfo(name="Mei Lin", email="mei@example.org",
                                         phone="13800000000"))
    outgoing = render(acknowledgement(case))
    payload = str(outgoing.payload)
    for private in ("Mei Lin", "mei@example.org", "13800000000", case.tracking_token):
        assert private not in payload
    assert outgoing.payload["case"]["service_request_id"] == case.reference
    assert outgoing.payload["event"]["action"] == "create"
