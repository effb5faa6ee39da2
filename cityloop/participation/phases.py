"""Which step a process allows now: every resident action checks its phase here."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext_lazy as _

from cityloop.geo import index
from cityloop.participation.errors import Refused
from cityloop.participation.models import PhaseKind, Process, Resident
from cityloop.participation.residents import lives_in


def require(process: Process, kinds: tuple[str, ...], now: datetime) -> None:
    """``Refused`` unless ``process`` is published and in one of ``kinds`` at ``now``."""
    if not process.published:
        raise Refused("not_published", _("This process is not open to the public."))
    phase = process.phase_at(now)
    if phase is None or phase.kind not in kinds:
        names = ", ".join(str(PhaseKind(k).label) for k in kinds)
        current = phase.get_kind_display() if phase else _("closed")
        raise Refused("wrong_phase", _(
            "This cannot be done now: the process is in its “%(current)s” phase, and this "
            "is open during: %(phases)s.") % {"current": current, "phases": names})


def require_resident(process: Process, resident: Resident | None) -> Resident:
    """The resident, if verified and (when the process asks) living in its scope."""
    if resident is None:
        raise Refused("not_verified", _("Verify your email address or phone number first."))
    if process.residence_required and not lives_in(resident, process.area):
        raise Refused("not_resident", _(
            "Only residents of %(area)s take part in this process. Say which street you "
            "live in on your page.") % {"area": process.area.display_name if process.area else ""})
    return resident


def inside_scope(process: Process, lat: float | None, lon: float | None) -> None:
    """``Refused`` for a point outside the city, or outside the process's scope."""
    if lat is None or lon is None:
        return
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise Refused("bad_location", _("That location is not a place on Earth."),
                      field="location")
    hits = index.areas_at(lat, lon)
    if not hits:
        raise Refused("outside_city", _("That place is outside the city."), field="location")
    if process.area_id is not None and process.area_id not in {h.id for h in hits}:
        raise Refused("outside_scope", _("That place is outside %(area)s.")
                      % {"area": process.area.display_name if process.area else ""},
                      field="location")
