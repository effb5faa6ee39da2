"""Which verified resident a browser session belongs to.

After the code is typed back (``participation.residents.confirm_code``) the
session keeps the resident's id, and the session's key is cycled so a key
seen before verifying is worthless after. Leaving forgets it.
"""

from __future__ import annotations

from django.http import HttpRequest

from cityloop.participation.models import Resident

KEY = "participation_resident"


def resident_of(request: HttpRequest) -> Resident | None:
    """The session's verified resident, or None (never verified, or deleted since)."""
    pk = request.session.get(KEY)
    if pk is None:
        return None
    resident: Resident | None = Resident.objects.filter(pk=pk).first()
    if resident is None:
        request.session.pop(KEY, None)
    return resident


def sign_in(request: HttpRequest, resident: Resident) -> None:
    request.session.cycle_key()
    request.session[KEY] = resident.pk


def sign_out(request: HttpRequest) -> None:
    request.session.pop(KEY, None)
