"""What people type is shown as text, never run as markup, on every page that shows it.

A reporter's description, name and added information, and staff's public
updates, reach the tracking page, the staff queue and case page, and the
home page's recent updates; each must come out escaped.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.contacts import ContactInfo

ATTACK = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


@pytest.fixture(autouse=True)
def _keep_language() -> Iterator[None]:
    with translation.override("en"):
        yield


def _safe(html: str) -> None:
    assert "<script>alert" not in html
    assert "<img src=x" not in html


@pytest.fixture
def hostile_case(make_case, operator):
    case = make_case(description=f"Hole {ATTACK}",
                     contact=ContactInfo(name=f"Mei {ATTACK}", email="mei@example.org"))
    lifecycle.transition(case, "comment", Actor.staff(operator), public_text=f"Crew {ATTACK}")
    return case


def test_the_tracking_page_escapes_everything_typed(client, hostile_case):
    html = client.get(f"/track/{hostile_case.tracking_token}/").content.decode()
    _safe(html)
    assert f"Crew {ESCAPED}" in html


def test_added_information_is_escaped_too(client, hostile_case):
    url = f"/track/{hostile_case.tracking_token}/"
    assert client.post(f"{url}add-info/", {"text": f"More {ATTACK}"}).status_code == 302
    html = client.get(url).content.decode()
    _safe(html)
    assert f"More {ESCAPED}" in html


def test_the_staff_queue_and_case_page_escape_everything_typed(client, operator, hostile_case):
    client.force_login(operator)
    for address in ("/staff/", f"/staff/?q={hostile_case.reference}",
                    f"/staff/cases/{hostile_case.reference}/"):
        _safe(client.get(address).content.decode())
    html = client.get(f"/staff/cases/{hostile_case.reference}/").content.decode()
    assert f"Hole {ESCAPED}" in html


def test_the_home_page_escapes_public_updates(client, hostile_case):
    _safe(client.get("/").content.decode())
