"""A refused report form keeps the photos chosen (tokens bound to the session, used once,
expiring), the map's view, and everything else; a successful resubmission attaches them."""

from __future__ import annotations

import os
import re
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.test import Client
from django.utils import timezone

from cityloop.cases.models import Case, CaseMedia
from cityloop.web.citizen import pending
from tests.web.citizen.conftest import EN, jpeg, latest_case, report_fields, text_named_jpg

TOKEN = re.compile(r'name="kept_photo" value="([^"]+)"')


def _refused(client: Client, **overrides: Any) -> str:
    """Post a streetlight report without its required answer; the form that comes back."""
    fields = report_fields(service_code="streetlight", **{"attribute[size]": None})
    fields.update(overrides)
    response = client.post("/report/", fields, **EN)
    assert response.status_code == 400
    return response.content.decode()


def _answered(**overrides: Any) -> dict[str, Any]:
    return report_fields(service_code="streetlight", **{"attribute[size]": None,
                                                        "attribute[fault]": "out"},
                         **overrides)


def _pending_files(media: Path) -> list[Path]:
    folder = media / pending.DIRECTORY
    return sorted(folder.iterdir()) if folder.exists() else []


def test_it_keeps_the_photo_and_attaches_it_when_the_form_is_sent_again(
        client, city, _media, django_capture_on_commit_callbacks):
    html = _refused(client, photos=[jpeg(name="lamp.jpg")])
    assert "Kept: lamp.jpg" in html
    assert 'data-testid="photos-again"' not in html
    tokens = TOKEN.findall(html)
    assert len(tokens) == 1
    assert len(_pending_files(_media)) == 1

    # The thumbnail is served to this session, privately.
    thumb = client.get(f"/report/kept/{tokens[0]}/")
    assert thumb.status_code == 200
    assert thumb["Content-Type"] == "image/jpeg"
    assert thumb["Cache-Control"] == "private, no-store"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/report/", {**_answered(), "kept_photo": tokens}, **EN)
    assert response.status_code == 302
    media = CaseMedia.objects.get(case=latest_case())
    assert (media.kind, media.public) == ("before", False)
    assert Path(media.file.path).read_bytes()[:2] == b"\xff\xd8"  # a JPEG
    assert _pending_files(_media) == []  # used: deleted
    assert client.get(f"/report/kept/{tokens[0]}/").status_code == 404


def test_a_token_is_used_once(client, city, django_capture_on_commit_callbacks):
    tokens = TOKEN.findall(_refused(client, photos=[jpeg()]))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/report/", {**_answered(), "kept_photo": tokens},
                           **EN).status_code == 302
    first = latest_case()
    assert client.post("/report/", {**_answered(), "kept_photo": tokens}, **EN).status_code == 302
    second = latest_case()
    assert second.pk != first.pk
    assert CaseMedia.objects.filter(case=first).count() == 1
    assert not CaseMedia.objects.filter(case=second).exists()


def test_another_session_cannot_use_or_see_the_photo(client, city, _media):
    tokens = TOKEN.findall(_refused(client, photos=[jpeg()]))
    stranger = Client()
    assert stranger.get(f"/report/kept/{tokens[0]}/").status_code == 404
    assert stranger.post("/report/", {**_answered(), "kept_photo": tokens}, **EN).status_code == 302
    assert not CaseMedia.objects.exists()
    assert len(_pending_files(_media)) == 1  # still the owner's


def test_forged_and_path_like_tokens_are_refused(client, city, _media):
    tokens = TOKEN.findall(_refused(client, photos=[jpeg()]))
    photo_id = tokens[0].split(":", 1)[0]
    for bad in (photo_id, f"{photo_id}:AAAAAA:forged", "..%2F..%2Fsettings.py", "x" * 300):
        assert client.get(f"/report/kept/{bad}/").status_code == 404
        assert pending.find(client.session, [bad]) == []
    html = _refused(client, kept_photo=[f"{photo_id}:AAAAAA:forged"])
    assert 'data-testid="kept-photo"' not in html


def test_an_expired_token_is_refused_and_its_file_swept(client, city, _media, monkeypatch):
    tokens = TOKEN.findall(_refused(client, photos=[jpeg()]))
    later = time.time() + pending.KEEP_SECONDS + 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert pending.find(client.session, tokens) == []
    assert client.get(f"/report/kept/{tokens[0]}/").status_code == 404

    [stored] = _pending_files(_media)
    assert pending.sweep(timezone.now()) == "0 kept photos deleted"  # still young on disk
    old = (timezone.now() - timedelta(seconds=pending.KEEP_SECONDS + 60)).timestamp()
    os.utime(stored, (old, old))
    assert pending.sweep(timezone.now()) == "1 kept photos deleted"
    assert _pending_files(_media) == []


def test_kept_photos_count_against_the_limit(client, city):
    tokens = TOKEN.findall(_refused(client, photos=[jpeg(), jpeg()]))
    assert len(tokens) == 2
    html = _refused(client, kept_photo=tokens, photos=[jpeg(), jpeg()])
    assert "Choose at most 3 photos." in html
    # The two kept and the first new one that fits are kept; the chooser is full.
    assert len(TOKEN.findall(html)) == 3
    assert 'id="photo-chooser" hidden' in html


def test_a_bad_photo_is_named_and_the_good_one_kept(client, city):
    html = _refused(client, photos=[jpeg(name="good.jpg"), text_named_jpg()])
    assert "Photo 2: holiday.jpg is not an image we can read." in html
    assert "Kept: good.jpg" in html
    assert "Kept: holiday.jpg" not in html


def test_remove_without_the_script_forgets_the_photo(client, city, _media,
                                                     django_capture_on_commit_callbacks):
    tokens = TOKEN.findall(_refused(client, photos=[jpeg(name="lamp.jpg")]))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/report/", {**_answered(), "kept_photo": tokens,
                                            "remove_photo": tokens[0]}, **EN)
    assert response.status_code == 200  # the form again, not sent
    html = response.content.decode()
    assert 'data-testid="kept-photo"' not in html
    assert not Case.objects.exists()
    assert _pending_files(_media) == []


def test_the_no_script_steps_keep_photos_too(client, city):
    response = client.post("/report/", report_fields(step="questions", photos=[jpeg()]), **EN)
    assert response.status_code == 200
    assert len(TOKEN.findall(response.content.decode())) == 1


def test_the_map_view_comes_back_as_it_was_left(client, city):
    html = _refused(client, map_lat="29.551234", map_lon="106.581234", map_zoom="17")
    assert 'id="map-lat" value="29.551234"' in html
    assert 'id="map-lon" value="106.581234"' in html
    assert 'id="map-zoom" value="17"' in html
    # Nonsense is dropped, not echoed: the map then opens as for a new form.
    html = _refused(client, map_lat="29.55", map_lon="106.58", map_zoom="99")
    assert 'id="map-zoom" value=""' in html and 'id="map-lat" value=""' in html


def test_required_questions_are_required_in_the_browser_and_marked_when_missed(client, city):
    html = client.get("/report/questions?service_code=streetlight", **EN).content.decode()
    fault = html.split('data-testid="question-fault"', 1)[1].split("</fieldset>", 1)[0]
    assert "data-required" in fault
    assert fault.count(" required") >= 2  # every choice of the required radio group
    assert "aria-invalid" not in fault

    html = _refused(client)
    fault = html.split('data-testid="question-fault"', 1)[1].split("</fieldset>", 1)[0]
    assert re.search(r'aria-describedby="[^"]*attr-fault-error', fault)
    assert 'aria-invalid="true"' in fault
    assert 'id="attr-fault-error"' in fault
