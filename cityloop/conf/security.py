"""Security headers and cookie flags derived from the city's settings.

Functions rather than constants so that tests can check what a given
``CITYLOOP_PUBLIC_URL`` or tile server turns into without re-importing the
settings module (which reads the environment once, at import).
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from csp.constants import NONE, SELF

from cityloop.conf.env import envbool, envint

# A year, the usual HSTS lifetime; cities can shorten it while trying HTTPS out.
HSTS_DEFAULT_SECONDS = 365 * 24 * 3600


def tile_source(tiles_url: str) -> str:
    """The CSP source of a Leaflet tile URL template; "" when there is none.

    ``https://{s}.tile.example/{z}/{x}/{y}.png`` spreads tiles over
    subdomains, so a ``{…}`` in the host becomes a wildcard label.
    """
    if not tiles_url:
        return ""
    parts = urlsplit(tiles_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""  # a relative URL: tiles served by CityLoop itself, covered by 'self'
    labels = parts.netloc.split(".")
    if "{" in labels[0]:
        labels[0] = "*"
    if "{" in ".".join(labels):
        return f"{parts.scheme}:"  # CSP has no wildcard inside a host: the scheme
    return f"{parts.scheme}://{'.'.join(labels)}"


def content_security_policy(tiles_url: str) -> dict[str, Any]:
    """django-csp's CONTENT_SECURITY_POLICY: our own scripts and styles only.

    No inline script or style anywhere (the staff console's translations
    travel as an ``application/json`` block, which browsers do not run).
    ``blob:`` images are the report form's previews of chosen photos.
    """
    images = [SELF, "data:", "blob:"]
    tiles = tile_source(tiles_url)
    if tiles:
        images.append(tiles)
    return {"DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": images,
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }}


def https_settings(public_url: str, secure_cookies: bool | None,
                   hsts_seconds: int | None, hsts_subdomains: bool) -> dict[str, Any]:
    """Cookie flags and HSTS: on when the public URL is https://.

    ``secure_cookies`` (CITYLOOP_SECURE_COOKIES) and ``hsts_seconds``
    (CITYLOOP_HSTS_SECONDS) override the guess when set, either way: a city
    testing behind plain HTTP on a private network can turn them off, one
    whose public URL is http:// but whose users arrive over HTTPS can force
    them on.
    """
    https = public_url.lower().startswith("https://")
    cookies = https if secure_cookies is None else secure_cookies
    seconds = (HSTS_DEFAULT_SECONDS if https else 0) if hsts_seconds is None else hsts_seconds
    return {
        "SESSION_COOKIE_SECURE": cookies,
        "CSRF_COOKIE_SECURE": cookies,
        "SECURE_HSTS_SECONDS": seconds,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": hsts_subdomains and seconds > 0,
    }


def https_settings_from_env(public_url: str) -> dict[str, Any]:
    """``https_settings`` with the overrides read from the environment."""
    cookies = envbool("CITYLOOP_SECURE_COOKIES", False) \
        if os.environ.get("CITYLOOP_SECURE_COOKIES", "").strip() else None
    seconds = envint("CITYLOOP_HSTS_SECONDS", 0, minimum=0) \
        if os.environ.get("CITYLOOP_HSTS_SECONDS", "").strip() else None
    return https_settings(public_url, cookies, seconds,
                          envbool("CITYLOOP_HSTS_INCLUDE_SUBDOMAINS", False))
