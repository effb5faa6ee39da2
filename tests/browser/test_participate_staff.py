"""A roads officer answers a residents' proposal over its support threshold by
accepting it, and the case that carries it out appears in the staff console,
linked back to the proposal."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cityloop.participation import proposals
from cityloop.participation.models import Proposal, ProposalStatus
from tests import citydata
from tests.browser.conftest import DESKTOP, PHONE, describe, drop_pin, wait_for_areas
from tests.participation.fixtures import (  # noqa: F401 (fixtures)
    make_resident,
    pothole,
    proposals_process,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def over_threshold(proposals_process, make_resident, pothole):  # noqa: F811
    lat, lon = citydata.INSIDE_EAST_S
    proposal = proposals.submit_proposal(proposals_process, make_resident(), proposals.Draft(
        title="Zebra crossing at the school gate", language="en", category=pothole,
        body="Children cross the road at the school gate every morning; paint a crossing.",
        lat=lat, lon=lon))
    for _ in range(3):
        proposals.support(proposal, make_resident())
    return proposal


def test_a_roads_officer_accepts_a_proposal_and_the_case_appears(
        city, roads_officer, over_threshold, open_page, live_server, login, axe):
    # The crossing's place is the east office's: the officer works there too.
    city.departments["roads_east"].members.add(roads_officer)
    page, problems = open_page(DESKTOP)
    login(page, roads_officer)
    page.goto(live_server.url + "/staff/")
    page.get_by_test_id("nav-participation").click()
    row = page.get_by_test_id("answer-row")
    expect(row).to_have_count(1)
    assert not axe(page), describe(axe(page))
    row.get_by_role("link").click()

    expect(page.get_by_test_id("proposal-supports")).to_contain_text("3 supports")
    assert not axe(page), describe(axe(page))
    page.get_by_label("Accepted: open the case that carries it out").check()
    page.fill("#id_text", "Yes: the crossing is painted this summer.")
    page.get_by_test_id("submit-answer").click()

    expect(page.get_by_test_id("proposal-status")).to_have_attribute("data-status", "accepted")
    proposal = Proposal.objects.get(pk=over_threshold.pk)
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.case is not None
    reference = proposal.case.reference
    page.get_by_test_id("proposal-case-link").click()
    page.wait_for_url(re.compile(rf"/staff/cases/{reference}/$"))
    expect(page.locator("#case-reference")).to_have_text(reference)
    link = page.get_by_test_id("case-carries-out").get_by_role("link").first
    expect(link).to_have_text("Zebra crossing at the school gate")
    assert link.get_attribute("href") == f"/participate/proposals/{proposal.pk}/"

    # In the officer's queue too, like any case.
    page.goto(live_server.url + "/staff/")
    expect(page.locator(f'[data-reference="{reference}"]').first).to_be_visible()
    problems.assert_clean()


def test_the_participation_pages_fit_a_phone_in_chinese(
        city, roads_supervisor, over_threshold, open_page, live_server, login, axe):
    page, problems = open_page(PHONE, locale="zh-CN")
    login(page, roads_supervisor)
    for path in ["/staff/participation/", f"/staff/participation/proposals/{over_threshold.pk}/",
                 "/staff/participation/moderation/", "/staff/participation/budgets/"]:
        page.goto(live_server.url + path)
        expect(page.get_by_test_id("participation-nav")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        violations = axe(page)
        assert not violations, f"{path}: {describe(violations)}"
    problems.assert_clean()


def test_accepting_a_proposal_without_a_place_takes_one_from_the_map(
        city, roads_supervisor, proposals_process, make_resident, pothole,  # noqa: F811
        open_page, live_server, login):
    proposal = proposals.submit_proposal(proposals_process, make_resident(), proposals.Draft(
        title="More benches", language="en",
        body="Old people need somewhere to rest on the long walk to the market."))
    page, problems = open_page(DESKTOP)
    login(page, roads_supervisor)
    page.goto(f"{live_server.url}/staff/participation/proposals/{proposal.pk}/")
    lat, lon = citydata.INSIDE_WEST_S
    wait_for_areas(page, "#answer-map")
    drop_pin(page, "#answer-map", lat, lon)
    assert abs(float(page.input_value("#id_lat")) - lat) < 0.002
    page.get_by_label("Accepted: open the case that carries it out").check()
    page.select_option("#id_category", str(pothole.pk))
    page.fill("#id_text", "Yes: benches along Market Street.")
    page.get_by_test_id("submit-answer").click()
    expect(page.get_by_test_id("proposal-status")).to_have_attribute("data-status", "accepted")
    proposal.refresh_from_db()
    assert proposal.case is not None and proposal.case.lat is not None
    assert abs(proposal.case.lat - lat) < 0.002
    expect(page.get_by_test_id("proposal-case-link")).to_have_text(proposal.case.reference)
    problems.assert_clean()
