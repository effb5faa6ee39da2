"""Following by email on a phone: an area (the form, the confirmation link from the
email, and the email a new report there sends; in English and Chinese), and a
point chosen by tapping the map."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from cityloop.notify.follow.models import Subscription
from cityloop.notify.models import Kind, Message
from tests import citydata
from tests.browser.conftest import PHONE, describe, drop_pin, wait_for_areas
from tests.notify.helpers import send

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def deliver(kind: str) -> mail.EmailMessage:
    """Send the newest queued message of ``kind`` as the worker would; its email."""
    message = Message.objects.filter(kind=kind).order_by("-id").first()
    assert message is not None, f"no {kind} message was queued"
    send(message)
    return mail.outbox[-1]


@pytest.mark.parametrize(("locale", "words"), [
    ("en-GB", {"sent": "Check your inbox", "done": "You are following", "all": "All of East"}),
    ("zh-CN", {"sent": "请查看您的收件箱", "done": "您已关注", "all": "全部"}),
], ids=["phone-en", "phone-zh"])
def test_a_resident_follows_an_area_and_hears_of_a_new_report_there(
        city, make_case, open_page, live_server, axe, locale, words):
    page, problems = open_page(PHONE, locale=locale)
    page.goto(live_server.url + "/")
    page.get_by_test_id("home-follow").click()
    expect(page).to_have_url(re.compile(r"/follow/$"))

    area = page.get_by_test_id("follow-area-area")
    assert words["all"] in area.locator("option[value=east]").inner_text()
    area.select_option("east")
    page.get_by_test_id("follow-area-email").fill("ann@example.org")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = axe(page)
    assert not violations, describe(violations)
    page.get_by_test_id("follow-area-submit").click()
    expect(page.get_by_test_id("follow-sent")).to_have_text(words["sent"])
    assert "ann@example.org" not in page.locator("main").inner_text()

    confirmation = deliver(Kind.FOLLOW_CONFIRM)
    assert confirmation.to == ["ann@example.org"]
    link = re.search(r"https?://\S+/follow/confirm/\S+", str(confirmation.body))
    assert link is not None
    page.goto(live_server.url + link.group(0)[link.group(0).index("/follow/"):])
    page.get_by_test_id("follow-confirm").click()
    expect(page.get_by_test_id("follow-confirmed")).to_have_text(words["done"])
    violations = axe(page)
    assert not violations, describe(violations)

    lat, lon = citydata.INSIDE_EAST_N
    case = make_case(lat=lat, lon=lon)
    news = deliver(Kind.FOLLOW_CHANGE)
    assert news.to == ["ann@example.org"] and case.reference in news.subject
    assert news.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    problems.assert_clean()


def test_tapping_the_map_chooses_the_point_to_follow(city, open_page, live_server, axe):
    page, problems = open_page(PHONE)
    page.goto(live_server.url + "/follow/")
    wait_for_areas(page, "#follow-map")
    lat, lon = citydata.INSIDE_WEST_S
    drop_pin(page, "#follow-map", lat, lon)
    assert abs(float(page.get_by_test_id("follow-radius-lat").input_value()) - lat) < 0.002
    assert abs(float(page.get_by_test_id("follow-radius-lon").input_value()) - lon) < 0.002
    page.get_by_test_id("follow-radius-radius").select_option("1000")
    page.get_by_test_id("follow-radius-email").fill("bo@example.org")
    page.get_by_test_id("follow-radius-submit").click()
    expect(page.get_by_test_id("follow-sent")).to_be_visible()
    subscription = Subscription.objects.get()
    assert subscription.radius_m == 1000 and subscription.lat is not None
    assert abs(subscription.lat - lat) < 0.002
    violations = axe(page)
    assert not violations, describe(violations)
    problems.assert_clean()
