"""Web Push: the key pair made by migrate, and an encrypted, signed push to the endpoint."""

from __future__ import annotations

import base64
import json

import pytest
from py_vapid import Vapid

from cityloop.notify.channels.base import Outgoing, TransportError
from cityloop.notify.channels.webpush import keys
from cityloop.notify.channels.webpush.models import PushKeys
from cityloop.notify.channels.webpush.transport import WebPushTransport
from tests.fakes.fixtures import fake_push  # noqa: F401
from tests.fakes.push import FakeBrowser


def push(endpoint: str, browser: FakeBrowser) -> Outgoing:
    return Outgoing(3, "warning", endpoint, "Flood", "Move to higher ground.",
                    {"keys": browser.keys(), "notification": {"title": "Severe warning: Flood",
                                                              "body": "Move to higher ground.",
                                                              "url": "/warnings/x/"}})


def test_migrate_made_one_key_pair_and_keeps_it(db):
    made = keys.ensure_keys()
    assert keys.ensure_keys().public_key == made.public_key == keys.public_key()
    point = base64.urlsafe_b64decode(made.public_key + "==")
    assert len(point) == 65 and point[0] == 4  # an uncompressed P-256 point
    assert PushKeys.objects.count() == 1


def test_it_pushes_the_notification_encrypted_for_the_browser_and_signed(db, fake_push):  # noqa: F811
    keys.ensure_keys()
    browser = FakeBrowser()
    WebPushTransport().send(push(fake_push.url, browser))
    [request] = fake_push.requests
    assert request.header("Content-Encoding") == "aes128gcm"
    assert browser.read(request) == {"title": "Severe warning: Flood",
                                     "body": "Move to higher ground.", "url": "/warnings/x/"}
    scheme, _, value = request.header("Authorization").partition(" ")
    assert scheme == "vapid" and f"k={keys.public_key()}" in value
    token = value.split("t=", 1)[1].split(",", 1)[0]
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    assert claims["aud"] == fake_push.url.rsplit("/", 1)[0]
    assert isinstance(keys.signer(), Vapid)


def test_a_forgotten_subscription_fails_for_good(db, fake_push):  # noqa: F811
    keys.ensure_keys()
    fake_push.answer(410)
    with pytest.raises(TransportError) as gone:
        WebPushTransport().send(push(fake_push.url, FakeBrowser()))
    assert gone.value.permanent


def test_a_push_service_that_is_down_is_tried_again(db):
    keys.ensure_keys()
    with pytest.raises(TransportError) as down:
        WebPushTransport().send(push("http://127.0.0.1:9/push", FakeBrowser()))
    assert not down.value.permanent
