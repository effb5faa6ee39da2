"""Anonymous reports are rate limited per address: over the limit, a friendly page and 429."""

from __future__ import annotations

import pytest

from cityloop.cases.models import Case
from tests.web.citizen.conftest import EN, ZH, jpeg


@pytest.fixture(autouse=True)
def _low_limit(settings):
    settings.REPORT_RATE_PER_HOUR = 2


def test_it_answers_429_over_the_limit(client, city, post_report):
    assert post_report().status_code == 302
    assert post_report().status_code == 302
    response = post_report()
    assert response.status_code == 429
    html = response.content.decode()
    assert 'data-testid="too-many"' in html
    assert "try again in an hour" in html
    assert "call the city's service hotline" in html
    assert Case.objects.count() == 2


def test_it_answers_429_in_chinese(client, city, post_report):
    post_report()
    post_report()
    response = post_report(headers=ZH)
    assert response.status_code == 429
    assert 'lang="zh-hans"' in response.content.decode()


def test_it_counts_each_address_on_its_own(client, city, post_report):
    post_report()
    post_report()
    other = client.post("/report/", {"step": "submit"}, REMOTE_ADDR="10.0.0.9", **EN)
    assert other.status_code == 400  # judged on its content, not refused for another's use


def test_it_does_not_count_showing_questions(client, city, post_report):
    for _ in range(3):
        assert post_report(step="questions").status_code == 200
    assert post_report().status_code == 302


def test_it_does_not_limit_staff(client, city, post_report, operator):
    client.force_login(operator)
    for _ in range(3):
        assert post_report().status_code == 302


def test_it_limits_me_too_as_well(client, city, make_case):
    case = make_case()
    for _ in range(2):
        assert client.post("/report/me-too/", {"reference": case.reference}).status_code == 302
    response = client.post("/report/me-too/", {"reference": case.reference}, **EN)
    assert response.status_code == 429


def test_keeping_photos_without_sending_is_limited_too(client, city, post_report, _media):
    for _ in range(2):
        assert post_report(step="questions", photos=[jpeg()]).status_code == 200
    assert post_report(step="questions", photos=[jpeg()]).status_code == 429
    assert len(list((_media / "pending-photos").iterdir())) == 2
    # Going back and forth without photos stores nothing and is not counted.
    assert post_report(step="questions").status_code == 200
