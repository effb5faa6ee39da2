"""A report's public page (/cases/<reference>/): what anyone may see of it, in both
languages, and nothing personal; sensitive kinds without place, text or photos."""

from __future__ import annotations

from django.utils import timezone

from cityloop.cases import lifecycle, photos
from cityloop.cases.actors import Actor
from cityloop.cases.models import CaseEvent, MediaKind
from tests.web.citizen.conftest import EN, ZH, jpeg
from tests.web.public.conftest import REPORTER, assert_nothing_personal


def _page(client, case, headers=EN):
    return client.get(f"/cases/{case.reference}/", **headers)


def test_it_shows_status_category_area_place_and_me_too(client, public_cases):
    case = public_cases["open"]
    response = _page(client, case)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Report {case.reference}" in html
    assert 'data-testid="case-status">New<' in html
    assert 'data-testid="case-category">Pothole<' in html
    assert 'data-testid="case-area">East S Street<' in html
    assert 'data-testid="case-map"' in html
    assert f'data-lat="{round(case.lat, 4):f}"' in html  # approximate: as on the public map
    assert 'action="/report/me-too/"' in html
    assert f'name="reference" value="{case.reference}"' in html
    assert "Status: </span>New<" in html


def test_it_never_shows_the_reporter_or_the_private_link(client, public_cases):
    case = public_cases["open"]
    html = _page(client, case).content.decode()
    for private in (REPORTER.name, REPORTER.email, REPORTER.phone, "138 0000 1234",
                    case.tracking_token):
        assert private not in html


def test_a_sensitive_case_shows_no_place_text_photo_or_me_too(client, public_cases, settings,
                                                                tmp_path):
    case = public_cases["noise"]
    photos.attach(case, [jpeg()], MediaKind.AFTER, public=True, now=timezone.now())
    response = _page(client, case)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="case-status">Resolved<' in html
    assert 'data-testid="case-sensitive"' in html
    assert_nothing_personal(html)
    for hidden in ('data-testid="case-area"', 'data-testid="case-map"', "data-lat",
                   'data-testid="after-photos"', "/photos/", "me-too"):
        assert hidden not in html


def test_only_the_citys_words_are_shown_on_the_timeline(client, public_cases, roads_officer):
    case = public_cases["open"]
    staff = Actor.staff(roads_officer)
    lifecycle.transition(case, "note", staff, note="SECRET: the contractor is unreliable")
    lifecycle.transition(case, "comment", staff, public_text="A crew is booked for Tuesday.")
    lifecycle.transition(case, "add_info", Actor.citizen(),
                         public_text="My neighbour Wang at number 7 saw it happen")
    html = _page(client, case).content.decode()
    assert "A crew is booked for Tuesday." in html
    assert "SECRET" not in html
    assert "Wang" not in html


def test_only_approved_and_after_photos_are_shown(client, public_cases):
    case = public_cases["resolved"]
    now = timezone.now()
    hidden = photos.attach(case, [jpeg()], MediaKind.BEFORE, public=False, now=now)[0]
    approved = photos.attach(case, [jpeg()], MediaKind.BEFORE, public=True, now=now)[0]
    after = photos.attach(case, [jpeg()], MediaKind.AFTER, public=False, now=now)[0]
    html = _page(client, case).content.decode()
    assert f"/photos/{approved.pk}/" in html
    assert f"/photos/{after.pk}/" in html
    assert f"/{hidden.pk}/" not in html
    assert 'data-testid="before-photos"' in html and 'data-testid="after-photos"' in html
    # A public photo's own address serves it to anyone.
    src = html.split(f'src="/photos/{after.pk}/')[1].split('"')[0]
    assert client.get(f"/photos/{after.pk}/{src}").status_code == 200


def test_a_resolved_case_offers_no_me_too(client, public_cases):
    html = _page(client, public_cases["resolved"]).content.decode()
    assert 'data-testid="case-status">Resolved<' in html
    assert "case-me-too-form" not in html


def test_me_too_from_the_page_is_counted(client, public_cases):
    case = public_cases["open"]
    response = client.post("/report/me-too/", {"reference": case.reference,
                                               "email": "neighbour@example.org"}, **EN)
    assert response.status_code == 302
    assert CaseEvent.objects.filter(case=case, action="follow").count() == 1
    html = _page(client, case).content.decode()
    assert "1 more person has this problem" in html
    assert "neighbour@example.org" not in html


def test_it_renders_in_chinese(client, public_cases):
    html = _page(client, public_cases["open"], ZH).content.decode()
    assert 'lang="zh-hans"' in html
    assert "路面坑洼" in html and "待分派" in html
    assert "Kind of problem" not in html and "Progress" not in html


def test_an_unknown_reference_is_a_404_in_the_pages_language(client, city):
    response = client.get("/cases/2026-999999/", **ZH)
    assert response.status_code == 404
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    assert "Page not found" not in html
    assert client.get("/cases/" + "9" * 30 + "/", **EN).status_code == 404
