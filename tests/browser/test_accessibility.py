"""axe-core finds no serious or critical violation on the main pages, and the
report form can be completed with the keyboard alone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cityloop.cases.models import Case
from tests.browser import pages
from tests.browser.conftest import DESKTOP, PHONE, describe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MAIN = ("home", "report", "tracking", "stats", "public cases", "staff login", "queue", "case",
        "file for a caller", "cockpit")


def _report_errors(page, base_url: str) -> None:
    """The report form sent empty: the server's error state."""
    page.goto(base_url + "/report/")
    pages.READY["report-map"](page)
    with page.expect_response(lambda r: r.request.method == "POST") as sent:
        page.click("#submit-report")
    assert sent.value.status == 400
    expect(page.locator("#error-summary")).to_be_focused()
    pages.READY["report-map"](page)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_it_has_no_serious_accessibility_violations(city, roads_supervisor, make_case, open_page,
                                                    live_server, login, axe, viewport):
    values = pages.site_data(make_case, roads_supervisor)
    page, problems = open_page(viewport)
    found = []
    for spec in pages.all_pages(values):
        if spec.name not in MAIN:
            continue
        if spec.signed_in:
            login(page, roads_supervisor)
        problem = pages.first_problem(page, problems, live_server.url, spec,
                                      phone=viewport is PHONE)
        violations = axe(page)
        found += [problem, f"{spec.name}:\n{describe(violations)}" if violations else ""]

    page.context.clear_cookies()
    problems.clear()
    problems.expect_status(400)
    _report_errors(page, live_server.url)
    violations = axe(page)
    found.append(f"report with errors:\n{describe(violations)}" if violations else "")
    found.append(f"report with errors: {problems.console_errors}" if problems.console_errors
                 else "")
    assert not any(found), "\n".join(p for p in found if p)


def _tab_to(page, selector: str, limit: int = 200) -> None:
    """Press Tab until ``selector`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => document.activeElement.matches(sel)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def _focus_is_visible(page) -> bool:
    """The focused element shows an outline or a box shadow (a focus ring)."""
    return page.evaluate("""() => {
      const s = getComputedStyle(document.activeElement);
      const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
      return outline || (s.boxShadow && s.boxShadow !== "none");
    }""")


def test_it_lets_a_keyboard_user_report_a_problem(city, open_page, live_server):
    page, problems = open_page(PHONE)
    page.goto(live_server.url + "/report/")
    pages.READY["report-map"](page)

    # The skip link is the first stop and moves the focus to the content.
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert _focus_is_visible(page), "the skip link shows no focus"
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    # The pin: "put the pin in the middle of the map" (the map's centre is in the city).
    _tab_to(page, "#pin-at-centre")
    assert _focus_is_visible(page), "the pin button shows no focus"
    page.keyboard.press("Enter")
    expect(page.locator("#location-status")).to_have_class(re.compile(r"\bis-ok\b"))

    # The category: type in the search; the kinds are one radio group, so Tab
    # lands on its checked radio ("I'm not sure") and an arrow key moves to
    # the only match, as in any radio group.
    _tab_to(page, "#category-search")
    page.keyboard.type("street light")
    expect(page.locator("#category-streetlight")).to_be_visible()
    expect(page.locator(".category-option:not([hidden]) input")).to_have_count(2)
    _tab_to(page, "input[name=service_code]")
    expect(page.locator("#category-unsure")).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(page.locator("#category-streetlight")).to_be_checked()
    expect(page.locator("#category-chosen")).to_contain_text("Street light")

    # Its required question: a group of radio buttons, none chosen yet; Tab
    # reaches the first and Space picks it.
    expect(page.locator("[data-testid=question-fault]")).to_be_visible()
    _tab_to(page, "input[name='attribute[fault]']")
    assert _focus_is_visible(page), "the question's radio shows no focus"
    page.keyboard.press("Space")
    expect(page.locator("input[name='attribute[fault]']:checked")).to_have_count(1)

    _tab_to(page, "#description")
    page.keyboard.type("The street light by the bus stop is out every night.")
    _tab_to(page, "#submit-report")
    assert _focus_is_visible(page), "the send button shows no focus"
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/track/[^/]+/$"))
    reference = page.locator("#confirmation-reference").inner_text().strip()
    case = Case.objects.get(reference=reference)
    assert case.category.service_code == "streetlight" and case.attributes.get("fault")
    problems.assert_clean()
