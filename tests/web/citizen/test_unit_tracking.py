"""tracking and overview: the public timeline, the photos a reporter sees, the home figures."""

from __future__ import annotations

from datetime import UTC, datetime

from cityloop.web.citizen import overview, tracking
from tests.cases.helpers import act


def test_it_finds_a_case_by_its_exact_token_only(city, make_case):
    case = make_case()
    assert tracking.find(case.tracking_token) == case
    assert tracking.find(case.tracking_token.upper()) is None
    assert tracking.find("") is None
    assert tracking.find("a" * 65) is None


def test_the_timeline_has_status_changes_and_public_updates_only(city, make_case,
                                                                 roads_officer):
    case = make_case()
    act(case, "assign", roads_officer, assignee=roads_officer)
    act(case, "note", roads_officer, note="internal")
    act(case, "comment", roads_officer, public_text="On it.")
    entries = tracking.public_timeline(case)
    assert [(e.title, e.status, e.text) for e in entries] == [
        ("Report received", "New", ""),
        ("", "Assigned", ""),
        ("Public update", "", "On it."),
    ]
    assert {e.by for e in entries} == {"You", "City staff"}


def test_an_action_the_status_does_not_say_keeps_its_name(city, make_case, roads_officer,
                                                           water_officer):
    case = make_case()
    act(case, "assign", roads_officer, assignee=roads_officer)
    act(case, "forward", roads_officer, department=city.departments["water"])
    entry = tracking.public_timeline(case)[-1]
    assert (entry.title, entry.status) == ("Forward to another department", "New")


def test_a_rating_is_allowed_once_per_resolution(city, make_case, roads_officer):
    case = make_case()
    assert not tracking.can_rate(case)
    act(case, "resolve", roads_officer)
    assert tracking.can_rate(case)
    assert tracking.rate(case, 2, "no") is True
    act(case, "resolve", roads_officer)
    assert tracking.can_rate(case)
    assert tracking.rate(case, 5, "") is False
    assert not tracking.can_rate(case)


def test_the_month_starts_at_midnight_in_the_city(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    start = overview.month_start(datetime(2026, 2, 28, 17, 0, tzinfo=UTC))  # 1 March there
    assert start.isoformat() == "2026-03-01T00:00:00+08:00"


def test_the_overview_counts_cases(city, make_case, roads_officer):
    make_case()
    act(make_case(), "resolve", roads_officer)
    figures = overview.overview()
    assert (figures.open_cases, figures.resolved_this_month) == (1, 1)
    assert figures.updates[0].status == "Resolved"
    assert figures.updates[0].done
