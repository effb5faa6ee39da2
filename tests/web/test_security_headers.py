"""Security headers on every kind of page, and HTTPS-only cookies and HSTS
when the city's public URL is https://."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from cityloop.conf.security import (
    HSTS_DEFAULT_SECONDS,
    content_security_policy,
    https_settings,
    tile_source,
)

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _keep_language() -> Iterator[None]:
    with translation.override("en"):
        yield


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def assert_locked_down(response) -> None:
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no nonce: no inline script
    assert policy["style-src"] == ["'self'"]
    assert policy["connect-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_citizen_page_has_the_policy(client, city):
    response = client.get("/report/")
    assert response.status_code == 200
    assert_locked_down(response)
    # No tile server by default (the city's own base map, or its areas):
    # images come from the site itself only.
    assert directives(response)["img-src"] == ["'self'", "data:", "blob:"]


def test_a_configured_tile_server_is_the_one_other_image_source(client, city, settings):
    tiles = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    settings.MAP_TILES_URL = tiles
    settings.CONTENT_SECURITY_POLICY = content_security_policy(tiles)
    response = client.get("/report/")
    assert_locked_down(response)
    assert directives(response)["img-src"] == [
        "'self'", "data:", "blob:", "https://tile.openstreetmap.org"]


def test_a_staff_page_has_the_policy(city, roads_officer):
    client = Client()
    client.force_login(roads_officer)
    response = client.get("/staff/")
    assert response.status_code == 200
    assert_locked_down(response)


def test_an_admin_page_has_the_policy(city, city_admin):
    client = Client()
    client.force_login(city_admin)
    response = client.get("/admin/cases/case/")
    assert response.status_code == 200
    assert_locked_down(response)


@pytest.mark.parametrize("path", ["/no-such-page/", "/track/not-a-token/"])
def test_an_error_page_has_the_policy(client, city, path):
    response = client.get(path)
    assert response.status_code == 404
    assert_locked_down(response)


def test_a_refusal_has_the_policy(city, roads_officer):
    client = Client()
    client.force_login(roads_officer)
    response = client.get("/admin/")
    assert response.status_code == 403
    assert_locked_down(response)


@pytest.mark.parametrize(("tiles", "source"), [
    ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
    ("https://{s}.tiles.city.example:8443/{z}/{x}/{y}.png", "https://*.tiles.city.example:8443"),
    ("/tiles/{z}/{x}/{y}.png", ""),  # served by CityLoop itself: 'self' covers it
    ("", ""),
])
def test_images_come_from_the_site_and_its_tile_server_only(tiles, source):
    assert tile_source(tiles) == source
    images = content_security_policy(tiles)["DIRECTIVES"]["img-src"]
    assert images == ["'self'", "data:", "blob:", *([source] if source else [])]


def test_https_turns_on_secure_cookies_and_hsts():
    on = https_settings("https://city.example", None, None, False)
    assert on == {"SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
                  "SECURE_HSTS_SECONDS": HSTS_DEFAULT_SECONDS,
                  "SECURE_HSTS_INCLUDE_SUBDOMAINS": False}
    off = https_settings("http://127.0.0.1:8000", None, None, True)
    assert off["SESSION_COOKIE_SECURE"] is False and off["SECURE_HSTS_SECONDS"] == 0
    assert off["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False  # nothing to include without HSTS


def test_the_environment_can_still_force_either_way():
    forced = https_settings("http://city.internal", True, None, False)
    assert forced["SESSION_COOKIE_SECURE"] and forced["CSRF_COOKIE_SECURE"]
    short = https_settings("https://city.example", False, 300, True)
    assert short["SESSION_COOKIE_SECURE"] is False
    assert short["SECURE_HSTS_SECONDS"] == 300 and short["SECURE_HSTS_INCLUDE_SUBDOMAINS"]


def test_the_settings_module_reads_an_https_public_url(tmp_path: Path):
    # Settings are read once, at import: a fresh interpreter with the variables.
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITYLOOP_")}
    env.update(CITYLOOP_DATA_DIR=str(tmp_path), CITYLOOP_PUBLIC_URL="https://city.example",
               CITYLOOP_MAP_TILES_URL="https://tiles.city.example/{z}/{x}/{y}.png",
               DJANGO_SETTINGS_MODULE="cityloop.settings")
    code = ("import json; from cityloop import settings as s; print(json.dumps(["
            "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, "
            "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src']]))")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, check=True, timeout=60).stdout
    cookies, csrf, hsts, images = json.loads(out.strip().splitlines()[-1])
    assert cookies and csrf and hsts == HSTS_DEFAULT_SECONDS
    assert "https://tiles.city.example" in images


def test_an_https_request_gets_hsts_and_secure_cookies(city, roads_officer, settings):
    for name, value in https_settings("https://city.example", None, None, False).items():
        setattr(settings, name, value)
    client = Client()
    response = client.post("/staff/login/", {"username": "alice_roads", "password": PASSWORD},
                           secure=True)
    assert response.status_code == 302
    assert response["Strict-Transport-Security"] == f"max-age={HSTS_DEFAULT_SECONDS}"
    assert response.cookies[settings.SESSION_COOKIE_NAME]["secure"]
    assert response.cookies[settings.CSRF_COOKIE_NAME]["secure"]
