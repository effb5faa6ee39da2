"""The site-wide addresses of cityloop/web/views.py that no part of the site owns."""

from __future__ import annotations

from django.test import Client


def test_the_browser_s_favicon_request_finds_the_site_icon(client: Client) -> None:
    # Admin pages name no icon, so browsers ask for /favicon.ico: no 404 in their console.
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("cityloop/favicon.svg")
    assert client.post("/favicon.ico").status_code == 405
