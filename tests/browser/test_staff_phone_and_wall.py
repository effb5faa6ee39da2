"""Seen in Chromium: the staff queue on a phone (filters behind one button, cases as
cards, in Chinese) and the cockpit's wall display at 1920×1080."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, wait_for_areas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WALL = {"width": 1920, "height": 1080}


def test_the_queue_on_a_phone_folds_its_filters_and_shows_cards(city, roads_supervisor, make_case,
                                                                open_page, live_server, login):
    late = make_case(now=timezone.now() - timedelta(days=5))
    make_case()
    page, problems = open_page(PHONE, locale="zh-CN")
    login(page, roads_supervisor)
    page.goto(live_server.url + "/staff/")
    summary = page.locator("#filters-panel > summary")
    expect(summary).to_be_visible()
    expect(page.locator("#id_q")).to_be_hidden()  # folded behind the button
    summary.focus()
    page.keyboard.press("Enter")  # by keyboard
    expect(page.locator("#id_q")).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#id_q")).to_be_hidden()

    card = page.locator(f"tr[data-reference='{late.reference}']")
    box = card.bounding_box()
    assert box and box["width"] > 300  # a card across the phone, not a squeezed table row
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(card.locator(".q-sla")).to_contain_text("已超期")
    expect(card.locator(".q-category")).to_be_visible()
    expect(card.locator(".q-department")).to_be_hidden()
    # No text in a card is squeezed to one Chinese character per line.
    for cell in card.locator("td:not(.q-select), th").all():
        if cell.is_visible() and cell.inner_text().strip():
            assert cell.bounding_box()["width"] > 40, cell.inner_text()
    problems.assert_clean()


def test_the_public_case_list_on_a_phone_shows_cards(city, make_case, open_page, live_server):
    case = make_case()
    page, problems = open_page(PHONE, locale="zh-CN")
    page.goto(live_server.url + "/stats/cases/")
    card = page.locator(f"tr[data-ref='{case.reference}']")
    box = card.bounding_box()
    assert box and box["width"] > 300
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for cell in card.locator("td, th").all():
        if cell.is_visible() and cell.inner_text().strip():
            assert cell.bounding_box()["width"] > 40, cell.inner_text()
    problems.assert_clean()


def test_the_queue_on_a_wide_screen_keeps_its_filters_open(city, roads_supervisor, make_case,
                                                           open_page, live_server, login):
    make_case()
    page, problems = open_page(DESKTOP, locale="zh-CN")
    login(page, roads_supervisor)
    page.goto(live_server.url + "/staff/")
    expect(page.locator("#id_q")).to_be_visible()
    expect(page.locator("#queue-table thead")).to_be_visible()
    # Each header is one line of text (one line box), never stacked character by character.
    lines = page.evaluate("""() => Array.from(
        document.querySelectorAll('#queue-table thead th:not(.q-select)'), (th) => {
          const range = document.createRange();
          range.selectNodeContents(th);
          return [th.textContent.trim(), range.getClientRects().length];
        })""")
    assert lines and all(count == 1 for _text, count in lines), lines
    problems.assert_clean()


def test_the_wall_display_fills_the_screen_and_updates_itself(city, operator, make_case,
                                                              open_page, live_server, login):
    make_case(now=timezone.now() - timedelta(days=5))
    page, problems = open_page(WALL)
    login(page, operator)
    page.goto(live_server.url + "/ops/?wall=1")
    wait_for_areas(page, "#ops-map")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("#ops-connection")).to_have_class("ops__connection ops__connection--live")
    expect(page.locator("#ops-overdue li")).to_have_count(1)
    size = page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('[data-kpi=open_now]')).fontSize)")
    assert size >= 48  # a figure read from across the room
    assert page.evaluate("document.documentElement.scrollWidth") <= WALL["width"]
    map_box = page.locator("#ops-map").bounding_box()
    assert map_box and map_box["y"] + map_box["height"] <= WALL["height"]
    expect(page.locator(".leaflet-control-layers")).to_have_count(0)  # nothing over the map

    intake = page.locator('[data-kpi="intake_today"]')
    before = intake.inner_text()
    make_case()
    expect(intake).not_to_have_text(before)  # the live feed moved it, no reload
    problems.assert_clean()
