"""Chinese pages and emails name the city in Chinese; "Reported" (a date) and the
photo kind "Reported" stay apart; CityLoop's bilingual alert texts show in the page's
language only."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.contacts import ContactInfo
from cityloop.cases.models import Case, Channel, MediaKind
from cityloop.conf.cityname import city_name
from cityloop.notify.models import Kind, Message
from cityloop.notify.render import render
from cityloop.web.citizen.wording import description, in_page_language
from tests.web.citizen.conftest import EN, ZH

LATIN_NAME = "Test City"  # the test city's area: name "Test City", Chinese "测试市"
BILINGUAL = ("Warning raised from Orange to Red: 0.1 MPa at 2026-12-07 21:24 CST.\n"
             "预警由橙色升级为红色：0.1 MPa，时间 2026-12-07 21:24 CST。")


@pytest.fixture
def named_city(city, settings):
    settings.CITY_NAME = LATIN_NAME
    settings.CITY_NAME_I18N = {"zh-hans": ""}
    return city


def _pages(case):
    return ["/", "/report/", "/stats/", "/stats/cases/", "/cases/",
            "/cases/?reference=1999-000001", f"/cases/{case.reference}/",
            f"/track/{case.tracking_token}/", "/cases/1999-000001/", "/vital-signs/"]


def test_no_chinese_page_shows_the_latin_only_city_name(client, named_city, make_case):
    case = make_case()
    for path in _pages(case):
        html = client.get(path, **ZH).content.decode()
        assert 'lang="zh-hans"' in html, path
        assert LATIN_NAME not in html, f"{path} names the city in Latin letters on a Chinese page"
        assert "测试市" in html, path
    home = client.get("/", **ZH).content.decode()
    assert "测试市有问题？" in home


def test_english_pages_keep_the_citys_own_name(client, named_city, make_case):
    case = make_case()
    for path in _pages(case)[:3]:
        html = client.get(path, **EN).content.decode()
        assert LATIN_NAME in html and "测试市" not in html, path


def test_a_configured_chinese_name_wins(client, named_city, settings):
    settings.CITY_NAME_I18N = {"zh-hans": "江城"}
    assert city_name("zh-hans") == "江城"
    assert city_name("en") == LATIN_NAME
    assert "江城有问题？" in client.get("/", **ZH).content.decode()


def test_a_name_no_area_has_is_shown_as_configured(named_city, settings):
    settings.CITY_NAME = "Elsewhere"
    assert city_name("zh-hans") == "Elsewhere"


def test_a_chinese_email_names_the_city_in_chinese(named_city, make_case):
    case = make_case(contact=ContactInfo(email="li@example.org", language="zh-hans"))
    text = render(Message.objects.get(case=case, kind=Kind.ACKNOWLEDGEMENT)).text
    assert "测试市" in text and LATIN_NAME not in text


def test_reported_as_a_date_is_not_the_photo_kind(client, named_city, make_case, operator):
    with translation.override("zh-hans"):
        assert gettext("Reported") == "上报时间"
        assert str(MediaKind.BEFORE.label) == "上报照片"
    case = make_case()
    track = client.get(f"/track/{case.tracking_token}/", **ZH).content.decode()
    assert "<dt>上报时间</dt>" in track
    client.force_login(operator)
    for path in (f"/staff/cases/{case.reference}/", "/staff/"):
        response = client.get(path, **ZH)
        assert response.status_code == 200, path
        html = response.content.decode()
        assert "上报时间" in html, path
        assert "上报照片" not in html, f"{path}: a date labelled as a photo"
    assert "上报照片" not in track


@pytest.mark.parametrize(("language", "shown", "hidden"), [
    ("en", "Warning raised from Orange to Red", "预警"),
    ("zh-hans", "预警由橙色升级为红色", "Warning raised")])
def test_bilingual_alert_texts_show_in_the_pages_language(language, shown, hidden):
    text = in_page_language(BILINGUAL, language)
    assert shown in text and hidden not in text


def test_texts_in_one_language_are_shown_whole():
    assert in_page_language("Crew booked.\nThank you.", "zh-hans") == "Crew booked.\nThank you."
    assert in_page_language("道路已修复。", "en") == "道路已修复。"


def test_the_home_page_shows_an_alert_update_in_its_own_language(client, named_city,
                                                                  make_case):
    case = make_case()
    lifecycle.transition(case, "comment", Actor.system("sensor rule"), public_text=BILINGUAL)
    english = client.get("/", **EN).content.decode()
    assert "Warning raised from Orange to Red" in english and "预警由橙色" not in english
    chinese = client.get("/", **ZH).content.decode()
    assert "预警由橙色升级为红色" in chinese and "Warning raised" not in chinese
    public = client.get(f"/cases/{case.reference}/", **EN).content.decode()
    assert "Warning raised" in public and "预警由橙色" not in public


def test_an_alerts_description_is_shown_in_the_pages_language_a_reports_as_written():
    alert = Case(channel=Channel.SENSOR, description=BILINGUAL)
    report = Case(channel=Channel.WEB, description=BILINGUAL)
    with translation.override("en"):
        assert "预警" not in description(alert)
        assert description(report) == BILINGUAL
    with translation.override("zh-hans"):
        assert "Warning" not in description(alert)
