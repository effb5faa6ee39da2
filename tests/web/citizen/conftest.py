"""Helpers for the citizen pages: posting the report form, and photos made to order."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from cityloop.cases.models import Case
from cityloop.catalogue import snapshot
from cityloop.catalogue.models import ServiceCategory
from tests import citydata
from tests.fakes.fixtures import fast_passwords  # noqa: F401

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN: dict[str, Any] = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def _cheap_passwords(fast_passwords: None) -> None:  # noqa: F811
    """Personas hash a password; a cheap hasher keeps the suite fast."""


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    """Each test stores photos in its own directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def report_fields(**overrides: Any) -> dict[str, Any]:
    """A complete, valid report form (a pothole in the east of the test city)."""
    lat, lon = citydata.INSIDE_EAST_S
    fields: dict[str, Any] = {
        "step": "submit",
        "service_code": "pothole",
        "lat": str(lat),
        "lon": str(lon),
        "address": "",
        "description": "Deep pothole in the bus lane",
        "attribute[size]": "medium",
        "name": "Mei",
        "email": "mei@example.org",
        "phone": "",
    }
    fields.update(overrides)
    return {k: v for k, v in fields.items() if v is not None}


@pytest.fixture
def post_report(client: Client) -> Callable[..., Any]:
    """Post the report form; keyword arguments override the valid defaults."""

    def post(headers: dict[str, Any] | None = None, **overrides: Any) -> Any:
        return client.post("/report/", report_fields(**overrides), **(headers or EN))

    return post


def jpeg(width: int = 64, height: int = 48, *, gps: bool = False, name: str = "photo.jpg") -> (
        SimpleUploadedFile):
    """A small JPEG; with ``gps``, its EXIF says where it was taken (like a phone's)."""
    image = Image.new("RGB", (width, height), (200, 40, 40))
    out = io.BytesIO()
    if gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        gps_ifd = {1: "N", 2: (29.0, 33.0, 12.0), 3: "E", 4: (106.0, 34.0, 48.0)}
        exif[0x8825] = gps_ifd  # GPSInfo
        image.save(out, format="JPEG", exif=exif.tobytes())
    else:
        image.save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def text_named_jpg() -> SimpleUploadedFile:
    return SimpleUploadedFile("holiday.jpg", b"this is not a picture at all\n" * 20,
                              content_type="image/jpeg")


def category(code: str) -> ServiceCategory:
    """The category ``code`` of the current catalogue snapshot; the test city has it."""
    found = snapshot.category(code)
    assert found is not None, code
    return found


def png_bomb(width: int = 30000, height: int = 30000) -> SimpleUploadedFile:
    """A tiny PNG whose header claims 30000×30000 pixels (900 megapixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))
    return SimpleUploadedFile("bomb.png", data, content_type="image/png")


def latest_case() -> Case:
    """The case the test just reported (the test fails when none was created)."""
    case = Case.objects.order_by("-id").first()
    assert case is not None
    return case
