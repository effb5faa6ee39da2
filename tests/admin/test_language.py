"""The admin in Chinese says 修改 (change) on its links; "切换" belongs to the
site's language switcher only, whose word must not leak into the admin."""

from __future__ import annotations

import re


def test_the_admin_says_change_as_django_translates_it(city, city_admin, client_for):
    html = client_for(city_admin, "zh-hans").get("/admin/").content.decode()
    links = re.findall(r'class="changelink"[^>]*>([^<]*)</a>', html)
    assert links and set(links) == {"修改"}


def test_the_language_switcher_still_says_switch(city, client):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "切换" in html
