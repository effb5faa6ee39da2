"""Plain-text messages carry the reporter's and staff's words as typed, not HTML-escaped."""

from __future__ import annotations

from cityloop.cases.contacts import ContactInfo
from cityloop.notify.models import Kind, Message, NotificationChannel
from cityloop.notify.render import render
from tests.cases.helpers import act

TRICKY = 'Mind the "big" hole & the <b>kerb</b> at O\'Neill\'s'


def test_it_keeps_quotes_and_ampersands_of_the_address_in_an_acknowledgement(make_case):
    case = make_case(description=TRICKY, address="Lane 3 & 4, \"East\" gate",
                     contact=ContactInfo(email="mei@example.org", language="en"))
    text = render(Message.objects.get(case=case, kind=Kind.ACKNOWLEDGEMENT)).text
    assert 'Lane 3 & 4, "East" gate' in text
    for escaped in ("&quot;", "&amp;", "&lt;", "&gt;", "&#x27;", "&#39;"):
        assert escaped not in text


def test_it_keeps_a_staff_update_as_typed_in_chinese_too(make_case, roads_officer):
    case = make_case(contact=ContactInfo(email="li@example.org", language="zh-hans"))
    event = act(case, "comment", roads_officer, public_text='已修复 "A&B" 路段 <今天>')
    message = Message.objects.get(event=event, target="li@example.org")
    text = render(message).text
    assert '已修复 "A&B" 路段 <今天>' in text
    assert "&quot;" not in text and "&amp;" not in text


def test_it_sends_the_department_the_description_as_typed(city, make_case):
    NotificationChannel.objects.create(
        name="East desk", kind="email", target="east@city.example",
        department=city.departments["roads_east"], language="en",
    )
    case = make_case(description=TRICKY)
    text = render(Message.objects.get(case=case, kind=Kind.NEW_CASE)).text
    assert TRICKY in text
