"""Photos as audited actions: staff adding photos, approving a citizen's photo for the public."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cityloop.cases import media
from cityloop.cases.actors import Actor
from cityloop.cases.errors import TransitionRefused
from cityloop.cases.models import CaseEvent, CaseMedia, MediaKind
from cityloop.cases.photos import PhotoRejected
from tests.cases.helpers import act, actions_of


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def jpeg() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 200, 30)).save(out, format="JPEG")
    return SimpleUploadedFile("p.jpg", out.getvalue(), content_type="image/jpeg")


def citizen_photo(case) -> CaseMedia:
    return CaseMedia.objects.create(case=case, kind=MediaKind.BEFORE,
                                    url="https://img.example/1.jpg", created_at=case.created_at)


def test_it_approves_a_citizen_photo_and_records_who_did(make_case, roads_officer):
    case = make_case()
    photo = citizen_photo(case)
    event = media.approve(case, photo, Actor.staff(roads_officer))
    photo.refresh_from_db()
    assert photo.public
    assert (event.action, event.actor_user, event.data) == (
        "approve_photo", roads_officer, {"media": photo.pk, "kind": "before"})
    assert not event.is_public  # staff housekeeping, not news for the public timeline


def test_it_refuses_to_approve_twice_or_another_cases_photo(make_case, roads_officer):
    case, other = make_case(), make_case()
    photo = citizen_photo(case)
    media.approve(case, photo, Actor.staff(roads_officer))
    with pytest.raises(TransitionRefused) as twice:
        media.approve(case, photo, Actor.staff(roads_officer))
    assert twice.value.code == "already"
    with pytest.raises(TransitionRefused) as elsewhere:
        media.approve(other, citizen_photo(case), Actor.staff(roads_officer))
    assert elsewhere.value.code == "media_required"
    assert actions_of(other) == ["create"]


def test_it_adds_photos_with_one_event(make_case, roads_officer):
    case = make_case()
    stored = media.add(case, [jpeg(), jpeg()], Actor.staff(roads_officer), note="Site visit")
    assert [m.kind for m in stored] == [MediaKind.UPDATE] * 2
    event = CaseEvent.objects.get(case=case, action="add_photos")
    assert event.data == {"media": [m.pk for m in stored], "kind": "update"}
    assert event.internal_note == "Site visit"


def test_a_bad_file_adds_nothing(make_case, roads_officer, tmp_path):
    case = make_case()
    bad = SimpleUploadedFile("x.jpg", b"nope", content_type="image/jpeg")
    with pytest.raises(PhotoRejected):
        media.add(case, [jpeg(), bad], Actor.staff(roads_officer))
    assert not CaseMedia.objects.filter(case=case).exists()
    assert actions_of(case) == ["create"]


def test_a_refused_addition_leaves_no_file_behind(make_case, roads_officer, tmp_path):
    case = make_case()
    act(case, "reject", roads_officer, reason="invalid")
    with pytest.raises(TransitionRefused):
        media.add(case, [jpeg()], Actor.staff(roads_officer))
    assert not CaseMedia.objects.filter(case=case).exists()
    assert not list(tmp_path.rglob("*.jpg"))
