"""Indicators in the admin: sources checked, manual values banded as they are typed."""

from __future__ import annotations

from cityloop.sensing.indicators.models import Indicator, IndicatorValue


def form(**changes):
    data = {
        "code": "water-loss", "name": "Water lost from the network",
        "name__zh-hans": "供水管网漏损率", "description": "", "unit": "%", "source": "manual",
        "better": "lower", "green": "9", "amber": "12", "tags": '["SDG 6.4.1"]',
        "every_minutes": "60", "public": "on", "active": "on", "order": "0",
        "values-TOTAL_FORMS": "1", "values-INITIAL_FORMS": "0", "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000", "values-0-at_0": "2030-01-31", "values-0-at_1": "00:00",
        "values-0-value": "11.5", "values-0-note": "January balance",
    }
    data.update(changes)
    return data


def test_it_shows_the_sources(client, city_admin):
    client.force_login(city_admin)
    page = client.get("/admin/sensing/indicator/add/")
    assert page.status_code == 200
    assert "cases: A statistic of cases" in page.content.decode()


def test_it_bands_a_manual_value_typed_in(client, city_admin):
    client.force_login(city_admin)
    answer = client.post("/admin/sensing/indicator/add/", form())
    assert answer.status_code == 302, answer.content.decode()[-3000:]
    assert Indicator.objects.get().name_i18n == {"zh-hans": "供水管网漏损率"}
    assert list(IndicatorValue.objects.values_list("value", "band")) == [(11.5, "amber")]


def test_it_refuses_bad_source_parameters(client, city_admin):
    client.force_login(city_admin)
    answer = client.post("/admin/sensing/indicator/add/", form(
        source="cases", param_days="0"))
    assert answer.status_code == 200
    assert "statistic must be one of" in answer.content.decode()
    assert "days must be a whole number from 1 to 3660" in answer.content.decode()
    assert not Indicator.objects.exists()


def test_it_saves_a_case_statistic_from_its_fields(client, city_admin):
    client.force_login(city_admin)
    answer = client.post("/admin/sensing/indicator/add/", form(
        source="cases", param_statistic="median_hours_to_resolve",
        param_categories=["flooding", "pothole"], param_days="30", param_minutes="60",
        **{"values-TOTAL_FORMS": "0"}))
    assert answer.status_code == 302, answer.content.decode()[-3000:]
    # The minutes typed are a datastream source's: not kept for a case statistic.
    assert Indicator.objects.get().params == {
        "statistic": "median_hours_to_resolve", "categories": ["flooding", "pothole"],
        "days": 30}


def test_it_answers_unknown_choices_with_messages(client, city_admin):
    client.force_login(city_admin)
    answer = client.post("/admin/sensing/indicator/add/", form(
        source="datastream", param_datastream="99999", param_minutes="many",
        param_categories=["no-such-category"]))
    html = answer.content.decode()
    assert answer.status_code == 200
    assert html.count('class="errorlist') >= 3
    assert not Indicator.objects.exists()
