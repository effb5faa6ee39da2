"""Stored photos are served by CityLoop itself: public ones to anyone, the others
only to the staff who may see the case (and to its reporter), 404 to the rest;
every <img> on the pages that show photos loads."""

from __future__ import annotations

import io
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cityloop.cases import lifecycle, photos
from cityloop.cases.actors import Actor
from cityloop.cases.models import Case, CaseMedia, MediaKind
from tests.web.staff.helpers import image_file


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def stored(case: Case, kind: str = MediaKind.BEFORE, *, public: bool = False) -> CaseMedia:
    """A photo on ``case``, stored as an upload would be."""
    (item,) = photos.attach(case, [image_file()], kind, public=public, now=timezone.now())
    return item


def stored_name(item: CaseMedia) -> str:
    """The name of ``item``'s file in storage (a stored photo always has one)."""
    assert item.file.name
    return item.file.name


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def assert_image(response: Any, item: CaseMedia) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = b"".join(response.streaming_content)
    with item.file.open("rb") as handle:
        assert body == handle.read()
    Image.open(io.BytesIO(body)).verify()


@pytest.fixture
def roads_case(make_case: Callable[..., Case]) -> Case:
    """A pothole kept by the roads bureau itself, where ``roads_officer`` works."""
    return make_case(lat=None, lon=None, address="12 Bridge Road")


def test_an_approved_photo_is_served_to_anyone_and_may_be_cached(client, roads_case):
    item = stored(roads_case, public=True)
    url = photos.url_for(item)
    assert url.startswith(f"/photos/{item.pk}/") and url.endswith(".jpg")
    name = stored_name(item).rsplit("/", 1)[1]
    assert url == reverse("photo", kwargs={"pk": item.pk, "name": name})
    response = client.get(url)
    assert_image(response, item)
    assert response["Cache-Control"].startswith("public")
    again = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


def test_an_after_photo_is_public(client, roads_case):
    item = stored(roads_case, MediaKind.AFTER, public=True)
    assert_image(client.get(photos.url_for(item)), item)


def test_a_residents_photo_is_not_public_until_approved(client, roads_case):
    item = stored(roads_case)
    assert photos.url_for(item) == ""  # no public page links to it
    public_address = photos.public_url(item.pk, stored_name(item))
    assert client.get(public_address).status_code == 404
    assert client.get(f"/photos/{item.pk + 1000}/x.jpg").status_code == 404
    # The staff address sends an anonymous visitor to the sign-in page, as it
    # does for a photo that does not exist: nothing tells them apart.
    staff = client.get(f"/staff/media/{item.pk}/")
    missing = client.get(f"/staff/media/{item.pk + 1000}/")
    assert staff.status_code == missing.status_code == 302
    assert "/login" in staff["Location"]


def test_a_photo_is_served_only_under_its_own_name(client, roads_case):
    item = stored(roads_case, public=True)
    assert client.get(f"/photos/{item.pk}/other.jpg").status_code == 404
    assert client.get(f"/photos/{item.pk}/..%2F..%2Fsecret.key").status_code == 404


def test_an_approved_photo_of_a_sensitive_case_stays_private(client, make_case):
    case = make_case(service_code="noise", attributes={"source": "music_party"})
    item = stored(case, public=True)
    assert photos.url_for(item) == ""
    assert client.get(photos.public_url(item.pk, stored_name(item))).status_code == 404


def test_a_private_photo_is_for_the_staff_of_the_case_only(roads_case, roads_officer,
                                                           water_officer):
    item = stored(roads_case)
    url = photos.url_for(item, staff=True)
    assert url == f"/staff/media/{item.pk}/"
    response = signed_in(roads_officer).get(url)
    assert_image(response, item)
    assert response["Cache-Control"] == "private, no-store"
    assert signed_in(water_officer).get(url).status_code == 404


def test_the_public_case_list_shows_only_photos_that_load(client, make_case):
    case = make_case(description="Deep hole")
    lifecycle.transition(case, "resolve", Actor.system("test"))
    shown = [stored(case, public=True), stored(case, MediaKind.AFTER, public=True)]
    hidden = stored(case)
    html = client.get("/stats/cases/").content.decode()
    sources = image_sources(html)
    assert sources == [photos.url_for(item) for item in shown]
    for src, item in zip(sources, shown, strict=True):
        assert_image(client.get(src), item)
    assert f"/{hidden.pk}/" not in html and stored_name(hidden).rsplit("/", 1)[1] not in html


def test_every_photo_on_the_staff_case_page_loads(roads_case, roads_officer):
    items = [stored(roads_case), stored(roads_case, public=True),
             stored(roads_case, MediaKind.AFTER, public=True)]
    client = signed_in(roads_officer)
    sources = image_sources(client.get(f"/staff/cases/{roads_case.reference}/").content.decode())
    assert len(sources) == len(items)
    for src, item in zip(sources, items, strict=True):
        assert_image(client.get(src), item)


def test_every_photo_on_the_tracking_page_loads(roads_case):
    items = [stored(roads_case), stored(roads_case, MediaKind.AFTER, public=True)]
    client = Client()
    page = client.get(f"/track/{roads_case.tracking_token}/").content.decode()
    sources = image_sources(page)
    assert len(sources) == len(items)
    for src, item in zip(sources, items, strict=True):
        response = client.get(src)
        assert_image(response, item)
    # The reporter's own photo comes through the tracking page's address, never kept.
    assert sources[0].startswith(f"/track/{roads_case.tracking_token}/photos/")
    assert client.get(sources[0])["Cache-Control"] == "private, no-store"


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.sources.append(dict(attrs).get("src") or "")


def image_sources(html: str) -> list[str]:
    """The ``src`` of every <img> of a page, in order (after the HTML's own unescaping)."""
    parser = _Images()
    parser.feed(html)
    return parser.sources
