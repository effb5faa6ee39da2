"""reporting: reading the form, building the Report, submitting with photos all or nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import QueryDict

from cityloop.cases.models import Case, CaseMedia
from cityloop.web.citizen import reporting
from tests import citydata
from tests.web.citizen.conftest import jpeg, text_named_jpg


def _input(**overrides):
    lat, lon = citydata.INSIDE_WEST_S
    fields: dict[str, Any] = {"service_code": "pothole", "lat": str(lat), "lon": str(lon),
              "description": "Hole\nby the school", "answers": {"size": ["small"]}}
    fields.update(overrides)
    return reporting.ReportInput(**fields)


def test_it_reads_the_form():
    post = QueryDict(mutable=True)
    post.update({"service_code": " pothole ", "suggested_code": "graffiti", "lat": "29.5",
                 "lon": "106.5", "description": "Line one\nline two\x00", "name": "Mei",
                 "email": "mei@example.org", "show_name": "1", "attribute[size]": "small"})
    data = reporting.parse(post)
    assert data.service_code == "pothole"
    assert data.category_code == "pothole"
    assert data.description == "Line one\nline two"
    assert data.answers == {"size": ["small"]}
    assert data.show_name is True
    assert reporting.parse(QueryDict("suggested_code=graffiti")).category_code == "graffiti"


def test_it_builds_a_web_report_in_the_citizens_language(city):
    report = reporting.to_report(_input(name="Mei", email="mei@example.org"), "zh-hans")
    assert report.channel == "web"
    assert report.language == "zh-hans"
    assert report.attributes == {"size": "small"}
    assert report.contact is not None and report.contact.language == "zh-hans"
    assert reporting.to_report(_input(), "en").contact is None


def test_it_submits_with_photos(city):
    case = reporting.submit(_input(), [jpeg()], language="en")
    assert case.department.code == "roads_west"
    assert CaseMedia.objects.get(case=case).kind == "before"


def test_it_saves_nothing_when_a_photo_is_bad(city):
    with pytest.raises(reporting.Rejected) as caught:
        reporting.submit(_input(), [jpeg(), text_named_jpg()], language="en")
    assert [p.field for p in caught.value.problems] == ["photos"]
    assert not Case.objects.exists()
    assert not CaseMedia.objects.exists()


def test_it_reports_field_and_photo_problems_together(city):
    with pytest.raises(reporting.Rejected) as caught:
        reporting.submit(_input(lat="", lon=""), [text_named_jpg()], language="en")
    assert {p.field for p in caught.value.problems} == {"lat", "photos"}


def test_it_says_which_category_triage_chose(city, settings):
    settings.TRIAGE_PROVIDER = "keywords"
    with pytest.raises(reporting.Rejected) as caught:
        reporting.submit(_input(service_code="", answers={},
                                description="standing water on the road"), [], language="en")
    assert caught.value.triage_code == "flooding"


def test_it_lists_suggestions_best_first(city, settings):
    settings.TRIAGE_PROVIDER = "keywords"
    found, _confident = reporting.suggestions("pothole and graffiti", "en")
    assert {s.code for s in found} == {"pothole", "graffiti"}
    assert found[0].confidence >= found[1].confidence
    assert reporting.suggestions("", "en") == ([], False)
