"""Staff add photos to a case, and approve a citizen's photo for public display."""

from __future__ import annotations

from cityloop.cases.models import CaseEvent, CaseMedia, MediaKind
from tests.web.staff.helpers import image_file, page


def test_it_adds_staff_photos_with_an_event(client_for, roads_officer, roads_case):
    case = roads_case()
    response = client_for(roads_officer).post(
        f"/staff/cases/{case.reference}/act/add_photos/",
        {"add_photos-photos": [image_file("a.jpg"), image_file("b.png")]})
    assert response.status_code == 302
    photos = list(CaseMedia.objects.filter(case=case))
    assert [(p.kind, p.public) for p in photos] == [(MediaKind.UPDATE, False)] * 2
    event = CaseEvent.objects.get(case=case, action="add_photos")
    assert event.data["media"] == [p.pk for p in photos]


def test_it_refuses_more_than_three_photos(client_for, roads_officer, roads_case):
    case = roads_case()
    response = client_for(roads_officer).post(
        f"/staff/cases/{case.reference}/act/add_photos/",
        {"add_photos-photos": [image_file() for _ in range(4)]})
    assert response.status_code == 400
    assert not CaseMedia.objects.filter(case=case).exists()


def test_it_approves_a_citizen_photo(client_for, roads_officer, roads_case):
    case = roads_case()
    photo = CaseMedia.objects.create(case=case, kind=MediaKind.BEFORE, url="https://x.example/p.jpg",
                                     created_at=case.created_at)
    client = client_for(roads_officer)
    html = page(client.get(f"/staff/cases/{case.reference}/"))
    assert 'data-testid="approve-photo"' in html
    response = client.post(f"/staff/cases/{case.reference}/act/approve_photo/",
                           {"approve_photo-photo": str(photo.pk)})
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.public
    event = CaseEvent.objects.get(case=case, action="approve_photo")
    assert event.actor_user == roads_officer and event.data["media"] == photo.pk


def test_it_refuses_a_photo_of_another_case(client_for, roads_officer, roads_case):
    case, other = roads_case(), roads_case()
    photo = CaseMedia.objects.create(case=other, kind=MediaKind.BEFORE, url="https://x.example/p.jpg",
                                     created_at=other.created_at)
    response = client_for(roads_officer).post(f"/staff/cases/{case.reference}/act/approve_photo/",
                                              {"approve_photo-photo": str(photo.pk)})
    assert response.status_code == 400
    photo.refresh_from_db()
    assert not photo.public


def test_an_operator_cannot_approve_photos(client_for, operator, roads_case):
    case = roads_case()
    photo = CaseMedia.objects.create(case=case, kind=MediaKind.BEFORE, url="https://x.example/p.jpg",
                                     created_at=case.created_at)
    response = client_for(operator).post(f"/staff/cases/{case.reference}/act/approve_photo/",
                                         {"approve_photo-photo": str(photo.pk)})
    assert response.status_code == 403
    photo.refresh_from_db()
    assert not photo.public
