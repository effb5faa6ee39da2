"""A category's questions, loaded by the form's script: the right input for each datatype."""

from __future__ import annotations

from tests.web.citizen.conftest import EN, ZH


def test_it_renders_each_datatype_with_its_input(client, city):
    html = client.get("/report/questions?service_code=missed_collection", **EN).content.decode()
    assert "<legend" in html and "Which waste was not collected?" in html
    assert html.count('type="checkbox" name="attribute[waste_type]"') == 4
    assert 'type="datetime-local" id="attr-due_date" name="attribute[due_date]"' in html
    assert "(required)" in html and "(optional)" in html


def test_it_renders_radio_groups_numbers_and_an_i_dont_know(client, city):
    html = client.get("/report/questions?service_code=pothole", **EN).content.decode()
    assert html.count('type="radio" name="attribute[size]"') == 4  # three sizes and "I don't know"
    assert 'id="attr-size-none" value="" checked' in html
    assert 'type="number" id="attr-depth_cm"' in html
    assert "A number, e.g. 5" in html  # the format hint


def test_it_shows_information_that_asks_nothing(client, city):
    html = client.get("/report/questions?service_code=flooding", **EN).content.decode()
    assert 'data-testid="question-info-safety_notice"' in html
    assert "Do not walk or drive through floodwater" in html
    assert 'name="attribute[safety_notice]"' not in html


def test_it_speaks_chinese(client, city):
    html = client.get("/report/questions?service_code=pothole", **ZH).content.decode()
    assert "坑洼有多大？" in html
    assert "比餐盘小" in html


def test_it_knows_no_unknown_category(client, city):
    assert client.get("/report/questions?service_code=nope").status_code == 404
