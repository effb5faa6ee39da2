"""Departments are listed as their tree: each bureau followed by its units."""

from __future__ import annotations

import re
from html import unescape

from cityloop.catalogue.models import Department


def _listed(html: str) -> list[str]:
    """The department cells of the list, in order, as the page shows them."""
    cells = re.findall(r'<th class="field-in_tree"><a [^>]*>'
                       r'<span class="department-tree" title="([^"]*)">(.*?)</span>', html)
    return [unescape(text) for _title, text in cells]


def test_it_lists_each_bureau_followed_by_its_units_indented(city, city_admin, client_for):
    html = client_for(city_admin).get("/admin/catalogue/department/").content.decode()
    listed = _listed(html)
    roads = Department.objects.get(code="roads").name
    assert len(listed) == Department.objects.count()
    at = listed.index(roads)
    assert listed[at + 1:at + 4] == [
        "└\u00a0Roads East Office",
        "└\u00a0Roads West Office",
        "\u00a0\u00a0\u00a0\u00a0└\u00a0West N Road Team",
    ]
    bureaus = [name for name in listed if not name.startswith(("└", "\u00a0"))]
    assert bureaus == sorted(bureaus)
    assert f'title="{roads} › Roads West Office › West N Road Team"' in html


def test_it_shows_the_tree_in_chinese(city, city_admin, client_for):
    roads = Department.objects.get(code="roads")
    html = client_for(city_admin, "zh-hans").get("/admin/catalogue/department/").content.decode()
    assert roads.name_i18n["zh-hans"] in html
    assert f"{roads.name_i18n['zh-hans']} › Roads West Office" in html
