"""Who is told what: the messages each case event queues."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from cityloop.cases import sla
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.models import Status
from cityloop.notify import outbox
from cityloop.notify.models import Kind, Message, MessageStatus, NotificationChannel
from tests.cases.helpers import act

MEI = "mei@example.org"
NEIGHBOUR = "neighbour@example.org"


def channel(name, department=None, events=None, **fields) -> NotificationChannel:
    values = {"kind": "email", "target": f"{name}@city.example", "department": department}
    if events is not None:
        values["events"] = events
    values.update(fields)
    return NotificationChannel.objects.create(name=name, **values)


@pytest.fixture
def desks(city):
    """Department desks with the default subscriptions, and a city-wide control room."""
    d = city.departments
    return {
        "east": channel("east", d["roads_east"]),
        "roads": channel("roads", d["roads"]),
        "water": channel("water", d["water"]),
        "control": channel("control"),
    }


@pytest.fixture
def followed_case(make_case):
    """A pothole in the east, reported by Mei, with a neighbour following it."""
    case = make_case(contact=ContactInfo(email=MEI, language="en"))
    act(case, "follow", contact=ContactInfo(email=NEIGHBOUR, language="zh-hans"))
    return case


def told(event) -> set[tuple[str, str]]:
    return {(m.kind, m.target) for m in Message.objects.filter(event=event)}


def test_it_acknowledges_a_new_report_and_tells_the_department(desks, make_case):
    case = make_case(contact=ContactInfo(email=MEI))
    created = case.events.get()
    assert told(created) == {
        (Kind.ACKNOWLEDGEMENT, MEI),
        (Kind.NEW_CASE, "east@city.example"),
        (Kind.NEW_CASE, "control@city.example"),
    }
    message = Message.objects.get(event=created, kind=Kind.ACKNOWLEDGEMENT)
    assert (message.status, message.attempts, message.next_attempt_at) == (
        MessageStatus.QUEUED, 0, created.at)


@pytest.mark.parametrize(("action", "params", "kind"), [
    ("resolve", {"public_text": "Filled in"}, Kind.CASE_RESOLVED),
    ("reject", {"reason": "not_our_responsibility"}, Kind.CASE_REJECTED),
    ("comment", {"public_text": "Crew booked"}, Kind.CASE_UPDATE),
])
def test_it_tells_everyone_following_a_case(action, params, kind, desks, followed_case,
                                            roads_officer):
    event = act(followed_case, action, roads_officer, **params)
    assert told(event) == {(kind, MEI), (kind, NEIGHBOUR)}
    languages = dict(Message.objects.filter(event=event).values_list("target", "language"))
    assert languages == {MEI: "en", NEIGHBOUR: "zh-hans"}


def test_it_tells_the_people_of_a_duplicate_it_was_merged(desks, followed_case, make_case,
                                                          roads_officer):
    original = make_case(contact=ContactInfo(email="first@example.org"))
    event = act(followed_case, "mark_duplicate", roads_officer, original=original)
    assert told(event) == {(Kind.CASE_DUPLICATE, MEI), (Kind.CASE_DUPLICATE, NEIGHBOUR)}


def test_it_keeps_routine_work_between_staff(desks, followed_case, roads_officer):
    for action, params in [
        ("assign", {"assignee": roads_officer}), ("start", {}), ("note", {"note": "internal"}),
        ("set_priority", {"priority": "high"}), ("add_info", {"public_text": "more"}),
        ("contact_viewed", {}),
    ]:
        event = act(followed_case, action, roads_officer, **params)
        assert told(event) == set(), action


def test_it_tells_the_receiving_department_of_a_forward_or_a_join(city, desks, make_case,
                                                                  roads_officer):
    case = make_case()
    joined = act(case, "join", roads_officer, department=city.departments["water"])
    # The city-wide control room heard of the case when it arrived; a
    # handover between departments is news only to the receiving one.
    assert told(joined) == {(Kind.NEW_CASE, "water@city.example")}
    forwarded = act(case, "forward", roads_officer, department=city.departments["roads"])
    assert told(forwarded) == {(Kind.NEW_CASE, "roads@city.example")}


def test_it_tells_the_department_of_a_reopened_case_but_not_the_reporter(
        desks, followed_case, roads_officer):
    act(followed_case, "resolve", roads_officer)
    event = act(followed_case, "reopen", roads_officer, reason="back again")
    assert told(event) == {(Kind.CASE_REOPENED, "east@city.example"),
                           (Kind.CASE_REOPENED, "control@city.example")}


def test_it_tells_supervisors_of_overdue_and_escalated_cases(city, desks, followed_case,
                                                             roads_supervisor):
    east_boss = User.objects.create_user("gina", "gina@city.example", is_staff=True)
    city.departments["roads_east"].supervisors.add(east_boss)
    retired = User.objects.create_user("hal", "hal@city.example", is_active=False)
    city.departments["roads"].supervisors.add(retired)
    later = followed_case.escalate_at
    sla.mark_overdue(later)
    sla.escalate(later)
    overdue = followed_case.events.get(action="mark_overdue")
    assert told(overdue) == {(Kind.CASE_OVERDUE, "gina@city.example"),
                             (Kind.CASE_OVERDUE, "east@city.example"),
                             (Kind.CASE_OVERDUE, "control@city.example")}
    escalated = followed_case.events.get(action="escalate")
    assert told(escalated) == {(Kind.CASE_ESCALATED, "carol_roads@city.example"),
                               (Kind.CASE_ESCALATED, "roads@city.example"),
                               (Kind.CASE_ESCALATED, "control@city.example")}


def test_it_sends_a_channel_only_the_kinds_it_subscribed_to(city, make_case, roads_officer):
    late_only = channel("late", city.departments["roads_east"], events=["case_overdue"])
    case = make_case()
    assert not Message.objects.filter(channel=late_only).exists()
    sla.mark_overdue(case.due_at)
    assert list(Message.objects.filter(channel=late_only).values_list("kind", flat=True)) == [
        Kind.CASE_OVERDUE]


def test_it_sends_every_event_to_channels_subscribed_to_case_events(city, make_case,
                                                                    roads_officer):
    east_feed = channel("east-feed", city.departments["roads_east"], events=["case_event"],
                        kind="webhook")
    city_feed = channel("city-feed", events=["case_event"], kind="webhook")
    water_feed = channel("water-feed", city.departments["water"], events=["case_event"])
    east_case = make_case()
    act(east_case, "assign", roads_officer, assignee=roads_officer)
    act(east_case, "resolve", roads_officer)
    west_case = make_case(lat=29.54, lon=106.52)

    def feed(chan, case):
        return [m.event.action if m.event else None
                for m in Message.objects.filter(channel=chan, case=case).order_by("id")]

    assert feed(east_feed, east_case) == ["create", "assign", "resolve"]
    assert feed(city_feed, east_case) == ["create", "assign", "resolve"]
    assert feed(city_feed, west_case) == ["create"]
    assert feed(east_feed, west_case) == feed(water_feed, east_case) == []
    assert set(Message.objects.filter(channel=east_feed).values_list("kind", flat=True)) == {
        Kind.CASE_EVENT}


def test_it_sends_nothing_to_a_disabled_channel(city, make_case):
    off = channel("off", city.departments["roads_east"], events=["new_case", "case_event"],
                  enabled=False, disabled_reason="HTTP 410")
    make_case()
    assert not Message.objects.filter(channel=off).exists()


def test_it_writes_once_to_an_address_that_follows_twice_and_never_to_a_phone(
        make_case, roads_officer):
    case = make_case(contact=ContactInfo(email=MEI))
    act(case, "follow", contact=ContactInfo(phone="13800000000"))
    case.contacts.create(role="follower", email="MEI@Example.org", created_at=case.created_at)
    event = act(case, "resolve", roads_officer)
    assert Message.objects.filter(event=event).count() == 1


def test_it_queues_nothing_while_suppressed(desks, make_case):
    with outbox.suppressed():
        case = make_case(contact=ContactInfo(email=MEI))
    assert not Message.objects.filter(case=case).exists()
    assert case.status == Status.NEW
