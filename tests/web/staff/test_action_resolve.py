"""Resolving with a public update and an optional "after" photo, in one transaction."""

from __future__ import annotations

import re

from cityloop.cases.models import CaseEvent, CaseMedia, MediaKind, Status
from tests.web.staff.helpers import act, image_file, page


def resolve(client, case, text, photos=()):
    data = {"resolve-public_text": text}
    if photos:
        data["resolve-photos"] = list(photos)
    return client.post(f"/staff/cases/{case.reference}/act/resolve/", data)


def test_it_resolves_with_an_after_photo(client_for, roads_officer, roads_case):
    case = roads_case()
    response = resolve(client_for(roads_officer), case, "Filled and sealed", [image_file()])
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.RESOLVED
    photo = CaseMedia.objects.get(case=case)
    assert (photo.kind, photo.public) == (MediaKind.AFTER, True)
    event = CaseEvent.objects.get(case=case, action="resolve")
    assert event.public_text == "Filled and sealed"
    assert event.data == {"media": [photo.pk]}


def test_it_resolves_without_a_photo(client_for, roads_officer, roads_case):
    case = roads_case()
    assert resolve(client_for(roads_officer), case, "Done").status_code == 302
    case.refresh_from_db()
    assert case.status == Status.RESOLVED and not case.media.exists()


def test_a_file_that_is_not_an_image_resolves_nothing(client_for, roads_officer, roads_case):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = roads_case()
    fake = SimpleUploadedFile("photo.jpg", b"not an image at all", content_type="image/jpeg")
    response = resolve(client_for(roads_officer), case, "Filled and sealed", [fake])
    assert response.status_code == 400
    assert "Filled and sealed" in page(response)  # nothing typed is lost
    case.refresh_from_db()
    assert case.status == Status.NEW and not case.media.exists()


def test_a_refused_resolution_keeps_no_photo(client_for, roads_officer, roads_case):
    case = roads_case()
    act(case, "reject", roads_officer, reason="invalid")
    response = resolve(client_for(roads_officer), case, "Fixed anyway", [image_file()])
    assert response.status_code == 409
    assert "cannot be given the action" in page(response)
    assert not CaseMedia.objects.filter(case=case).exists()


def test_the_case_page_has_the_resolve_form_with_a_photo_field(client_for, roads_officer,
                                                              roads_case):
    html = page(client_for(roads_officer).get(f"/staff/cases/{roads_case().reference}/"))
    opening = re.search(r'<form [^>]*id="form-resolve"[^>]*>', html)
    assert opening is not None, html
    tag = opening.group(0)
    assert 'enctype="multipart/form-data"' in tag
    form = html.split(tag)[1].split("</form>")[0]
    assert 'name="resolve-photos"' in form and 'accept="image/*"' in form
    assert 'name="resolve-public_text"' in form
