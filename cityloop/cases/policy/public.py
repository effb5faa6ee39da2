"""What anyone, signed in or not, may see of the city's cases.

- A case of a public category may be shown with its place, description and
  approved photos; a case of a sensitive category (``ServiceCategory.is_public``
  false: noise, "other" problems…) often points at someone's home, so it is
  counted and its status told, but its place, text and photos never shown.
- Of a case's history, only status changes and public updates; never
  internal notes, never who reported it or how to reach them.
- Of its photos, those staff approved for the public and those of the
  finished work ("after" photos come from staff, never from a resident).

Open311, the public statistics and map, open data, the citizen pages, the
photo address and the weekly topics all ask here.
"""

from __future__ import annotations

from django.db.models import F, Q

from cityloop.cases.models import CaseMedia, MediaKind
from cityloop.catalogue import snapshot
from cityloop.catalogue.models import ServiceCategory


def shows_details(category: ServiceCategory) -> bool:
    """Whether a case of ``category`` may be shown with its place, text and photos."""
    return bool(category.is_public)


def public_categories() -> list[ServiceCategory]:
    return [c for c in snapshot.current().categories.values() if shows_details(c)]


def public_category_ids() -> list[int]:
    return [c.pk for c in public_categories()]


def case_in_public_category(prefix: str = "") -> Q:
    """Cases (or, with ``prefix`` "case__", rows of cases) whose details may be shown."""
    return Q(**{f"{prefix}category__is_public": True})


# An event on the public timeline: a public update or a change of status
# (the SQL form of ``CaseEvent.is_public``).
PUBLIC_EVENT = ~Q(public_text="") | ~Q(from_status=F("to_status"))

# A photo anyone may see, as far as the photo itself goes (its case must be
# of a public category too: ``photo_is_public``).
PUBLIC_PHOTO = Q(public=True) | Q(kind=MediaKind.AFTER)


def photo_is_public(media: CaseMedia) -> bool:
    """Whether anyone may see ``media``: approved or "after", and the case's
    category is public (a sensitive case shows nothing, even an approved photo).

    Reads ``media.case.category``: fetch photos through the case (or with
    ``select_related``) so that costs no query.
    """
    return (media.public or media.kind == MediaKind.AFTER) and shows_details(
        media.case.category)
