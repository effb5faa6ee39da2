"""The whole loop in a real browser: a citizen reports on a phone, an officer
resolves it at a desk, the citizen is not satisfied, and the case comes back."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cityloop.cases.models import Case, MediaKind, Status
from tests import citydata
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    drop_pin,
    has_exif,
    jpeg_with_gps,
    sign_in_with_form,
    wait_for_areas,
)
from tests.conftest import _staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def citizen_reports(page, base_url: str, photo) -> tuple[str, str]:
    """Fill in /report/ as a citizen on a phone; the reference and the tracking link."""
    page.goto(base_url + "/report/")
    wait_for_areas(page, "#report-map")
    lat, lon = citydata.INSIDE_EAST_S
    drop_pin(page, "#report-map", lat, lon)
    expect(page.locator("#location-status")).to_have_class(re.compile(r"\bis-ok\b"))
    assert abs(float(page.input_value("#lat")) - lat) < 0.002
    assert abs(float(page.input_value("#lon")) - lon) < 0.002

    page.fill("#category-search", "obstruction")
    option = page.locator("#category-road_obstruction")
    expect(option).to_be_visible()
    expect(page.locator("#category-pothole")).to_be_hidden()
    option.check()
    expect(page.locator("#category-chosen")).to_contain_text("Road or footpath obstruction")
    question = page.locator("[data-testid=question-blocking]")
    expect(question).to_be_visible()
    question.get_by_label("Part of the road").check()

    page.fill("#description", "A pile of gravel covers half of the road by the school gate.")
    page.set_input_files("#photos", str(photo))
    expect(page.locator("#photo-previews li")).to_have_count(1)
    expect(page.locator("#submit-report")).to_have_attribute("aria-disabled", "false")

    page.click("#submit-report")
    page.wait_for_url(re.compile(r"/track/[^/]+/$"))
    expect(page.locator("[data-testid=confirmation]")).to_be_visible()
    reference = page.locator("#confirmation-reference").inner_text().strip()
    link = page.input_value("#tracking-link")
    assert reference and "/track/" in link
    return reference, link


def officer_resolves(page, base_url: str, officer, reference: str, after_photo) -> None:
    sign_in_with_form(page, base_url, officer.username)
    row = page.locator(f"tr[data-testid=queue-row][data-reference='{reference}']")
    expect(row).to_be_visible()
    row.locator("[data-testid=queue-row-link]").click()
    page.wait_for_url(f"**/staff/cases/{reference}/")

    page.click("#assign-me")
    expect(page.locator("[data-testid=case-assignee]")).to_contain_text(officer.first_name)
    expect(page.locator("[data-testid=case-status]")).to_have_attribute("data-status", "assigned")

    page.fill("#id_resolve-public_text", "The gravel has been cleared and the lane swept.")
    page.set_input_files("#id_resolve-photos", str(after_photo))
    page.click("#submit-resolve")
    expect(page.locator("[data-testid=case-status]")).to_have_attribute("data-status", "resolved")


def test_it_closes_the_loop_from_report_to_reopened(city, open_page, live_server, tmp_path):
    base = live_server.url
    citizen, citizen_problems = open_page(PHONE)
    reference, link = citizen_reports(citizen, base, jpeg_with_gps(tmp_path / "before.jpg"))

    case = Case.objects.get(reference=reference)
    assert case.channel == "web" and case.category.service_code == "road_obstruction"
    assert case.attributes.get("blocking") in ("some_lanes", ["some_lanes"])
    (before,) = case.media.filter(kind=MediaKind.BEFORE)
    with before.file.open("rb") as stored:
        assert not has_exif(stored.read()), "the stored photo still carries EXIF"

    # An officer of the department the case was routed to.
    officer = _staff("olga_handler", "officer", [case.department])
    desk, desk_problems = open_page(DESKTOP)
    officer_resolves(desk, base, officer, reference, jpeg_with_gps(tmp_path / "after.jpg",
                                                                   colour=(40, 160, 60)))

    citizen.goto(link)
    expect(citizen.locator("[data-testid=case-status]")).to_have_text(re.compile("Resolved"))
    expect(citizen.locator("[data-testid=timeline]")).to_contain_text("The gravel has been cleared")
    after = citizen.locator("[data-testid=after-photos] img")
    expect(after).to_have_count(1)
    after.scroll_into_view_if_needed()
    citizen.wait_for_function("(img) => img.complete && img.naturalWidth > 0",
                              arg=after.element_handle())

    citizen.check("#rating-1")
    citizen.fill("#rating-comment", "The gravel is back the next morning.")
    citizen.click("#rate-submit")
    expect(citizen.locator(".messages")).to_contain_text("reopened")
    expect(citizen.locator("[data-testid=rating-given]")).to_be_visible()

    desk.goto(base + "/staff/")
    row = desk.locator(f"tr[data-testid=queue-row][data-reference='{reference}']")
    expect(row).to_be_visible()
    expect(row.locator(".status")).to_have_class(re.compile(r"status--reopened"))
    case.refresh_from_db()
    assert case.status == Status.REOPENED and case.rating == 1

    citizen_problems.assert_clean()
    desk_problems.assert_clean()
