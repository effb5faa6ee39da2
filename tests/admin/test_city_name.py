"""The admin's header names the city in the page's language, as every other page does."""

from __future__ import annotations

import pytest


@pytest.fixture
def named_city(city, settings):
    settings.CITY_NAME = "Test City"  # the test city's area, whose Chinese name is 测试市
    settings.CITY_NAME_I18N = {"zh-hans": ""}
    return city


def test_the_chinese_admin_names_the_city_in_chinese(named_city, city_admin, client_for):
    html = client_for(city_admin, "zh-hans").get("/admin/").content.decode()
    assert "测试市" in html
    assert "Test City" not in html


def test_the_english_admin_names_it_in_english(named_city, city_admin, client_for):
    html = client_for(city_admin).get("/admin/").content.decode()
    assert "Test City administration" in html
