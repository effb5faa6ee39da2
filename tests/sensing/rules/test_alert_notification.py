"""Alert → case → notification: the department hears of the new case as of any
report, and the rule's own channels hear of every event of its alerts."""

from __future__ import annotations

from django.core import mail

from cityloop.notify.models import Kind, Message, NotificationChannel
from tests.notify.helpers import send
from tests.sensing.rules.helpers import make_rule, make_stream, series


def channels(city):
    water = NotificationChannel.objects.create(
        name="Water bureau", kind="email", target="water@city.example",
        department=city.departments["water"], events=[Kind.NEW_CASE])
    flood_office = NotificationChannel.objects.create(
        name="Flood control office", kind="email", target="flood@city.example",
        department=city.departments["safety"], events=[], language="zh-hans")
    return water, flood_office


def test_it_queues_the_new_case_for_the_department_and_the_rules_channels(city):
    water, flood_office = channels(city)
    stream = make_stream()
    make_rule(stream, channels=[flood_office, water])
    series(stream, 0, [3.2])
    queued = {(m.channel.name if m.channel else None, m.kind) for m in Message.objects.all()}
    # One message each: the water bureau's is not doubled by the rule.
    assert queued == {("Water bureau", "new_case"), ("Flood control office", "new_case")}


def test_it_tells_the_rules_channels_of_each_rise_and_of_the_recovery(city):
    _water, flood_office = channels(city)
    stream = make_stream()
    make_rule(stream, channels=[flood_office])
    series(stream, 0, [3.2, 4.1, 2.0])
    events = list(Message.objects.filter(channel=flood_office).order_by("id")
                  .values_list("kind", "event__action"))
    assert events == [("new_case", "create"), ("case_event", "set_priority"),
                      ("case_event", "comment"), ("case_event", "note")]


def test_it_sends_the_alert_case_by_email(city):
    _water, flood_office = channels(city)
    stream = make_stream()
    make_rule(stream, channels=[flood_office])
    series(stream, 0, [3.2])
    message = Message.objects.get(channel=flood_office)
    assert send(message) == "ok"
    sent = mail.outbox[-1]
    assert sent.to == ["flood@city.example"]
    assert "River level" in sent.body
    assert "3.2 m" in sent.body


def test_it_queues_nothing_for_a_disabled_rule_channel(city):
    _water, flood_office = channels(city)
    flood_office.enabled = False
    flood_office.save()
    stream = make_stream()
    make_rule(stream, channels=[flood_office])
    series(stream, 0, [3.2])
    assert not Message.objects.filter(channel=flood_office).exists()
