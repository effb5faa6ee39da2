"""Relative times read as people say them: "just now", never "0 minutes ago"."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone, translation

from cityloop.web import relative
from tests.cases.helpers import act


def test_it_says_just_now_under_a_minute():
    now = timezone.now()
    assert relative.ago(now, now) == "just now"
    assert relative.ago(now - timedelta(seconds=59), now) == "just now"
    assert relative.ago(now - timedelta(minutes=5), now).replace("\xa0", " ") == "5 minutes ago"
    assert relative.ago(now - timedelta(days=3, hours=4), now).replace("\xa0", " ") == (
        "3 days ago")  # one unit at a glance


def test_it_says_just_now_in_chinese():
    now = timezone.now()
    with translation.override("zh-hans"):
        assert relative.ago(now, now) == "刚刚"
        assert relative.ago(now - timedelta(hours=2), now).replace("\xa0", " ") == "2 小时前"


def test_it_says_where_a_case_stands_against_its_deadline():
    now = timezone.now()
    assert relative.sla(now + timedelta(hours=5, minutes=3), True, now).replace(
        "\xa0", " ") == "Due in 5 hours"
    assert relative.sla(now - timedelta(days=2, hours=1), True, now).replace(
        "\xa0", " ") == "Overdue by 2 days"
    assert relative.sla(now - timedelta(days=2), False, now) == ""  # a closed case has no SLA


def test_the_home_page_says_just_now_for_a_fresh_update(client, make_case, roads_officer):
    case = make_case()
    act(case, "comment", roads_officer, public_text="Crew on the way")
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    updates = html[html.index('data-testid="home-updates"'):]
    assert "just now" in updates
    assert "0 minutes" not in updates and "0\xa0minutes" not in updates
    zh = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "刚刚" in zh[zh.index('data-testid="home-updates"'):]
