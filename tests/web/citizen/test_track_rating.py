"""Rating a resolved case: 1–2 reopens it and says so; 3–5 closes it with thanks."""

from __future__ import annotations

from django.test import Client

from cityloop.cases.models import CaseEvent, Status
from tests.cases.helpers import act
from tests.web.citizen.conftest import EN, ZH


def _resolved(make_case, officer):
    case = make_case()
    act(case, "resolve", officer, public_text="Filled and rolled.")
    return case


def test_it_offers_an_accessible_star_rating_once_resolved(client, city, make_case,
                                                            roads_officer):
    case = _resolved(make_case, roads_officer)
    html = client.get(f"/track/{case.tracking_token}/", **EN).content.decode()
    assert 'data-testid="rate-form"' in html
    assert "<legend>How well was your problem solved?</legend>" in html
    for stars in range(1, 6):
        assert f'type="radio" name="rating" id="rating-{stars}" value="{stars}"' in html
    assert "1 star: very poor" in html and "5 stars: very good" in html
    assert "Filled and rolled." in html


def test_a_bad_rating_reopens_the_case_and_says_so(client, city, make_case, roads_officer):
    case = _resolved(make_case, roads_officer)
    url = f"/track/{case.tracking_token}/"
    response = client.post(url + "rate/", {"rating": "1", "comment": "Still a hole"}, **EN)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.REOPENED
    assert (case.rating, case.rating_comment) == (1, "Still a hole")
    html = client.get(url, **EN).content.decode()
    assert "Your case has been reopened and sent back to the department: " \
           "every bad rating is followed up" in html
    assert "Status: </span>Reopened<" in html
    assert 'data-testid="rating-given"' in html
    assert 'data-testid="add-info-form"' in html  # open again


def test_a_good_rating_closes_the_case_with_thanks(client, city, make_case, roads_officer):
    case = _resolved(make_case, roads_officer)
    url = f"/track/{case.tracking_token}/"
    response = client.post(url + "rate/", {"rating": "4"}, **EN)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.CLOSED
    html = client.get(url, **EN).content.decode()
    assert "Thank you for your rating." in html
    assert 'data-testid="rating-given"' in html
    assert "4 stars: good" in html
    assert 'data-testid="rate-form"' not in html
    assert 'data-testid="add-info-form"' not in html


def test_it_rates_in_chinese(client, city, make_case, roads_officer):
    case = _resolved(make_case, roads_officer)
    html = client.get(f"/track/{case.tracking_token}/", **ZH).content.decode()
    assert 'lang="zh-hans"' in html and "已办结" in html


def test_it_cannot_rate_twice(client, city, make_case, roads_officer):
    case = _resolved(make_case, roads_officer)
    url = f"/track/{case.tracking_token}/rate/"
    client.post(url, {"rating": "5"})
    response = client.post(url, {"rating": "1"}, **EN)
    assert response.status_code == 409
    case.refresh_from_db()
    assert (case.status, case.rating) == (Status.CLOSED, 5)
    assert CaseEvent.objects.filter(case=case, action="rate").count() == 1


def test_it_cannot_rate_an_open_case(client, city, make_case):
    case = make_case()
    response = client.post(f"/track/{case.tracking_token}/rate/", {"rating": "1"}, **EN)
    assert response.status_code == 409
    assert not CaseEvent.objects.filter(case=case, action="rate").exists()


def test_it_needs_a_rating_from_one_to_five(client, city, make_case, roads_officer):
    case = _resolved(make_case, roads_officer)
    for bad in ("", "0", "6", "4.5", "five"):
        response = client.post(f"/track/{case.tracking_token}/rate/", {"rating": bad}, **EN)
        assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == Status.RESOLVED and case.rating is None


def test_rating_is_post_only_with_csrf_and_the_right_token(city, make_case, roads_officer):
    case = _resolved(make_case, roads_officer)
    client = Client(enforce_csrf_checks=True)
    assert client.get(f"/track/{case.tracking_token}/rate/").status_code == 405
    assert client.post(f"/track/{case.tracking_token}/rate/", {"rating": "5"}).status_code == 403
    assert Client().post("/track/wrong-token/rate/", {"rating": "5"}).status_code == 404


def test_the_page_s_own_forms_pass_csrf_checks(city, make_case, roads_officer):
    # Browsers send the page's origin with its forms (the referrer policy must
    # allow it: with "no-referrer" they send "Origin: null" and are refused).
    case = _resolved(make_case, roads_officer)
    client = Client(enforce_csrf_checks=True)
    page = client.get(f"/track/{case.tracking_token}/")
    assert page["Referrer-Policy"] == "strict-origin-when-cross-origin"
    token = client.cookies["csrftoken"].value
    response = client.post(f"/track/{case.tracking_token}/rate/",
                           {"rating": "5", "csrfmiddlewaretoken": token},
                           HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302
