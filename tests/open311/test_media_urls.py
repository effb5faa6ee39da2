"""Open311 ``media_url``: an absolute address on this server that answers with the
photo itself, for public photos only."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from cityloop.cases import lifecycle, photos
from cityloop.cases.actors import Actor
from cityloop.cases.models import Case, CaseMedia, MediaKind
from tests.open311.conftest import BASE, json_of, xml_of
from tests.web.staff.helpers import image_file

SERVED_AT = "http://city.example:8123"


@pytest.fixture(autouse=True)
def _media_root_and_address(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    # As `cityloop serve --port 8123` (or CITYLOOP_PUBLIC_URL) sets it, after start-up.
    settings.PUBLIC_URL = SERVED_AT


def stored(case: Case, kind: str = MediaKind.BEFORE, *, public: bool = False) -> CaseMedia:
    (item,) = photos.attach(case, [image_file()], kind, public=public, now=timezone.now())
    return item


def fetch_photo(client: Any, media_url: str, item: CaseMedia) -> None:
    """GET ``media_url`` through the test client: it must be the photo's bytes."""
    address = urlsplit(media_url)
    assert f"{address.scheme}://{address.netloc}" == SERVED_AT
    response = client.get(address.path)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    with item.file.open("rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()


def test_a_requests_media_url_is_the_first_public_photo(client, case):
    private = stored(case)
    approved = stored(case, public=True)
    stored(case, MediaKind.AFTER, public=True)
    (request,) = json_of(client.get(f"{BASE}/requests.json"))
    assert request["media_url"].startswith(f"{SERVED_AT}/photos/{approved.pk}/")
    fetch_photo(client, request["media_url"], approved)
    assert f"/{private.pk}/" not in request["media_url"]


def test_the_single_request_and_xml_carry_the_same_address(client, case):
    item = stored(case, MediaKind.AFTER, public=True)
    (request,) = json_of(client.get(f"{BASE}/requests/{case.reference}.json"))
    fetch_photo(client, request["media_url"], item)
    root = xml_of(client.get(f"{BASE}/requests.xml"))
    assert root.findtext("request/media_url") == request["media_url"]


def test_extensions_list_every_public_photo_and_no_private_one(client, case):
    hidden = stored(case)
    shown = [stored(case, public=True), stored(case, MediaKind.AFTER, public=True)]
    (request,) = json_of(client.get(f"{BASE}/requests.json", {"extensions": "true"}))
    urls = request["extended_attributes"]["photos"]
    assert len(urls) == 2
    for url, item in zip(urls, shown, strict=True):
        fetch_photo(client, url, item)
    assert not any(f"/photos/{hidden.pk}/" in url for url in urls)


def test_a_case_with_only_private_photos_has_no_media_url(client, case):
    stored(case)
    (request,) = json_of(client.get(f"{BASE}/requests.json"))
    assert request["media_url"] == ""


def test_a_resolution_update_links_its_after_photo(client, case, roads_officer):
    after = stored(case, MediaKind.AFTER, public=True)
    lifecycle.transition(case, "resolve", Actor.staff(roads_officer), public_text="Filled",
                         media_ids=[after.pk])
    since = (timezone.now() - timedelta(minutes=10)).isoformat()
    updates = json_of(client.get(f"{BASE}/servicerequestupdates.json", {"start_date": since}))
    resolved = next(u for u in updates if u["external_status_code"] == "resolved")
    fetch_photo(client, resolved["media_url"], after)


def test_the_address_follows_the_setting_at_call_time(client, case, settings):
    stored(case, public=True)
    settings.PUBLIC_URL = "https://reports.city.example"
    (request,) = json_of(client.get(f"{BASE}/requests.json"))
    assert request["media_url"].startswith("https://reports.city.example/photos/")
