"""The cockpit counts the cases the person may see and says which; it lists the
overdue cases and open sensor alerts, its tiles open the queue, and ?wall=1 is
the operations room's wall display."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

from django.utils import timezone

from cityloop.sensing.rules.models import Alert
from tests.sensing.rules.helpers import make_rule, make_stream


def _scope(html: str) -> str:
    found = re.search(r'data-testid="ops-scope">(.*?)</p>', html, re.S)
    assert found
    return re.sub(r"<[^>]+>", "", found.group(1))


def _tile_link(html: str, key: str) -> str:
    found = re.search(rf'class="ops-tile__link" href="([^"]+)" data-testid="ops-tile-link-{key}"',
                      html)
    assert found, key
    return unescape(found.group(1))


def _section(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    return html[start:html.index("</ol>", start)]


def test_a_supervisor_sees_the_tree_and_is_told_so(client, roads_supervisor, make_case):
    make_case()  # a pothole: the Roads East Office, inside the roads tree
    client.force_login(roads_supervisor)
    html = client.get("/ops/").content.decode()
    assert "Roads and Bridges Bureau and 3 sub-departments" in _scope(html)
    assert re.search(r'data-kpi="open_now">1<', html)


def test_an_officer_counts_only_their_departments(client, water_officer, make_case):
    make_case()  # a roads case: not the water officer's
    client.force_login(water_officer)
    html = client.get("/ops/").content.decode()
    assert re.search(r'data-kpi="open_now">0<', html)
    assert re.search(r'data-kpi="intake_today">0<', html)
    feed = client.get("/ops/feed.json").json()
    assert feed["tiles"]["open_now"]["value"] == 0
    assert all(g["open"] == 0 for g in feed["groups"])
    assert "Water" in _scope(html) or "water" in _scope(html).lower()


def test_an_operator_sees_the_whole_city_in_both_languages(client, operator, make_case):
    make_case()
    client.force_login(operator)
    assert "The whole city (every department)" in _scope(client.get("/ops/").content.decode())
    html = client.get("/ops/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "全市（所有部门）" in _scope(html)
    assert "超期工单" in html and "未解除的传感器预警" in html


def test_it_lists_the_overdue_cases_with_links(client, operator, make_case):
    late = make_case(now=timezone.now() - timedelta(days=5))  # pothole: 72 h to resolve
    on_time = make_case()
    client.force_login(operator)
    html = client.get("/ops/").content.decode()
    overdue = _section(html, "ops-overdue")
    assert f'href="/staff/cases/{late.reference}/"' in overdue
    assert "Overdue by 2" in overdue  # days: five days old, three allowed
    assert on_time.reference not in overdue
    feed = client.get("/ops/feed.json").json()
    assert [item["ref"] for item in feed["overdue"]] == [late.reference]


def test_it_says_when_nothing_is_overdue(client, operator):
    client.force_login(operator)
    assert "No case is overdue." in _section(client.get("/ops/").content.decode(), "ops-overdue")


def test_it_lists_the_open_sensor_alerts_with_their_case(client, operator, make_case):
    stream = make_stream(thing="Binjiang river gauge")
    rule = make_rule(stream)
    case_alert = Alert.objects.create(rule=rule, datastream=stream, level="orange",
                                      highest_level="orange", started_at=timezone.now(), peak=3.6)
    case = make_case(channel="sensor", service_code="flooding", contact=None,
                     description="River high", attributes={"traffic_blocked": "no"})
    Alert.objects.filter(pk=case_alert.pk).update(case=case)
    Alert.objects.create(rule=rule, datastream=stream, level="yellow", highest_level="yellow",
                         started_at=timezone.now(), peak=3.1)  # below the case level: no case
    Alert.objects.create(rule=rule, datastream=stream, level="red", highest_level="red",
                         started_at=timezone.now() - timedelta(days=2), peak=4.2,
                         ended_at=timezone.now() - timedelta(days=1))  # over: not listed
    client.force_login(operator)
    alerts = _section(client.get("/ops/").content.decode(), "ops-alerts")
    assert "Binjiang river gauge" in alerts and "peak 3.6 m" in alerts
    assert f'href="/staff/cases/{case.reference}/"' in alerts
    assert "no case opened" in alerts
    assert "4.2" not in alerts


def test_the_tiles_open_the_queue_on_the_same_cases(client, operator, make_case):
    late = make_case(now=timezone.now() - timedelta(days=5))
    on_time = make_case()
    client.force_login(operator)
    html = client.get("/ops/").content.decode()
    queue = client.get(_tile_link(html, "overdue_now")).content.decode()
    assert late.reference in queue and on_time.reference not in queue
    queue = client.get(_tile_link(html, "open_now")).content.decode()
    assert late.reference in queue and on_time.reference in queue
    assert "intake_today" in html and "since=" in _tile_link(html, "intake_today")
    assert 'data-testid="ops-tile-link-satisfaction"' not in html  # no queue shows ratings


def test_the_resolved_tile_opens_the_cases_resolved_in_24_hours(client, operator, roads_officer,
                                                                make_case):
    from tests.web.staff.helpers import act

    resolved = make_case()
    act(resolved, "resolve", roads_officer, public_text="Filled")
    still_open = make_case()
    client.force_login(operator)
    link = _tile_link(client.get("/ops/").content.decode(), "resolved_24h")
    assert "resolved=24h" in link
    queue = client.get(link).content.decode()
    assert resolved.reference in queue and still_open.reference not in queue


def test_the_wall_display_has_no_site_navigation_and_keeps_the_live_parts(client, operator):
    client.force_login(operator)
    html = client.get("/ops/?wall=1").content.decode()
    assert 'class="ops-page ops-wall"' in html
    assert 'data-wall="1"' in html
    assert 'data-testid="ops-ranking"' not in html  # the room watches today, not the month
    for testid in ("ops-map", "ops-overdue", "ops-alerts", "ops-new-cases", "ops-groups"):
        assert f'data-testid="{testid}"' in html
    assert "cityloop/ops.js" in html and "<script>" not in html  # no inline script
    assert "Leave the wall display" in html
    assert 'data-testid="ops-wall-link"' in client.get("/ops/").content.decode()


def test_the_map_layers_are_switched_outside_the_map(client, operator):
    client.force_login(operator)
    html = client.get("/ops/").content.decode()
    layers = html[html.index('data-testid="ops-layers"'):html.index("</fieldset>")]
    assert 'data-layer="sensor"' in layers and 'data-layer="roads"' in layers
