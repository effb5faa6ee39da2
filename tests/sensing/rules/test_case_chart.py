"""{% sensor_charts case %}: the staff case page's chart around the alert."""

from __future__ import annotations

from django.template import Context, Template
from django.urls import reverse

from cityloop.cases.models import Case
from tests.sensing.rules.helpers import make_rule, make_stream, minute, record, series

TAG = Template("{% load sensing_charts %}{% sensor_charts case %}")



def test_it_draws_the_sensor_data_around_the_alert(city):
    stream = make_stream()
    make_rule(stream)
    for i in range(60):
        record(stream, minute(i), 2.0 + i / 100)
    series(stream, 60, [3.2])
    html = TAG.render(Context({"case": Case.objects.get()}))
    assert f'data-testid="sensor-chart-{stream.pk}"' in html
    assert "sensor-chart__marker" in html  # where the alert began
    assert "series.json?around=" in html


def test_it_draws_nothing_for_a_citizens_case(city, make_case):
    assert TAG.render(Context({"case": make_case(now=minute(0))})).strip() == ""


def test_the_staff_case_page_shows_the_chart_of_a_sensor_case(city, client, operator):
    stream = make_stream()
    make_rule(stream)
    for i in range(60):
        record(stream, minute(i), 2.0 + i / 100)
    series(stream, 60, [3.2])
    case = Case.objects.get()
    client.force_login(operator)
    page = client.get(reverse("staff:case", args=[case.reference]))
    assert page.status_code == 200
    assert f'data-testid="sensor-chart-{stream.pk}"' in page.content.decode()
