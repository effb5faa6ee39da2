"""Photos: attached to the new case (kind "before", not public), re-encoded without EXIF;
a bad photo stops the whole report, and the form says which photo and why."""

from __future__ import annotations

import io
import os
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cityloop.cases.models import Case, CaseEvent, CaseMedia
from tests.web.citizen.conftest import EN, jpeg, latest_case, png_bomb, text_named_jpg


def _files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_it_attaches_photos_as_private_before_photos(client, city, post_report):
    response = post_report(photos=[jpeg(name="a.jpg"), jpeg(name="b.png")])
    assert response.status_code == 302
    media = list(CaseMedia.objects.filter(case=latest_case()))
    assert len(media) == 2
    assert {(m.kind, m.public) for m in media} == {("before", False)}
    assert all((m.file.name or "").endswith(".jpg") for m in media)


def test_it_strips_exif_and_gps_from_photos(client, city, post_report, _media):
    original = jpeg(gps=True)
    assert b"PhoneMaker" in original.read()
    original.seek(0)
    assert post_report(photos=[original]).status_code == 302
    stored = CaseMedia.objects.get()
    with Image.open(stored.file.path) as image:
        assert image.format == "JPEG"
        assert len(image.getexif()) == 0
        assert "exif" not in image.info
    assert b"PhoneMaker" not in Path(stored.file.path).read_bytes()


def test_it_refuses_a_text_file_named_jpg_and_saves_nothing(client, city, post_report, _media):
    response = post_report(photos=[jpeg(name="fine.jpg"), text_named_jpg()])
    assert response.status_code == 400
    html = response.content.decode()
    assert "Photo 2: holiday.jpg is not an image we can read." in html
    assert '<a href="#photos">' in html
    assert not Case.objects.exists()
    assert not CaseEvent.objects.exists()
    assert not CaseMedia.objects.exists()
    # The good photo waits, re-encoded, for the form to come back; nothing else is stored.
    assert [p.parent.name for p in _files(_media)] == ["pending-photos"]
    assert "Kept: fine.jpg" in html
    assert "Deep pothole in the bus lane" in html  # the rest is kept


def test_it_refuses_a_decompression_bomb(client, city, post_report):
    bomb = png_bomb()
    assert bomb.size is not None and bomb.size < 200  # tiny on the wire, 900 megapixels decoded
    response = post_report(photos=[bomb])
    assert response.status_code == 400
    assert "Photo 1: bomb.png" in response.content.decode()
    assert not Case.objects.exists()


def test_it_names_every_bad_photo_and_the_other_problems_at_once(client, city, post_report):
    response = post_report(photos=[text_named_jpg(), png_bomb()], email="not-an-email")
    html = response.content.decode()
    assert "Photo 1: holiday.jpg" in html
    assert "Photo 2: bomb.png" in html
    assert "Write the email address like name@example.com" in html


def test_it_refuses_more_than_three_photos(client, city, post_report):
    response = post_report(photos=[jpeg(name=f"{i}.jpg") for i in range(4)])
    assert response.status_code == 400
    assert "Choose at most 3 photos." in response.content.decode()
    assert not Case.objects.exists()


def test_it_refuses_a_photo_over_the_size_limit(client, city, post_report, settings):
    settings.PHOTO_MAX_BYTES = 1024 * 1024
    noise = Image.frombytes("RGB", (800, 800), os.urandom(800 * 800 * 3))
    out = io.BytesIO()
    noise.save(out, format="PNG")
    assert len(out.getvalue()) > settings.PHOTO_MAX_BYTES
    big = SimpleUploadedFile("huge.png", out.getvalue(), content_type="image/png")
    response = post_report(photos=[big])
    assert response.status_code == 400
    assert "Photo 1: huge.png is larger than 1 MB." in response.content.decode()
    assert not Case.objects.exists()


def test_the_reporter_sees_their_own_photo_on_the_tracking_page(client, city, post_report):
    response = post_report(photos=[jpeg()])
    case = latest_case()
    page = client.get(response["Location"], **EN).content.decode()
    photo = CaseMedia.objects.get()
    url = f"/track/{case.tracking_token}/photos/{photo.pk}/"
    assert url in page
    image = client.get(url)
    assert image.status_code == 200
    assert image["Content-Type"] == "image/jpeg"
    assert image["Referrer-Policy"] == "strict-origin-when-cross-origin"
