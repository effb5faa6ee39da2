"""Public comments reach the people following a case; internal notes never leave the staff."""

from __future__ import annotations

import pytest

from cityloop.cases.contacts import ContactInfo
from cityloop.cases.errors import TransitionRefused
from cityloop.notify.models import Kind, Message, NotificationChannel
from cityloop.notify.render import render
from tests.cases.helpers import act, actions_of


def test_it_needs_text_to_comment_or_note(make_case, roads_officer):
    case = make_case()
    for action, field in (("comment", "public_text"), ("note", "note"),
                          ("add_info", "public_text")):
        for empty in ("", "   \n "):
            with pytest.raises(TransitionRefused) as refusal:
                act(case, action, roads_officer, **{field: empty})
            assert refusal.value.code == "text_required", action
    assert actions_of(case) == ["create"]


def test_it_tells_the_reporter_and_followers_about_a_comment(make_case, roads_officer):
    case = make_case(contact=ContactInfo(email="mei@example.org"))
    act(case, "follow", contact=ContactInfo(email="neighbour@example.org"))
    event = act(case, "comment", roads_officer, public_text="Crew booked for Tuesday")
    assert event.is_public
    told = Message.objects.filter(event=event)
    assert {(m.kind, m.target) for m in told} == {
        (Kind.CASE_UPDATE, "mei@example.org"), (Kind.CASE_UPDATE, "neighbour@example.org")}
    assert "Crew booked for Tuesday" in render(told[0]).text


def test_it_never_sends_an_internal_note_outside(city, make_case, roads_officer):
    everything = NotificationChannel.objects.create(
        name="City data hub", kind="webhook", target="https://hub.example/hook",
        events=["case_event"],
    )
    case = make_case(contact=ContactInfo(email="mei@example.org"))
    event = act(case, "note", roads_officer, note="Resident is difficult; call before 9")
    assert not event.is_public
    assert event.internal_note == "Resident is difficult; call before 9"
    messages = list(Message.objects.filter(event=event))
    assert all(m.channel == everything for m in messages)  # nobody following the case
    for message in messages:
        outgoing = render(message)
        assert "difficult" not in outgoing.text
        assert "difficult" not in str(outgoing.payload)
