"""The tracking page: only the token's case, only public events, no staff names, no contact
details, and nothing that lets search engines or tile servers learn the token."""

from __future__ import annotations

from cityloop.cases.contacts import ContactInfo
from cityloop.cases.models import Case
from tests.cases.helpers import act
from tests.web.citizen.conftest import EN, ZH


def _case(make_case) -> Case:
    return make_case(contact=ContactInfo(name="Mei Lin", email="mei@example.org",
                                         phone="13800000000"))


def test_it_shows_status_category_department_and_due_date(client, city, make_case, settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    case = _case(make_case)
    response = client.get(f"/track/{case.tracking_token}/", **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Your report {case.reference}" in html
    assert 'data-testid="case-status">New<' in html
    assert 'data-testid="case-category">Pothole<' in html
    assert 'data-testid="case-department">Roads East Office<' in html
    assert 'data-testid="case-due"' in html
    assert "Report received" in html
    assert "Deep pothole in the bus lane" in html
    assert "+08:00" in html  # the expected date in the city's time zone


def test_it_renders_in_chinese(client, city, make_case):
    case = _case(make_case)
    html = client.get(f"/track/{case.tracking_token}/", **ZH).content.decode()
    assert 'lang="zh-hans"' in html
    assert "待分派" in html and "路面坑洼" in html
    assert "已受理诉求" in html  # "report received"


def test_it_keeps_the_token_private(client, city, make_case):
    case = _case(make_case)
    response = client.get(f"/track/{case.tracking_token}/", **EN)
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "noindex" in response["X-Robots-Tag"]
    assert "no-store" in response["Cache-Control"]


def test_it_shows_only_public_events(client, city, make_case, roads_officer):
    case = _case(make_case)
    act(case, "assign", roads_officer, assignee=roads_officer)
    act(case, "note", roads_officer, note="SECRET: the contractor is unreliable")
    act(case, "comment", roads_officer, public_text="A crew is booked for Tuesday.",
        note="INTERNAL: overtime approved")
    act(case, "start", roads_officer)
    html = client.get(f"/track/{case.tracking_token}/", **EN).content.decode()
    assert "A crew is booked for Tuesday." in html
    assert "Status: </span>Assigned<" in html and "Status: </span>In progress<" in html
    assert "SECRET" not in html
    assert "INTERNAL" not in html
    assert "contractor" not in html
    # Staff are "City staff", never by name.
    assert "City staff" in html
    assert roads_officer.username not in html
    assert roads_officer.first_name not in html


def test_it_never_shows_contact_details(client, city, make_case):
    case = _case(make_case)
    html = client.get(f"/track/{case.tracking_token}/", **EN).content.decode()
    for private in ("Mei Lin", "mei@example.org", "13800000000"):
        assert private not in html


def test_it_answers_404_for_any_other_token(client, city, make_case):
    case = _case(make_case)
    for token in ("nope", case.tracking_token[:-1], case.tracking_token + "x",
                  case.token, case.reference, "x" * 200):
        assert client.get(f"/track/{token}/").status_code == 404


def test_it_opens_only_its_own_case(client, city, make_case):
    first, second = _case(make_case), make_case(description="Another hole by the school")
    html = client.get(f"/track/{first.tracking_token}/", **EN).content.decode()
    assert first.reference in html
    assert second.reference not in html
    assert "Another hole by the school" not in html


def test_it_serves_no_photo_of_another_case(client, city, make_case, post_report):
    from tests.web.citizen.conftest import jpeg

    post_report(photos=[jpeg()])
    own = Case.objects.get()
    other = make_case()
    photo = own.media.get()
    assert client.get(f"/track/{other.tracking_token}/photos/{photo.pk}/").status_code == 404
    assert client.get(f"/track/{own.tracking_token}/photos/{photo.pk}/").status_code == 200


def test_it_shows_after_photos(client, city, make_case, roads_officer):
    from cityloop.cases import media
    from cityloop.cases.actors import Actor
    from tests.web.citizen.conftest import jpeg

    case = _case(make_case)
    media.add(case, [jpeg()], Actor.staff(roads_officer), kind="after", public=True)
    html = client.get(f"/track/{case.tracking_token}/", **EN).content.decode()
    assert 'data-testid="after-photos"' in html


def test_it_does_not_show_internal_staff_photos(client, city, make_case, roads_officer):
    from cityloop.cases import media
    from cityloop.cases.actors import Actor
    from tests.web.citizen.conftest import jpeg

    case = _case(make_case)
    stored = media.add(case, [jpeg()], Actor.staff(roads_officer), kind="update", public=False)
    html = client.get(f"/track/{case.tracking_token}/", **EN).content.decode()
    assert f"/photos/{stored[0].pk}/" not in html
    assert client.get(f"/track/{case.tracking_token}/photos/{stored[0].pk}/").status_code == 404
