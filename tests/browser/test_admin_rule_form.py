"""The admin's rule form shows only the parameters of the chosen kind."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _row(page, name: str):
    return page.locator(f".form-row.field-param_{name}")


def test_it_shows_the_fields_of_the_chosen_kind(city, city_admin, open_page, login,
                                                live_server):
    page, problems = open_page(locale="zh-CN")
    login(page, city_admin)
    page.goto(live_server.url + "/admin/sensing/rule/add/")
    page.select_option("select[name=kind]", "window")
    expect(_row(page, "minutes")).to_be_visible()
    expect(_row(page, "aggregate")).to_be_visible()
    expect(_row(page, "side")).to_be_hidden()
    page.select_option("select[name=kind]", "anomaly")
    for name in ("minutes", "min_points", "side"):
        expect(_row(page, name)).to_be_visible()
    expect(_row(page, "aggregate")).to_be_hidden()
    page.select_option("select[name=kind]", "threshold")
    for name in ("minutes", "aggregate", "per", "min_points", "side"):
        expect(_row(page, name)).to_be_hidden()
    problems.assert_clean()
