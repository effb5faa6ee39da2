"""Every page renders without console errors, on a phone and a desktop,
in English, and the citizen's pages in Chinese too."""

from __future__ import annotations

import re

import pytest

from tests.browser import pages
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_it_renders_every_page_without_errors(city, roads_supervisor, city_admin, make_case,
                                              open_page, live_server, login, viewport):
    values = pages.site_data(make_case, roads_supervisor)
    page, problems = open_page(viewport)
    found = []
    signed_in = ""
    for spec in pages.all_pages(values):
        if spec.signed_in != signed_in:
            login(page, roads_supervisor if spec.signed_in == "staff" else city_admin)
            signed_in = spec.signed_in
        found.append(pages.first_problem(page, problems, live_server.url, spec,
                                         phone=viewport is PHONE))
    assert not any(found), "\n".join(p for p in found if p)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_it_renders_the_citizen_pages_in_chinese(city, roads_supervisor, make_case, open_page,
                                                 live_server, viewport):
    values = pages.site_data(make_case, roads_supervisor)
    page, problems = open_page(viewport, locale="zh-CN")
    found = []
    citizen = [p for p in pages.all_pages(values) if not p.signed_in]
    for spec in citizen:
        problem = pages.first_problem(page, problems, live_server.url, spec,
                                      phone=viewport is PHONE)
        if not problem and page.locator("html").get_attribute("lang") != "zh-hans":
            problem = f"{spec.name}: not in Chinese"
        if not problem and not CJK.search(page.locator("h1").first.inner_text()):
            problem = f"{spec.name}: the heading is not translated"
        found.append(problem)
    assert not any(found), "\n".join(p for p in found if p)
