"""Error paths of the console: unknown actions, wrong methods, pages in Chinese when refused."""

from __future__ import annotations

from django.contrib.auth.models import User

from cityloop.cases.models import CaseMedia, MediaKind
from tests.web.staff.helpers import actions_of, page


def test_it_answers_404_for_an_unknown_action(client_for, roads_officer, roads_case):
    case = roads_case()
    client = client_for(roads_officer)
    assert client.post(f"/staff/cases/{case.reference}/act/demolish/").status_code == 404
    # Actions of the lifecycle that are not the console's: never from a browser.
    for action in ("rate", "escalate", "mark_overdue", "contact_viewed", "absorb_duplicate"):
        response = client.post(f"/staff/cases/{case.reference}/act/{action}/")
        assert response.status_code == 404, action
    assert actions_of(case) == ["create"]


def test_it_needs_a_post_to_act(client_for, roads_officer, roads_case):
    case = roads_case()
    response = client_for(roads_officer).get(f"/staff/cases/{case.reference}/act/comment/")
    assert response.status_code == 405


def test_the_forbidden_page_speaks_chinese(client_for, city):
    someone = User.objects.create_user("someone", "s@example.org", "x")
    response = client_for(someone, "zh-hans").get("/staff/")
    assert response.status_code == 403
    assert '<html lang="zh-hans">' in page(response)


def test_external_photos_are_linked_not_loaded(client_for, roads_officer, roads_case):
    case = roads_case()
    CaseMedia.objects.create(case=case, kind=MediaKind.BEFORE, url="https://img.example/p.jpg",
                             created_at=case.created_at)
    html = page(client_for(roads_officer).get(f"/staff/cases/{case.reference}/"))
    assert 'src="https://img.example/p.jpg"' not in html
    assert 'href="https://img.example/p.jpg"' in html
