"""Hot topics: the week's report texts clustered, labelled in English and Chinese."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.template import Context, Template
from django.urls import include, path
from django.utils import timezone

from cityloop.cases.contacts import ContactInfo
from cityloop.triage.topics import weekly as topics
from cityloop.triage.topics.models import Topic
from cityloop.web.topics.views import topics_json

URL = "/ops/topics.json"
# The cockpit's URLs with the line the cockpit adds for this endpoint.
urlpatterns = [path("ops/topics.json", topics_json, name="ops-topics"),
               path("", include("cityloop.urls"))]

# Three things people wrote about this week, in both languages.
FLOODED_UNDERPASS = [
    "The underpass by the station is flooded again, water up to the knee",
    "underpass flooded after the storm, two cars stuck in the water",
    "Flooded underpass on Riverside Road, buses turning back",
    "water in the underpass is still rising, nobody has closed it",
    "地下通道又积水了，水没过膝盖",
    "下穿道积水很深，车都过不去了",
    "暴雨后地下通道积水，公交车掉头",
    "地下通道积水还在涨，也没人封路",
]
DARK_STREET = [
    "All the street lights on Hill Road are out, completely dark at night",
    "street lights out again along the whole road, dark and unsafe",
    "Dark street: none of the street lights working since the storm",
    "the street lights by the school are out, kids walk home in the dark",
    "整条路的路灯都不亮了，晚上黑漆漆的",
    "路灯又不亮了，走夜路很危险",
    "学校门口路灯不亮，孩子晚上回家看不见路",
    "暴雨后这条街路灯全灭了",
]
RUBBISH = [
    "Rubbish bins not emptied for a week, bags piling up",
    "bins overflowing, rubbish not collected since Monday",
    "nobody collected the rubbish bins on our street",
    "rubbish bags everywhere, bins not emptied",
    "垃圾桶一个星期没人清运，垃圾袋堆成山",
    "垃圾没人收，垃圾桶都满出来了",
    "小区垃圾桶好几天没清运",
    "垃圾桶满了没人清运，臭死了",
]


@pytest.fixture
def week_of_reports(make_case):
    """The three topics, filed this week, and one sensitive report."""
    now = timezone.now()
    start, _end = topics.week_bounds(topics.week_of(now))
    at = start + (now - start) / 2
    filed = []
    for code, texts, answers in (("flooding", FLOODED_UNDERPASS, {"traffic_blocked": "yes"}),
                                 ("streetlight", DARK_STREET, {"fault": "out"}),
                                 ("missed_collection", RUBBISH, {"waste_type": "household"})):
        for text in texts:
            filed.append(make_case(service_code=code, description=text, attributes=answers,
                                   now=at))
    return topics.week_of(now), filed


def by_category(found: list[Topic]) -> dict[str, Topic]:
    return {t.categories[0][0]: t for t in found}


def test_it_labels_each_topic_in_english_and_chinese(week_of_reports):
    week, _filed = week_of_reports
    found = by_category(topics.compute(week))
    assert set(found) == {"flooding", "streetlight", "missed_collection"}
    flood, dark, rubbish = found["flooding"], found["streetlight"], found["missed_collection"]
    assert "underpass" in flood.label_en and "积水" in flood.label_zh
    assert "street lights" in dark.label_en and "路灯" in dark.label_zh
    assert ("rubbish" in rubbish.label_en or "bins" in rubbish.label_en)
    assert "垃圾" in rubbish.label_zh or "清运" in rubbish.label_zh
    assert flood.size == dark.size == rubbish.size == 8
    assert {t["language"] for t in flood.terms} == {"en", "zh"}
    assert len(flood.examples) == topics.EXAMPLES


def test_it_gives_the_same_topics_every_time(week_of_reports):
    week, _filed = week_of_reports
    first = [(t.rank, t.label_en, t.label_zh, t.size, t.examples) for t in topics.compute(week)]
    second = [(t.rank, t.label_en, t.label_zh, t.size, t.examples)
              for t in topics.compute(week)]
    assert first == second
    assert Topic.objects.filter(week=week).count() == len(first)


def test_it_keeps_sensitive_categories_and_personal_data_out(week_of_reports, make_case):
    week, _filed = week_of_reports
    for i in range(6):
        make_case(description=f"pothole, call me on 0138 1234 567{i} or zhang.wei@example.org",
                  contact=ContactInfo(name="Zhang Wei", email="zhang.wei@example.org"))
        make_case(service_code="noise", attributes={"source": "construction"},
                  description="karaoke bar next door shouting every night, 卡拉OK扰民")
    found = topics.compute(week)
    stored = json.dumps([topics.as_json(t) for t in found], ensure_ascii=False)
    assert "1234" not in stored and "example.org" not in stored and "zhang" not in stored
    assert "karaoke" not in stored and "卡拉" not in stored
    assert sum(t.size for t in found) == 24 + 6


def test_too_few_reports_make_no_topics(make_case):
    make_case(description="pothole")
    assert topics.compute(topics.week_of(timezone.now())) == []


def test_weeks_are_iso_weeks_in_the_city_time_zone():
    start, end = topics.week_bounds("2026-W01")
    assert (start.date().isoformat(), end.date().isoformat()) == ("2025-12-29", "2026-01-05")
    assert topics.week_of(start) == "2026-W01"
    assert topics.previous_week("2026-W01") == "2025-W52"
    for bad in ("2026-W54", "2026W01", "", "last week"):
        with pytest.raises(topics.BadWeek):
            topics.week_bounds(bad)


def test_the_periodic_job_refreshes_this_week_and_finishes_last_week(week_of_reports):
    week, _filed = week_of_reports
    summary = topics._run(timezone.now())
    assert summary.startswith(f"{week}: 3 topics")
    assert Topic.objects.filter(week=week).count() == 3


@pytest.mark.urls(__name__)
def test_the_json_endpoint_is_for_staff_only(week_of_reports, client, roads_officer):
    week, _filed = week_of_reports
    topics.compute(week)
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(User.objects.create_user("citizen", password="pw"))
    assert client.get(URL).status_code == 403
    client.force_login(roads_officer)
    body = client.get(URL).json()
    assert body["week"] == week and len(body["topics"]) == 3
    assert {"label_en", "label_zh", "size", "terms", "examples"} <= set(body["topics"][0])
    assert client.get(URL, {"week": week}).json() == body
    assert client.get(URL, {"week": "2019-W02"}).json()["topics"] == []
    assert client.get(URL, {"week": "soon"}).status_code == 400


def test_the_command_prints_them(week_of_reports, capsys):
    week, _filed = week_of_reports
    call_command("triage_topics", "--week", week)
    out = capsys.readouterr().out
    assert out.startswith(f"Hot topics of {week}:") and "underpass" in out and "积水" in out
    call_command("triage_topics", "--week", week, "--stored", "--json")
    assert len(json.loads(capsys.readouterr().out)["topics"]) == 3


def test_the_cockpit_partial_shows_the_latest_topics(week_of_reports):
    week, _filed = week_of_reports
    topics.compute(week)
    html = Template('{% include "triage/includes/topics.html" %}').render(Context({}))
    assert html.count('data-testid="hot-topic"') == 3
    assert "underpass" in html and week in html


def test_topics_of_an_empty_week_are_none(db):
    long_ago = timezone.make_aware(datetime(2020, 1, 8)) - timedelta(days=1)
    assert topics.compute(topics.week_of(long_ago)) == []
