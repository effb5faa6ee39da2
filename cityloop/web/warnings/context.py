"""The warning banner on every public page, from the in-memory list of current
warnings (cityloop/warnings/current.py): no query per page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from cityloop.i18n import pick
from cityloop.warnings import current


def _headlines() -> list[tuple[str, str]]:
    """(identifier, headline in the page's language) of each current actual warning."""
    return [(w.identifier, pick(w.headline, w.headline_i18n)) for w in current.banner()]


def banner(request: HttpRequest) -> dict[str, Any]:
    # Lazy: only pages that show the banner (web/base.html) ask, not the admin's.
    return {"WARNING_BANNER": SimpleLazyObject(_headlines)}
