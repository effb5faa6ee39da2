"""Photos of a case: checked by their content, re-encoded, stripped of metadata.

Privacy by design: a phone photo carries the GPS position of the person who
took it, the phone's make and the time. Every photo is decoded and encoded
afresh as JPEG, so nothing but the pixels survives. The type is judged by
decoding the content, never by the file name or the browser's say-so, and
images whose pixel count would exhaust memory when decoded ("decompression
bombs") are refused before decoding.

Who may see a stored photo is ``cases.policy.public.photo_is_public``, and every
page and API that links to one asks ``url_for`` or ``public_url`` for its
address, so a photo is never linked where it would not be served.
"""

from __future__ import annotations

import functools
import io
import posixpath
import uuid
import warnings
from datetime import datetime
from urllib.parse import quote

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from cityloop.cases.models import Case, CaseMedia
from cityloop.cases.policy import public

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "MPO"}
LONGEST_SIDE = 2048  # enough to see a crack in the road; small enough to send
MAX_PHOTOS = 3


class PhotoRejected(ValueError):
    """A file that cannot be a case photo; ``message`` says why, for the person."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def reencode(upload: UploadedFile | io.BytesIO, name: str = "") -> ContentFile[bytes]:
    """A clean JPEG made from the uploaded image, or ``PhotoRejected``."""
    label = name or getattr(upload, "name", "") or _("the photo")
    size = getattr(upload, "size", None)
    if size is not None and size > settings.PHOTO_MAX_BYTES:
        raise PhotoRejected(
            _("%(name)s is larger than %(mb)d MB.")
            % {"name": label, "mb": settings.PHOTO_MAX_BYTES // (1024 * 1024)}
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in ACCEPTED_FORMATS:
                raise PhotoRejected(_("%(name)s is not a JPEG, PNG, WebP or GIF image.")
                                    % {"name": label})
            # Refused on the header's word, before any decoding: memory and
            # time grow with the pixels, not with the size of the file.
            if image.width * image.height > settings.PHOTO_MAX_PIXELS:
                raise PhotoRejected(
                    _("%(name)s has too many pixels (%(width)d × %(height)d); at most "
                      "%(megapixels)d megapixels.")
                    % {"name": label, "width": image.width, "height": image.height,
                       "megapixels": settings.PHOTO_MAX_PIXELS // 1_000_000})
            # A JPEG decodes at 1/2, 1/4 or 1/8 of its size when that is still larger
            # than what we keep: a 48-megapixel photo then costs a quarter of the time.
            image.draft("RGB", (LONGEST_SIDE, LONGEST_SIDE))
            image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError,
            Image.DecompressionBombWarning, OSError, SyntaxError, ValueError) as exc:
        if isinstance(exc, PhotoRejected):
            raise
        raise PhotoRejected(_("%(name)s is not an image we can read.") % {"name": label}) from None
    # Turn the pixels the way the camera meant, then drop every tag.
    upright = ImageOps.exif_transpose(image).convert("RGB")
    upright.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    out = io.BytesIO()
    upright.save(out, format="JPEG", quality=82, optimize=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def attach(case: Case, uploads: list[UploadedFile], kind: str, *, public: bool,
           now: datetime) -> list[CaseMedia]:
    """Store already-checked photos on a case; call inside the action's transaction.

    Every photo is re-encoded before anything is saved, so one bad file
    stores none.
    """
    if len(uploads) > MAX_PHOTOS:
        raise PhotoRejected(_("Add at most %(count)d photos.") % {"count": MAX_PHOTOS})
    return store(case, [reencode(upload) for upload in uploads], kind, public=public, now=now)


def store(case: Case, clean: list[ContentFile[bytes]], kind: str, *, public: bool,
          now: datetime) -> list[CaseMedia]:
    """Store photos ``reencode`` has already made clean (the report form checks them
    before the case exists, and keeps them across a refused form)."""
    if len(clean) > MAX_PHOTOS:
        raise PhotoRejected(_("Add at most %(count)d photos.") % {"count": MAX_PHOTOS})
    media = []
    for content in clean:
        item = CaseMedia(case=case, kind=kind, public=public, created_at=now)
        item.file.save(content.name or "photo.jpg", content, save=False)
        item.save()
        media.append(item)
    return media



def public_root(*, absolute: bool = False) -> str:
    """What every public photo's address starts with (``/photos/``), for
    building many at once (``public_url(..., root=...)``)."""
    root = _photos_root(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    return settings.PUBLIC_URL + root if absolute else root


def public_url(pk: int, file_name: str, *, absolute: bool = False, root: str = "") -> str:
    """The address of a public photo stored as ``file_name``.

    The name in the address is the stored file's own (a random one), so it
    also tells caches and people saving the file what it is. ``absolute``
    prefixes the site's public address, read now: ``serve --port`` may set it
    after import.
    """
    root = root or public_root(absolute=absolute)
    return f"{root}{pk}/{quote(posixpath.basename(file_name))}"


@functools.lru_cache(maxsize=16)
def _photos_root(script_prefix: str, urlconf: str) -> str:
    """The address's fixed part, ``/photos/``: ``reverse`` once rather than for
    each photo of an Open311 page (it costs more than the rest of the row)."""
    return reverse("photo", urlconf=urlconf, kwargs={"pk": 0, "name": "-"}).removesuffix("0/-")


def url_for(media: CaseMedia, *, staff: bool = False, tracking_token: str = "") -> str:
    """Where the page being built shows ``media`` from; "" when it may not.

    Public photos have one public address (cacheable by browsers and
    proxies); the others are served through a view that checks the viewer:
    the staff photo view, or the reporter's tracking-page view. A photo kept
    elsewhere (an Open311 app's ``media_url``) keeps its own address.
    """
    stored = media.file.name
    if not stored:
        return media.url if staff or tracking_token or public.photo_is_public(media) else ""
    if public.photo_is_public(media):
        return public_url(media.pk, stored)
    if staff:
        return reverse("staff:media", args=[media.pk])
    if tracking_token:
        return reverse("track_photo", args=[tracking_token, media.pk])
    return ""
