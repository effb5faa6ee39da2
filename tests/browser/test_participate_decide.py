"""A verified resident answers a map survey by tapping the map, casts a budget ballot on a
phone in Chinese within the budget, and a second ballot is refused; the survey's heat map.

The resident is signed in by a session made here (``participation.session.KEY``), as
verifying by code is the proposals pages' part. Screenshots go to /tmp/decide-shots/.
"""

from __future__ import annotations

import re
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import expect

from cityloop.participation import surveys
from cityloop.participation.models import Ballot, MapEntry, Response, Voter
from cityloop.web.participation import session
from tests import citydata
from tests.browser.conftest import DESKTOP, FIND_MAP, PHONE, describe, drop_pin, wait_for_areas
from tests.participation.fixtures import budget, make_resident, survey  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/decide-shots")


def sign_in_resident(page: Any, live_server: Any, resident: Any) -> None:
    """The browser's session is the verified resident's: a session row and its cookie."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[session.KEY] = resident.pk
    store.create()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": store.session_key, "url": live_server.url}])


def drawn(page: Any, selector: str) -> int:
    """How many of the answer's shapes (not the city's areas) the map shows."""
    return int(page.evaluate(f"""(sel) => {{
      const map = ({FIND_MAP})(sel);
      let n = 0;
      map.eachLayer((l) => {{ if (!l.feature && (l instanceof L.CircleMarker ||
                                 l instanceof L.Rectangle)) n++; }});
      return n;
    }}""", selector))


def test_a_resident_answers_a_map_survey_by_tapping_the_map(
        city, survey, make_resident, open_page, live_server, axe):  # noqa: F811
    resident = make_resident()
    page, problems = open_page(DESKTOP)
    sign_in_resident(page, live_server, resident)
    page.goto(f"{live_server.url}/participate/surveys/{survey.pk}/")
    q = {question.kind: f"q{question.pk}" for question in survey.questions.all()}
    wait_for_areas(page, f"#{q['point']}-map")
    violations = axe(page)
    assert not violations, describe(violations)

    page.get_by_test_id(f"{q['scale']}-4").check()
    drop_pin(page, f"#{q['point']}-map", *citydata.INSIDE_WEST_N)
    expect(page.get_by_test_id(f"{q['point']}-status")).to_have_text("Point 1 added.")
    page.get_by_test_id(f"{q['point']}-comment-1").fill("Dark under the bridge")
    # Sent without the required first answer: refused next to it, the point kept.
    problems.expect_status(400)
    page.get_by_test_id("survey-submit").click()
    expect(page.get_by_test_id(f"{q['single']}-error")).to_contain_text("needs an answer")
    expect(page.get_by_test_id("survey-errors")).to_be_focused()
    wait_for_areas(page, f"#{q['point']}-map")
    expect(page.get_by_test_id(f"{q['point']}-comment-1")).to_have_value("Dark under the bridge")
    expect(page.get_by_test_id(f"{q['scale']}-4")).to_be_checked()
    assert drawn(page, f"#{q['point']}-map") == 1
    violations = axe(page)
    assert not violations, describe(violations)
    page.get_by_test_id(f"{q['single']}-walk").check()
    # By keyboard: pan the map with the arrow keys, then a point at its centre.
    page.get_by_test_id(f"{q['point']}-map").focus()
    page.keyboard.press("ArrowRight")
    page.get_by_test_id(f"{q['point']}-centre").click()
    expect(page.get_by_test_id(f"{q['point']}-list").locator("li")).to_have_count(2)
    page.get_by_role("button", name="Remove Point 2").click()
    assert drawn(page, f"#{q['point']}-map") == 1

    # An area: three corners tapped, then Finish.
    area = f"#{q['area']}-map"
    wait_for_areas(page, area)
    for lat, lon in ((29.545, 106.575), (29.545, 106.585), (29.535, 106.58)):
        drop_pin(page, area, lat, lon)
    page.get_by_test_id(f"{q['area']}-finish").click()
    expect(page.get_by_test_id(f"{q['area']}-status")).to_contain_text("Area 1 is finished")

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.get_by_test_id(q["point"]).screenshot(path=str(SHOTS / "survey-point.png"))
    page.get_by_test_id(q["area"]).screenshot(path=str(SHOTS / "survey-area.png"))
    page.get_by_test_id("survey-submit").click()
    expect(page.get_by_test_id("survey-thanks")).to_be_visible()
    entries = {e.answer.question.kind: e for e in MapEntry.objects.select_related(
        "answer__question")}
    assert entries["point"].comment == "Dark under the bridge"
    assert abs(entries["point"].lat - citydata.INSIDE_WEST_N[0]) < 0.001
    assert abs(entries["point"].lon - citydata.INSIDE_WEST_N[1]) < 0.001
    assert entries["area"].geometry["type"] == "Polygon"
    assert Response.objects.get().resident_id == resident.pk
    problems.assert_clean()


def test_a_ballot_on_a_phone_in_chinese_then_a_second_is_refused(
        city, budget, make_resident, open_page, live_server, axe):  # noqa: F811
    page, problems = open_page(PHONE, locale="zh-CN")
    sign_in_resident(page, live_server, make_resident())
    ballot_url = f"{live_server.url}/participate/budgets/{budget.pk}/"
    page.goto(ballot_url)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = axe(page)
    assert not violations, describe(violations)
    projects = {p.title: f"project-{p.pk}" for p in budget.projects.all()}
    running = page.get_by_test_id("budget-running")
    text = page.get_by_test_id("budget-running-text")
    expect(text).to_have_attribute("aria-live", "polite")
    page.get_by_test_id(projects["Playground"]).check()
    page.get_by_test_id(projects["Benches"]).check()
    expect(running).to_have_attribute("data-left", "10000")
    expect(text).to_contain_text("90000")  # grouped as the page's amounts: none in Chinese
    page.get_by_test_id(projects["Trees"]).check()
    expect(running).to_have_class(re.compile("decide-running--over"))
    expect(running).to_have_attribute("data-left", "-10000")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "ballot-phone-zh-over.png"))
    page.get_by_test_id(projects["Trees"]).uncheck()
    page.get_by_test_id(projects["Bike racks"]).check()
    expect(running).to_have_attribute("data-left", "0")
    expect(running).not_to_have_class(re.compile("decide-running--over"))
    page.screenshot(path=str(SHOTS / "ballot-phone-zh.png"))
    page.get_by_test_id("budget-submit").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "ballot-phone-zh-bottom.png"))

    # The same ballot open in a second tab, to send again after the first is counted.
    second = page.context.new_page()
    second.goto(ballot_url)
    second.get_by_test_id(projects["Trees"]).check()

    page.get_by_test_id("budget-submit").click()
    expect(page.get_by_test_id("budget-counted")).to_be_visible()
    assert "Playground" not in page.locator("main").inner_text()
    assert Ballot.objects.count() == 1 and Voter.objects.count() == 1

    problems.expect_status(400)
    second.get_by_test_id("budget-submit").click()
    expect(second.get_by_test_id("budget-notice")).to_be_visible()
    expect(second.get_by_test_id("budget-form")).to_have_count(0)
    assert Ballot.objects.count() == 1
    page.goto(ballot_url)
    expect(page.get_by_test_id("budget-notice")).to_be_visible()
    expect(page.get_by_test_id("budget-form")).to_have_count(0)
    problems.assert_clean()


def test_the_survey_heat_map_shows_squares_with_a_legend(
        city, survey, make_resident, open_page, live_server, axe):  # noqa: F811
    point_q = survey.questions.get(kind="point")
    single = survey.questions.get(kind="single")
    spots = [(29.5812, 106.5234)] * 6 + [(29.5431, 106.5812)] * 3 + [(29.5703, 106.5605)] * 2 \
        + [(29.5550, 106.5150), (29.5905, 106.5902)]
    for i, (lat, lon) in enumerate(spots):
        surveys.respond(survey, make_resident(), {
            single.pk: ("walk", "bus", "car")[i % 3],
            point_q.pk: [{"geometry": {"type": "Point",
                                       "coordinates": [lon + i * 0.00001, lat]}}]})
    page, problems = open_page(DESKTOP)
    page.goto(f"{live_server.url}/participate/surveys/{survey.pk}/results/")
    selector = f"#survey-q{point_q.pk}-map"
    wait_for_areas(page, selector)
    page.wait_for_function(f"(sel) => {{ const m = ({FIND_MAP})(sel); let n = 0; "
                           "m.eachLayer((l) => { if (l instanceof L.Rectangle) n++; }); "
                           "return n === 5; }", arg=selector)
    violations = axe(page)
    assert not violations, describe(violations)
    expect(page.get_by_test_id(f"survey-q{point_q.pk}-legend").locator("li")).to_have_count(4)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.locator(f"[data-testid=survey-q{point_q.pk}]").screenshot(
        path=str(SHOTS / "survey-heat-map.png"))
    phone, _problems = open_page(PHONE, locale="zh-CN")
    phone.goto(f"{live_server.url}/participate/surveys/{survey.pk}/results/")
    wait_for_areas(phone, selector)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=str(SHOTS / "survey-results-phone-zh.png"), full_page=True)
    problems.assert_clean()


def test_the_survey_fits_a_phone_in_chinese(city, survey, make_resident, open_page,  # noqa: F811
                                            live_server, axe):
    page, problems = open_page(PHONE, locale="zh-CN")
    sign_in_resident(page, live_server, make_resident())
    page.goto(f"{live_server.url}/participate/surveys/{survey.pk}/")
    expect(page.get_by_test_id("survey-title")).to_have_text("我们的街道")
    point = f"#q{survey.questions.get(kind='point').pk}-map"
    wait_for_areas(page, point)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    violations = axe(page)
    assert not violations, describe(violations)
    drop_pin(page, point, *citydata.INSIDE_EAST_S)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "survey-phone-zh.png"), full_page=True)
    problems.assert_clean()
