"""Per-address limits behind a reverse proxy: X-Forwarded-For is believed only from the
proxies the city names, and read from the right, so a client cannot pick its own address."""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings

from cityloop.conf.env import envnetworks
from cityloop.web.ratelimit import client_ip

PROXY = [ipaddress.ip_network("10.0.0.5"), ipaddress.ip_network("192.168.1.0/24")]


def _request(remote: str, forwarded: str | None = None):
    extra: dict[str, Any] = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_it_ignores_the_header_when_no_proxy_is_named():
    assert client_ip(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=PROXY)
def test_it_takes_the_address_the_trusted_proxy_saw():
    assert client_ip(_request("10.0.0.5", "198.51.100.1")) == "198.51.100.1"


@override_settings(TRUSTED_PROXIES=PROXY)
def test_a_client_cannot_choose_its_address_by_sending_the_header_itself():
    # The client wrote "1.2.3.4"; the proxy appended the address it really saw.
    assert client_ip(_request("10.0.0.5", "1.2.3.4, 198.51.100.1")) == "198.51.100.1"


@override_settings(TRUSTED_PROXIES=PROXY)
def test_it_skips_every_trusted_proxy_in_a_chain():
    assert client_ip(_request("10.0.0.5", "198.51.100.1, 192.168.1.7")) == "198.51.100.1"


@override_settings(TRUSTED_PROXIES=PROXY)
def test_it_ignores_the_header_from_an_address_that_is_not_a_proxy():
    assert client_ip(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=PROXY)
def test_it_falls_back_to_the_proxy_on_a_garbled_header():
    assert client_ip(_request("10.0.0.5", "not-an-address")) == "10.0.0.5"
    assert client_ip(_request("10.0.0.5")) == "10.0.0.5"


def test_the_setting_refuses_what_is_not_an_address(monkeypatch):
    monkeypatch.setenv("CITYLOOP_TRUSTED_PROXIES", "10.0.0.5, nginx.local")
    with pytest.raises(ImproperlyConfigured, match=r"nginx\.local"):
        envnetworks("CITYLOOP_TRUSTED_PROXIES")
    monkeypatch.setenv("CITYLOOP_TRUSTED_PROXIES", "10.0.0.5, ::1, 10.1.0.0/16")
    assert len(envnetworks("CITYLOOP_TRUSTED_PROXIES")) == 3
