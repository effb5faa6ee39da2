"""Serving stored case photos.

Photos live under ``MEDIA_ROOT`` but are never served from it by path: each
request names a photo row, the row says which file, and the caller decides
who may see it (``cases.policy.public`` for everyone; the staff and
tracking-page views check their viewer first). Anything a viewer may not
see answers 404, as if it did not exist.

Public photos may be kept by browsers and proxies for a day; the others
must not be kept anywhere (``private, no-store``): they can show faces or
number plates and are only for the people working on the case.
"""

from __future__ import annotations

import mimetypes
import posixpath

from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from cityloop.cases.models import CaseMedia
from cityloop.cases.policy import public

PUBLIC_MAX_AGE = 24 * 3600


def file_response(request: HttpRequest, item: CaseMedia, *, public: bool) -> HttpResponseBase:
    """The stored file of ``item``, or 404 when it has none (or it went missing)."""
    name = item.file.name
    if not name:
        raise Http404
    storage = item.file.storage
    try:
        modified = storage.get_modified_time(name)
        handle = storage.open(name, "rb")
    except (FileNotFoundError, NotADirectoryError):
        raise Http404 from None
    content_type = mimetypes.guess_type(name)[0] or ""
    if not content_type.startswith("image/"):
        # Every stored photo is a re-encoded JPEG; anything else is not ours to serve.
        handle.close()
        raise Http404
    last_modified = int(modified.timestamp())
    if public:
        unchanged = get_conditional_response(request, last_modified=last_modified)
        if unchanged is not None:
            handle.close()
            return _headers(unchanged, public=True)
    response = FileResponse(handle, content_type=content_type)
    response["Last-Modified"] = http_date(last_modified)
    return _headers(response, public=public)


def _headers(response: HttpResponseBase, *, public: bool) -> HttpResponseBase:
    response["Cache-Control"] = (f"public, max-age={PUBLIC_MAX_AGE}" if public
                                 else "private, no-store")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def public_photo(request: HttpRequest, pk: int, name: str) -> HttpResponseBase:
    """A photo anyone may see, at the address ``photos.public_url`` gives."""
    item = get_object_or_404(CaseMedia.objects.select_related("case__category"), pk=pk)
    stored = item.file.name
    if not stored or posixpath.basename(stored) != name or not public.photo_is_public(item):
        raise Http404
    return file_response(request, item, public=True)
