"""The report form renders in both languages, grouped and searchable, and without JavaScript
shows the chosen category's questions when asked, keeping what was entered."""

from __future__ import annotations

from cityloop.cases.models import Case
from tests.web.citizen.conftest import EN, ZH, report_fields


def test_it_renders_the_form_in_english(client, city):
    response = client.get("/report/", **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="en"' in html
    for element_id in ('id="report-map"', 'id="use-my-location"', 'id="category-search"',
                       'id="category-unsure"', 'id="description"', 'id="photos"',
                       'id="contact-email"', 'id="submit-report"', 'id="address"'):
        assert element_id in html
    assert "Where is the problem?" in html
    assert "Roads and pavements" in html  # a service group
    assert 'id="category-pothole"' in html
    assert "Who sees your details" in html


def test_it_renders_the_form_in_chinese(client, city):
    response = client.get("/report/", **ZH)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    assert "路面坑洼" in html  # the category's Chinese name
    assert "道路与人行道" in html  # its group's


def test_it_can_search_by_keywords_in_both_languages(client, city):
    html = client.get("/report/", **EN).content.decode()
    # The browser filters on data-search: names and keywords in every language.
    start = html.index('data-code="pothole"')
    search = html[html.rindex("data-search=", 0, start):start]
    assert "hole in road" in search and "路上有坑" in search and "路面坑洼" in search


def test_it_preselects_a_category_from_the_address(client, city):
    html = client.get("/report/?category=flooding", **EN).content.decode()
    assert 'id="category-flooding" value="flooding" data-name="Flooding / standing water"' in html
    assert 'checked data-testid="category-option-flooding"' in html
    assert "Is traffic blocked?" in html
    # An informational attribute (variable=False) is shown, not asked.
    assert 'data-testid="question-info-safety_notice"' in html
    assert 'name="attribute[safety_notice]"' not in html


def test_it_shows_the_questions_without_javascript_keeping_everything(client, city):
    fields = report_fields(step="questions", service_code="missed_collection",
                           description="Bins not emptied for a week", address="12 Jiefang Road")
    fields.pop("attribute[size]")
    response = client.post("/report/", fields, **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Which waste was not collected?" in html
    assert 'type="checkbox" name="attribute[waste_type]"' in html
    assert 'type="datetime-local"' in html
    assert "Bins not emptied for a week" in html
    assert 'value="12 Jiefang Road"' in html
    assert 'value="mei@example.org"' in html
    assert "error-summary" not in html  # asking for the questions is not a mistake


def test_it_searches_without_javascript(client, city):
    fields = report_fields(step="search", category_query="street light", service_code="")
    html = client.post("/report/", fields, **EN).content.decode()
    assert 'id="category-streetlight"' in html
    assert 'id="category-pothole"' not in html


def test_it_says_when_the_search_finds_nothing(client, city):
    fields = report_fields(step="search", category_query="zzqqxx", service_code="")
    html = client.post("/report/", fields, **EN).content.decode()
    assert "Nothing matches that word" in html
    assert 'id="category-pothole"' in html  # everything, so the citizen can still choose


def test_it_needs_a_csrf_token(city):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/report/", report_fields())
    assert response.status_code == 403


def test_enter_in_the_search_box_searches_without_javascript(client, city):
    # Enter presses the hidden default button (step=default); with a search
    # typed and no category chosen, that is a search, not a report.
    fields = report_fields(step="default", category_query="street light", service_code="")
    response = client.post("/report/", fields, **EN)
    assert response.status_code == 200
    assert 'id="category-streetlight"' in response.content.decode()
    assert not Case.objects.exists()


def test_enter_elsewhere_sends_the_report(client, city):
    response = client.post("/report/", report_fields(step="default"), **EN)
    assert response.status_code == 302
    assert Case.objects.count() == 1


def test_a_search_never_hides_the_chosen_category(client, city):
    fields = report_fields(step="search", category_query="street light", service_code="pothole")
    html = client.post("/report/", fields, **EN).content.decode()
    assert 'id="category-streetlight"' in html
    assert 'checked data-testid="category-option-pothole"' in html
