"""The queue's markup for a phone: filters behind one button, rows readable as cards."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from tests.web.staff.helpers import page


def test_the_filters_sit_behind_one_button(client_for, roads_officer):
    html = page(client_for(roads_officer).get("/staff/"))
    panel = html[html.index('<details class="filters-panel"'):]
    summary = panel.index('<summary class="filters-panel__summary"')
    assert summary < panel.index('id="queue-filters"')
    assert 'id="queue-filters"' in panel and 'id="saved-title"' in panel
    assert "<script>" not in html  # the panel opens on wide screens from staff.js


def test_the_button_says_how_many_filters_are_on(client_for, roads_officer):
    client = client_for(roads_officer)
    assert 'data-testid="filters-active"' not in page(client.get("/staff/"))
    html = page(client.get("/staff/?filtered=1&status=new&priority=urgent&overdue=on"))
    assert 'data-testid="filters-active">3 active<' in html
    zh = page(client_for(roads_officer, "zh-hans").get("/staff/?filtered=1&status=new"))
    assert 'data-testid="filters-active">1 项生效<' in zh


def test_each_row_carries_what_a_card_shows(client_for, roads_supervisor, make_case):
    late = make_case(now=timezone.now() - timedelta(days=5))
    fresh = make_case()
    html = page(client_for(roads_supervisor).get("/staff/"))
    for css in ("q-ref", "q-status", "q-category", "q-place", "q-due", "q-age"):
        assert f'class="{css}' in html
    row = html[html.index(f'data-reference="{fresh.reference}"'):]
    row = row[:row.index("</tr>")]
    assert "Reported just now" in row
    assert "Due in " in row and "Overdue" not in row
    late_row = html[html.index(f'data-reference="{late.reference}"'):]
    late_row = late_row[:late_row.index("</tr>")].replace("\xa0", " ")  # timesince's spaces
    assert "Overdue by " in late_row
    assert "Reported 5 days ago" in late_row


def test_the_cards_speak_chinese(client_for, roads_supervisor, make_case):
    make_case()
    html = page(client_for(roads_supervisor, "zh-hans").get("/staff/"))
    assert "刚刚上报" in html
    assert "后到期" in html
    assert "上报时间" in html
    for english in ("Reported just now", "Due in", "just now"):
        assert english not in html
