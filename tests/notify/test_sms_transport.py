"""Text messages through the SMS gateway: the JSON POST, its token, and its failures."""

from __future__ import annotations

import pytest

from cityloop.notify.channels.base import Outgoing, TransportError
from cityloop.notify.channels.sms.transport import MAX_CHARACTERS, SmsTransport
from tests.fakes.fixtures import fake_sms  # noqa: F401


def text(body: str = "Flood warning: move to higher ground.") -> Outgoing:
    return Outgoing(7, "warning", "+8613800000000", "Flood warning", body, {})


def test_it_posts_the_text_to_the_gateway_with_its_token(fake_sms, settings):  # noqa: F811
    settings.SMS_SENDER = "Jiangcheng"
    SmsTransport().send(text())
    [sent] = fake_sms.texts()
    assert (sent.to, sent.sender, sent.text) == (
        "+8613800000000", "Jiangcheng", "Flood warning: move to higher ground.")
    assert sent.authorization == "Bearer gateway-token"
    assert fake_sms.requests[0].json["reference"] == "7"


def test_a_long_text_is_cut(fake_sms):  # noqa: F811
    SmsTransport().send(text("x" * 1000))
    assert len(fake_sms.texts()[0].text) == MAX_CHARACTERS


def test_a_refused_number_is_permanent_and_a_busy_gateway_is_not(fake_sms):  # noqa: F811
    fake_sms.answer(400)
    with pytest.raises(TransportError) as refused:
        SmsTransport().send(text())
    assert refused.value.permanent
    fake_sms.answer(503)
    with pytest.raises(TransportError) as busy:
        SmsTransport().send(text())
    assert not busy.value.permanent


def test_without_a_gateway_it_says_which_setting_is_missing(settings):
    settings.SMS_GATEWAY_URL = ""
    with pytest.raises(TransportError, match="CITYLOOP_SMS_GATEWAY_URL"):
        SmsTransport().send(text())
