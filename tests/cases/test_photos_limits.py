"""Images are refused on their header's word before any decoding (issue 9, item 8).

A few hundred bytes of PNG can claim 64 megapixels: under Pillow's own
decompression-bomb threshold (89 megapixels), so only our limit stands in
the way of decoding it. Large JPEGs are decoded at a reduced scale.
"""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from cityloop.cases import photos
from tests.web.citizen.conftest import png_bomb


def _jpeg(size: tuple[int, int]) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (90, 140, 200)).save(out, format="JPEG")
    return SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")


def _decoded(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """The size of every image file Pillow decodes from now on."""
    sizes: list[tuple[int, int]] = []
    original = ImageFile.ImageFile.load

    def load(self: ImageFile.ImageFile) -> object:
        sizes.append(self.size)
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return sizes


def test_a_small_file_claiming_64_megapixels_is_refused_without_decoding(monkeypatch):
    decoded = _decoded(monkeypatch)
    bomb = png_bomb(8000, 8000)
    assert bomb.size is not None and bomb.size < 200
    with pytest.raises(photos.PhotoRejected) as refused:
        photos.reencode(bomb)
    assert refused.value.message == (
        "bomb.png has too many pixels (8000 × 8000); at most 50 megapixels.")
    assert decoded == []


def test_the_pixel_limit_is_a_setting(settings):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    with pytest.raises(photos.PhotoRejected, match=r"1200 × 1000\); at most 1 megapixels"):
        photos.reencode(_jpeg((1200, 1000)))
    kept = Image.open(photos.reencode(_jpeg((1000, 1000))))
    assert kept.size == (1000, 1000)


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(monkeypatch):
    sizes = _decoded(monkeypatch)
    kept = Image.open(photos.reencode(_jpeg((8192, 4096))))
    # Decoded at half scale (4096 × 2048, still above the 2048 kept), never at full size.
    assert sizes[0] == (4096, 2048)
    assert kept.size == (2048, 1024)
