"""The public statistics page: headline figures, SVG charts with tables, ranking, map."""

from __future__ import annotations

import re

import pytest

from tests.web.public.conftest import assert_nothing_personal


def test_it_shows_the_headline_figures(client, public_cases):
    html = client.get("/stats/").content.decode()
    received = re.search(r'data-testid="stats-tile-received">.*?tile__value">([^<]*)<', html,
                         re.S)
    assert received and received.group(1) == "3"
    share = re.search(r'data-testid="stats-tile-resolved">.*?tile__value">([^<]*)<', html, re.S)
    assert share and share.group(1) == "67%"  # 2 of 3


def test_it_draws_its_own_charts_with_a_text_alternative(client, public_cases):
    html = client.get("/stats/").content.decode()
    for chart in ("months", "categories", "districts", "ratings"):
        assert f'data-testid="stats-chart-{chart}"' in html
        assert f'aria-labelledby="stats-chart-{chart}-title stats-chart-{chart}-desc"' in html
        assert f'<title id="stats-chart-{chart}-title">' in html
    assert html.count('<svg class="chart__svg"') == 4
    assert html.count("<details class=\"chart__data\">") == 4
    assert "<th scope=\"row\">Pothole</th><td class=\"num\">2</td>" in html
    assert "<th scope=\"row\">Noise nuisance</th><td class=\"num\">1</td>" in html


def test_it_counts_districts_without_sensitive_cases(client, public_cases):
    html = client.get("/stats/").content.decode()
    districts = html.split('data-testid="stats-chart-districts"')[1].split("</figure>")[0]
    assert "<th scope=\"row\">East District</th><td class=\"num\">1</td>" in districts
    # The resolved pothole (west) counts; the noise case (west) does not.
    assert "<th scope=\"row\">West District</th><td class=\"num\">1</td>" in districts


def test_it_ranks_the_departments(client, public_cases):
    html = client.get("/stats/").content.decode()
    ranking = html.split('data-testid="stats-ranking"')[1].split("</table>")[0]
    assert 'data-department="roads"' in ranking and 'data-department="environment"' in ranking


def test_it_publishes_nothing_personal(client, public_cases):
    assert_nothing_personal(client.get("/stats/").content.decode())


def test_it_has_the_map_and_its_data_address(client, public_cases):
    html = client.get("/stats/").content.decode()
    assert 'data-testid="stats-map"' in html and 'data-testid="stats-list-link"' in html
    assert '"cases": "/stats/cases.geojson"' in html
    assert not re.search(r'(src|href)="(https?:)?//', html)


@pytest.mark.parametrize(("language", "category"), [("en", "Pothole"), ("zh-hans", "路面坑洼")])
def test_it_speaks_the_reader_s_language(client, public_cases, language, category):
    html = client.get("/stats/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'<html lang="{language}">' in html
    assert category in html


def test_it_works_for_a_city_without_cases(client, city):
    response = client.get("/stats/")
    assert response.status_code == 200
    assert "No figures for this period yet." in response.content.decode()


def test_it_needs_no_login(client, city):
    assert client.get("/stats/").status_code == 200
    assert client.get("/stats/cases/").status_code == 200
    assert client.get("/stats/cases.geojson").status_code == 200
