"""Publishing a warning: the one way a warning becomes public.

``publish`` checks the warning, stamps its publication, onset and expiry,
marks the warning it replaces (an update or a cancel), tells the current
warnings' cache and sends ``signals.warning_published``, all in one
transaction: a receiver that fails (the subscribers' fan-out) undoes the
publication, and a publication that fails sends nothing.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cityloop.warnings import current
from cityloop.warnings.areas import polygon_shape
from cityloop.warnings.models import MsgType, Warning
from cityloop.warnings.signals import warning_published

# What an update or a cancel carries over from the warning it replaces.
COPIED = ("event", "event_i18n", "category", "severity", "urgency", "certainty", "headline",
          "headline_i18n", "description", "description_i18n", "instruction", "instruction_i18n",
          "valid_minutes", "status", "polygon", "onset", "expires", "template_id")


class PublishRefused(ValueError):
    """A warning that cannot be published; ``field`` names what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def check(warning: Warning, area_ids: list[int] | None = None) -> None:
    """Refuse what may not go out; ``area_ids`` for a warning not yet saved."""
    if not warning.headline.strip():
        raise PublishRefused("headline", _("A warning needs a headline."))
    if not warning.description.strip():
        raise PublishRefused("description", _("A warning needs a description."))
    if warning.polygon and polygon_shape(warning.polygon) is None:
        raise PublishRefused("polygon", _("The polygon is not a valid GeoJSON Polygon."))
    if area_ids is None and warning.pk is not None:
        area_ids = list(warning.areas.values_list("id", flat=True))
    if not area_ids and not warning.polygon:
        raise PublishRefused("areas", _("Choose at least one area or draw a polygon."))
    if warning.msg_type == MsgType.ALERT:
        if warning.references_id is not None:
            raise PublishRefused("references", _("A new alert replaces nothing; send an "
                                                 "update or a cancel instead."))
        return
    ref = warning.references
    if ref is None:
        raise PublishRefused("references", _("An update or a cancel names the warning it "
                                             "replaces."))
    if ref.published_at is None or ref.msg_type == MsgType.CANCEL:
        raise PublishRefused("references", _("Only a published warning that was not "
                                             "cancelled can be updated or cancelled."))
    if ref.replaced_at is not None:
        raise PublishRefused("references", _("That warning was already replaced; update "
                                             "the newest one."))


def publish(warning: Warning, *, by: AbstractBaseUser | str,
            now: datetime | None = None) -> Warning:
    """Publish a saved, unpublished warning (an alert, an update or a cancel)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Warning.objects.select_for_update().get(pk=warning.pk)
        if locked.published_at is not None:
            raise PublishRefused("identifier", _("This warning is already published."))
        check(locked)
        locked.published_at = now
        locked.onset = locked.onset or now
        locked.expires = locked.expiry_from(now)
        locked.published_by = by if isinstance(by, str) else f"staff {by.get_username()}"
        if locked.expires <= now:
            raise PublishRefused("expires", _("The expiry time has already passed."))
        locked.save(update_fields=["published_at", "onset", "expires", "published_by"])
        if locked.references_id is not None:
            replaced = Warning.objects.filter(pk=locked.references_id, replaced_at__isnull=True,
                                              published_at__isnull=False).update(replaced_at=now)
            if not replaced:  # another update won the race since check()
                raise PublishRefused("references", _("That warning was already replaced; "
                                                     "update the newest one."))
        current.touch()
        warning_published.send(sender=Warning, warning=locked)
    return locked


def draft_replacement(original: Warning, msg_type: str, **changes: object) -> Warning:
    """A new unpublished update or cancel of ``original``, with its text and areas."""
    values = {name: getattr(original, name) for name in COPIED}
    values.update(changes)
    with transaction.atomic():
        replacement = Warning.objects.create(msg_type=msg_type, references=original,
                                             alert_id=original.alert_id,
                                             indicator_id=original.indicator_id,
                                             trigger_id=original.trigger_id,
                                             observed_at=original.observed_at, **values)
        replacement.areas.set(original.areas.all())
    return replacement
