"""The report form in a browser loses nothing when the server refuses it: the photo stays
(as a thumbnail the server kept), the pin and the map's zoom stay where they were. Also:
required questions are checked before sending, open reports near the pin are drawn on
the map before a category is chosen, and the public case list is a table on a desk."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from cityloop.cases.models import Case, CaseMedia
from tests import citydata
from tests.browser.conftest import (
    DESKTOP,
    FIND_MAP,
    PHONE,
    describe,
    drop_pin,
    jpeg_with_gps,
    wait_for_areas,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAP = "#report-map"


def loaded(page, selector: str) -> None:
    """Wait until every image matching ``selector`` has loaded with a width (they may still
    be arriving when the elements are counted); times out, and fails, if one never does."""
    page.locator(selector).last.scroll_into_view_if_needed()
    page.wait_for_function(
        "(sel) => [...document.querySelectorAll(sel)]"
        ".every((i) => i.complete && i.naturalWidth > 0)",
        arg=selector, timeout=15_000)


def _view(page):
    """The report map's zoom and centre, and the pin's position, as the page has them."""
    return page.evaluate(f"""(sel) => {{
      const map = ({FIND_MAP})(sel);
      const c = map.getCenter();
      return {{zoom: map.getZoom(), lat: c.lat.toFixed(5), lon: c.lng.toFixed(5),
               pin: [document.getElementById('lat').value, document.getElementById('lon').value]}};
    }}""", MAP)


@pytest.fixture
def keyword_triage(settings):
    # "I'm not sure" + "standing water": triage picks flooding, whose required
    # question the citizen has not seen; only the server can refuse that.
    settings.TRIAGE_PROVIDER = "keywords"
    settings.TRIAGE_CONFIDENCE = 0.6


def test_a_refused_report_keeps_the_photo_the_pin_and_the_zoom(
        city, keyword_triage, open_page, live_server, tmp_path, axe):
    page, problems = open_page(PHONE)
    problems.expect_status(400)
    page.goto(live_server.url + "/report/")
    wait_for_areas(page, MAP)
    lat, lon = citydata.INSIDE_EAST_S
    drop_pin(page, MAP, lat, lon)
    expect(page.locator("#location-status")).to_have_class(re.compile(r"\bis-ok\b"))
    zoom = _view(page)["zoom"]
    page.locator(MAP + " .leaflet-control-zoom-in").click()  # the citizen zooms in once
    page.wait_for_function(f"""([sel, zoom]) => {{
      const map = ({FIND_MAP})(sel);
      return map.getZoom() === zoom + 1 && !map._animatingZoom;
    }}""", arg=[MAP, zoom])
    before = _view(page)

    page.locator("#category-unsure").check()
    page.fill("#description", "Standing water everywhere after the rain")
    page.set_input_files("#photos", str(jpeg_with_gps(tmp_path / "water.jpg")))
    expect(page.get_by_test_id("photo-status")).to_contain_text("Photos ready to send: 1")
    page.locator("#submit-report").click()

    # The server refused: flooding asks whether traffic is blocked.
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_contain_text("Answer the question “Is traffic blocked?”")
    expect(summary).to_be_focused()
    assert not Case.objects.exists()
    kept = page.get_by_test_id("kept-photo")
    expect(kept).to_have_count(1)
    expect(kept).to_contain_text("Kept: water.jpg")
    loaded(page, "[data-testid=kept-photo] img")
    wait_for_areas(page, MAP)
    assert _view(page) == before
    expect(page.locator("#description")).to_have_value("Standing water everywhere after the rain")
    violations = axe(page)
    assert not violations, describe(violations)

    page.locator("#attr-traffic_blocked-1").check()  # "No"
    page.locator("#submit-report").click()
    page.wait_for_url(re.compile(r"/track/"))
    case = Case.objects.get()
    assert case.category is not None and case.category.service_code == "flooding"
    assert CaseMedia.objects.filter(case=case).count() == 1
    problems.assert_clean()


def test_a_required_question_is_checked_before_sending(city, open_page, live_server):
    page, problems = open_page(PHONE, locale="zh-CN")
    page.goto(live_server.url + "/report/")
    wait_for_areas(page, MAP)
    lat, lon = citydata.INSIDE_EAST_S
    drop_pin(page, MAP, lat, lon)
    page.fill("#category-search", "路灯")
    page.locator("#category-streetlight").check()
    first = page.locator("#attr-fault-0")
    expect(first).to_be_visible()
    assert first.get_attribute("required") is not None
    page.locator("#submit-report").click()

    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#attr-fault-0']")).to_contain_text("路灯出了什么问题？")
    expect(first).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#attr-fault")).to_have_attribute(
        "aria-describedby", re.compile(r"\battr-fault-error\b"))
    assert page.url.endswith("/report/") and not Case.objects.exists()

    first.check()
    page.locator("#submit-report").click()
    page.wait_for_url(re.compile(r"/track/"))
    problems.assert_clean()


def test_open_reports_near_the_pin_are_on_the_map_before_a_category(city, make_case,
                                                                    open_page, live_server, axe):
    lat, lon = citydata.INSIDE_EAST_S
    case = make_case(lat=lat + 0.0004)
    page, problems = open_page(PHONE)
    page.goto(live_server.url + "/report/")
    wait_for_areas(page, MAP)
    drop_pin(page, MAP, lat, lon)
    listed = page.get_by_test_id("nearby-item")
    expect(listed).to_have_count(1)
    expect(listed.get_by_test_id("nearby-link")).to_have_attribute(
        "href", f"/cases/{case.reference}/")
    markers = page.evaluate(f"""(sel) => {{
      const map = ({FIND_MAP})(sel);
      const found = [];
      map.eachLayer((l) => {{ if (l instanceof L.CircleMarker && l.getTooltip())
        found.push(l.getTooltip().getContent()); }});
      return found;
    }}""", MAP)
    assert markers == [case.reference]

    # Its "me too" email is folded under it, for it alone.
    page.get_by_test_id(f"me-too-open-{case.reference}").click()
    email = page.get_by_label(f"Email for updates on report {case.reference} (optional)")
    expect(email).to_be_visible()
    email.fill("li@example.org")
    expect(page.get_by_test_id("no-contact-metoo")).to_be_visible()
    violations = axe(page)
    assert not violations, describe(violations)
    problems.assert_clean()


def test_the_public_case_list_is_a_table_on_a_desk_and_cards_on_a_phone(
        city, make_case, open_page, live_server):
    case = make_case()
    page, problems = open_page(DESKTOP)
    page.goto(live_server.url + "/stats/cases/")
    expect(page.locator("#stats-case-list thead")).to_be_visible()
    row = page.locator(f"tr[data-ref='{case.reference}']")
    assert row.evaluate("(tr) => getComputedStyle(tr).display") == "table-row"

    phone, phone_problems = open_page(PHONE)
    phone.goto(live_server.url + "/stats/cases/")
    card = phone.locator(f"tr[data-ref='{case.reference}']")
    assert card.evaluate("(tr) => getComputedStyle(tr).display") != "table-row"
    expect(card.get_by_test_id("stats-case-link")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    problems.assert_clean()
    phone_problems.assert_clean()


def test_without_the_script_the_photo_is_kept_and_can_be_removed(city, browser, live_server,
                                                                  tmp_path):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    own = urlparse(live_server.url).netloc
    outside: list[str] = []

    def route(route):
        if urlparse(route.request.url).netloc == own:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/report/")
        page.fill("#address", "Outside 12 Jiefang Road")
        page.locator("details[data-group] summary", has_text="Street lighting").click()
        page.locator("#category-streetlight").check()
        page.set_input_files("#photos", [str(jpeg_with_gps(tmp_path / "lamp.jpg")),
                                         str(jpeg_with_gps(tmp_path / "pole.jpg", (9, 9, 9)))])
        page.locator("#submit-report").click()
        expect(page.get_by_test_id("error-summary")).to_contain_text(
            "Answer the question “What is wrong with the light?”")
        expect(page.get_by_test_id("kept-photo")).to_have_count(2)
        loaded(page, "[data-testid=kept-photo] img")

        page.get_by_role("button", name="Remove pole.jpg").click()  # posts the form back
        expect(page.get_by_test_id("kept-photo")).to_have_count(1)
        expect(page.get_by_test_id("kept-photo")).to_contain_text("Kept: lamp.jpg")
        expect(page.locator("#address")).to_have_value("Outside 12 Jiefang Road")

        page.locator("#attr-fault-0").check()
        page.locator("#submit-report").click()
        page.wait_for_url(re.compile(r"/track/"))
        expect(page.get_by_test_id("confirmation-no-email")).to_contain_text(
            "no confirmation or updates will be emailed")
        assert CaseMedia.objects.filter(case=Case.objects.get()).count() == 1
        assert not outside
    finally:
        context.close()
