"""A follower's email: their language, the city's name, the public facts only, and a
one-click unsubscribe (RFC 8058)."""

from __future__ import annotations

from django.core import mail

from cityloop.conf.cityname import city_name
from cityloop.notify.follow import subscriptions
from cityloop.notify.follow.subscriptions import What
from cityloop.notify.models import Kind, Message
from tests import citydata
from tests.cases.helpers import act
from tests.notify.follow.helpers import following
from tests.notify.helpers import send


def _sent(kind: str = Kind.FOLLOW_CHANGE):
    message = Message.objects.filter(kind=kind).order_by("-id").first()
    assert message is not None
    send(message)
    return mail.outbox[-1]


def test_a_change_reads_in_the_followers_language_with_an_unsubscribe_header(
        make_case, roads_officer):
    case = make_case(description="Pothole outside number 5, call Liu")
    following("ann@example.org", What.report(case), language="zh-hans")
    act(case, "resolve", roads_officer, public_text="Repaired today.")
    email = _sent()
    assert city_name("zh-hans") in email.subject and case.reference in email.subject
    assert "已办结" in email.body and "Repaired today." in email.body
    assert "Pothole outside number 5" not in email.body  # a resident's words stay out
    assert "alice_roads" not in email.body  # no staff name
    unsubscribe = email.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/follow/unsubscribe/" in unsubscribe
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in email.body


def test_a_new_report_in_an_area_names_its_category_and_area(city, make_case):
    following("ann@example.org", What.in_area(city.areas["east"]))
    case = make_case()
    email = _sent()
    assert case.reference in email.subject and "Pothole" in email.subject
    assert "East S Street" in email.body
    assert f"/cases/{case.reference}/" in email.body


def test_a_sensitive_reports_follower_reads_its_status_only(make_case, roads_officer):
    lat, lon = citydata.INSIDE_WEST_S
    case = make_case(service_code="noise", attributes={"source": "music_party"},
                     lat=lat, lon=lon)
    following("ann@example.org", What.report(case))
    act(case, "resolve", roads_officer, public_text="We spoke to the neighbour at 12B.")
    email = _sent()
    assert "Resolved" in email.body
    assert "12B" not in email.body and "West S Street" not in email.body


def test_the_confirmation_has_no_unsubscribe_header_and_says_nothing_is_sent_yet(city):
    subscriptions.ask("ann@example.org", What.in_area(city.areas["west"]), language="en",
                      mode="immediate")
    email = _sent(Kind.FOLLOW_CONFIRM)
    assert "List-Unsubscribe" not in email.extra_headers
    assert "Nothing will be sent until you do" in email.body
    assert "West District" in email.body and city_name("en") in email.body
