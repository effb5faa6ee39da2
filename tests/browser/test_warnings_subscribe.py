"""Subscribing to warnings on a phone: the form in English and Chinese, by keyboard,
the confirmation link from the email, and the warning's email once it is published."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from cityloop.notify.models import Kind, Message
from cityloop.warnings.publish import publish
from cityloop.warnings.subscriptions.models import Subscription
from tests.browser.conftest import PHONE, describe
from tests.notify.helpers import send
from tests.warnings.helpers import draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def deliver(kind: str) -> mail.EmailMessage:
    message = Message.objects.filter(kind=kind).order_by("-id").first()
    assert message is not None, f"no {kind} message was queued"
    assert send(message) == "ok", message.last_error
    return mail.outbox[-1]


@pytest.mark.parametrize(("locale", "words"), [
    ("en-GB", {"sent": "Check your inbox", "done": "Subscribed", "title": "Flood warning"}),
    ("zh-CN", {"sent": "请查看您的收件箱", "done": "订阅成功", "title": "河岸洪水预警"}),
], ids=["phone-en", "phone-zh"])
def test_a_resident_subscribes_by_email_and_hears_the_warning(
        city, open_page, live_server, axe, locale, words):
    page, problems = open_page(PHONE, locale=locale)
    page.goto(live_server.url + "/warnings/subscribe/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = axe(page)
    assert not violations, describe(violations)
    # By keyboard: open East District's list with Enter (the first district starts
    # open), then tick its box with the space bar.
    district = page.locator("details", has=page.get_by_test_id("area-east"))
    if district.get_attribute("open") is None:
        district.locator("summary").press("Enter")
    page.get_by_test_id("area-east").focus()
    page.keyboard.press("Space")
    expect(page.get_by_test_id("area-east")).to_be_checked()
    page.get_by_test_id("subscribe-address").fill("ann@example.org")
    page.get_by_test_id("subscribe-submit").click()
    expect(page.get_by_test_id("subscribe-sent")).to_have_text(words["sent"])
    assert "ann@example.org" not in page.locator("main").inner_text()

    confirmation = deliver(Kind.WARNING_CONFIRM)
    link = re.search(r"https?://\S+(/warnings/subscribe/confirm/\S+)", str(confirmation.body))
    assert link is not None
    page.goto(live_server.url + link.group(1))
    page.get_by_test_id("confirm-submit").click()
    expect(page.get_by_test_id("confirm-done")).to_have_text(words["done"])
    assert Subscription.objects.get().confirmed

    warning = publish(draft(city.areas["east"]), by="duty officer")
    email = deliver(Kind.WARNING)
    assert email.to == ["ann@example.org"] and words["title"] in str(email.subject)
    assert f"/warnings/{warning.identifier}/" in str(email.body)
    problems.assert_clean()
