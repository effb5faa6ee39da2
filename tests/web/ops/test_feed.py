"""The polling feed: KPI figures in words, groups, ranking and the change marker."""

from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor


def test_it_reports_the_figures_and_the_latest_change(client, roads_supervisor, make_case):
    late = make_case(now=timezone.now() - timedelta(days=4))  # pothole: 72 h to resolve
    make_case()
    client.force_login(roads_supervisor)  # the roads tree: the East Office's cases count
    feed = client.get("/ops/feed.json").json()
    assert feed["tiles"]["intake_today"]["value"] in (1, 2)  # the late one may be "today"
    assert feed["tiles"]["open_now"] == {"value": 2, "display": "2", "note": ""}
    assert feed["tiles"]["overdue_now"]["value"] == 1
    assert feed["tiles"]["median_hours_to_resolve"]["display"] == "–"
    assert {"code": "roads", "name": "Roads and pavements", "open": 2, "overdue": 1} in (
        feed["groups"])
    late.refresh_from_db()
    assert feed["latest"] > late.pk
    assert feed["at"] and feed["at_display"]


def test_it_moves_the_marker_and_the_figures_when_a_case_changes(client, operator, make_case):
    case = make_case()
    client.force_login(operator)
    before = client.get("/ops/feed.json").json()
    lifecycle.transition(case, "resolve", Actor.system("test"))
    after = client.get("/ops/feed.json").json()
    assert after["changed"] > before["changed"]
    assert (before["tiles"]["resolved_24h"]["value"], after["tiles"]["resolved_24h"]["value"]) == (
        0, 1)


def test_it_refreshes_the_30_day_figures_at_most_every_minute(client, operator, make_case):
    case = make_case()
    client.force_login(operator)
    client.get("/ops/feed.json")
    lifecycle.transition(case, "resolve", Actor.system("test"))
    cached = client.get("/ops/feed.json").json()
    assert cached["tiles"]["median_hours_to_resolve"]["display"] == "–"
    cache.clear()  # as QUALITY_CACHE_SECONDS later
    fresh = client.get("/ops/feed.json").json()
    assert fresh["tiles"]["median_hours_to_resolve"]["display"].endswith(" h")


def test_it_puts_the_ranking_into_words(client, operator, make_case):
    case = make_case()
    lifecycle.transition(case, "resolve", Actor.system("test"))
    client.force_login(operator)
    ranking = client.get("/ops/feed.json").json()["ranking"]
    assert [r["department"] for r in ranking] == ["roads"]
    assert ranking[0]["display"]["resolution_rate"] == "100%"
    assert ranking[0]["display"]["rank"] == "1"
    assert ranking[0]["resolution_rate"] == 1.0


def test_it_answers_in_chinese(client, operator, make_case):
    make_case()
    client.force_login(operator)
    feed = client.get("/ops/feed.json", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert {"道路与人行道"} <= {g["name"] for g in feed["groups"]}


def test_it_answers_for_a_city_without_cases(client, operator):
    client.force_login(operator)
    feed = client.get("/ops/feed.json").json()
    assert feed["changed"] == "" and feed["latest"] == 0
    assert feed["ranking"] == []
    assert feed["tiles"]["satisfaction"]["display"] == "–"
