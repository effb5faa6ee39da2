"""The queue page: open cases by default, counts per status, paging, both languages."""

from __future__ import annotations

from django.http import QueryDict
from django.utils import timezone

from cityloop.cases.models import Status
from cityloop.web.staff.queue import filters
from tests.web.staff.helpers import act, page


def test_it_lists_the_open_cases_by_default(client_for, roads_officer, roads_case):
    open_case, closed = roads_case(), roads_case()
    act(closed, "reject", roads_officer, reason="invalid")
    response = client_for(roads_officer).get("/staff/")
    assert response.status_code == 200
    html = page(response)
    assert f'data-reference="{open_case.reference}"' in html
    assert f'data-reference="{closed.reference}"' not in html


def test_it_shows_every_status_when_the_form_ticks_none(client_for, roads_officer, roads_case):
    closed = roads_case()
    act(closed, "reject", roads_officer, reason="invalid")
    response = client_for(roads_officer).get("/staff/?filtered=1")
    assert f'data-reference="{closed.reference}"' in page(response)


def test_it_counts_cases_per_status_for_the_filter(client_for, roads_officer, roads_case):
    roads_case(), roads_case()
    rejected = roads_case()
    act(rejected, "reject", roads_officer, reason="invalid")
    html = page(client_for(roads_officer).get("/staff/"))
    assert 'data-testid="count-new">2<' in html
    assert 'data-testid="count-rejected">1<' in html


def test_it_renders_in_chinese(client_for, roads_officer, roads_case):
    roads_case()
    response = client_for(roads_officer, "zh-hans").get("/staff/")
    html = page(response)
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "待分派" in html  # the status "new"
    assert "路面坑洼" in html  # the category's Chinese name


def test_it_pages_fifty_cases_at_a_time(client_for, roads_officer, roads_case, monkeypatch):
    monkeypatch.setattr(filters, "PAGE_SIZE", 2)
    cases = [roads_case() for _ in range(5)]
    client = client_for(roads_officer)
    first = page(client.get("/staff/?sort=oldest"))
    assert first.count('data-testid="queue-row"') == 2
    assert 'id="page-next"' in first and 'id="page-prev"' not in first
    last = page(client.get("/staff/?sort=oldest&page=3"))
    assert last.count('data-testid="queue-row"') == 1
    assert f'data-reference="{cases[-1].reference}"' in last
    beyond = page(client.get("/staff/?sort=oldest&page=99"))
    assert f'data-reference="{cases[-1].reference}"' in beyond  # clamped to the last page


def test_it_says_when_nothing_matches(client_for, roads_officer):
    html = page(client_for(roads_officer).get("/staff/?q=nothing-like-this"))
    assert 'data-testid="queue-empty"' in html


def test_it_keeps_the_list_columns_to_what_it_shows(roads_officer, roads_case,
                                                    django_assert_max_num_queries):
    for _ in range(3):
        roads_case()
    f, _form = filters.parse(QueryDict(""))
    now = timezone.now()
    counts = filters.status_counts(roads_officer, f, now)
    with django_assert_max_num_queries(4):
        result = filters.page_of(roads_officer, f, counts, 1, now)
        for case in result.rows:  # related names come with the rows, no query per row
            str(case.category.display_name), str(case.department.display_name)
    assert result.total == counts[Status.NEW] == 3


def test_it_caps_the_counts_of_a_city_wide_queue(client_for, operator, roads_case, monkeypatch):
    monkeypatch.setattr(filters, "COUNT_CAP", 2)
    for _ in range(3):
        roads_case()
    html = page(client_for(operator).get("/staff/"))
    assert 'data-testid="count-new">2+<' in html
    assert "Cases 1–3 of more than 3" in html
