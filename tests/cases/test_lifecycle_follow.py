""""Me too": people following a case, and staff looking at who reported it."""

from __future__ import annotations

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.models import CaseContact, CaseEvent, ContactRole, Status
from cityloop.notify.models import Message
from tests.cases.helpers import act


def me_too(case, **contact):
    return lifecycle.transition(case, "follow", Actor.citizen(), contact=ContactInfo(**contact))


def test_it_counts_every_me_too_even_without_contact_details(make_case):
    case = make_case(contact=ContactInfo(email="mei@example.org"))
    me_too(case)
    event = me_too(case, email="neighbour@example.org", name="Wang")
    assert event.data == {"followers": 3}
    followers = CaseContact.objects.filter(case=case, role=ContactRole.FOLLOWER)
    assert followers.count() == 2


def test_it_counts_the_same_email_or_phone_once(make_case):
    case = make_case(contact=ContactInfo(email="mei@example.org"))
    me_too(case, email="neighbour@example.org", phone="13800000001")
    me_too(case, email="Neighbour@Example.org")
    me_too(case, phone="13800000001")
    me_too(case, email="MEI@example.org")
    assert case.contacts.count() == 2


def test_it_puts_no_personal_data_in_the_public_history(make_case):
    case = make_case()
    event = me_too(case, name="Wang Fang", email="wang@example.org", phone="13800000002")
    event.refresh_from_db()
    public = f"{event.data} {event.public_text} {event.actor_label} {event.internal_note}"
    for personal in ("Wang", "wang@example.org", "13800000002"):
        assert personal not in public
    assert event.actor_label == "Citizen"


def test_it_keeps_followers_informed_of_the_resolution(make_case, roads_officer):
    case = make_case(contact=ContactInfo(email="mei@example.org"))
    me_too(case, email="neighbour@example.org")
    resolved = act(case, "resolve", roads_officer, public_text="Filled in")
    assert set(Message.objects.filter(event=resolved).values_list("target", flat=True)) == {
        "mei@example.org", "neighbour@example.org"}


def test_it_records_who_looked_at_the_reporters_details(case_in, roads_supervisor):
    case = case_in(Status.CLOSED)
    event = lifecycle.record_contact_view(case, Actor.staff(roads_supervisor))
    assert (event.action, event.actor_user_id, event.actor_label) == (
        "contact_viewed", roads_supervisor.pk, "Carol")
    assert (event.from_status, event.to_status) == (Status.CLOSED, Status.CLOSED)
    assert not event.is_public
    assert not Message.objects.filter(event=event).exists()
    assert CaseEvent.objects.filter(case=case).last() == event
