"""``{% photo_src photo %}``: a photo's address for the page being rendered.

Every template that shows a stored photo asks here, so the address always
matches the view that will serve it (see ``cases.photos.url_for``).
"""

from __future__ import annotations

from django import template

from cityloop.cases import photos
from cityloop.cases.models import CaseMedia

register = template.Library()


@register.simple_tag
def photo_src(media: CaseMedia, staff: bool = False, token: str = "") -> str:
    """Public pages: ``{% photo_src photo %}``; the staff console:
    ``staff=True``; the reporter's tracking page: ``token=case.tracking_token``."""
    return photos.url_for(media, staff=staff, tracking_token=token)
