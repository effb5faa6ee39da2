"""Keep the revision tokens of areas and places in step with their rows."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cityloop.geo import index
from cityloop.geo.models import Area, Place
from cityloop.geo.places import index as place_index


@receiver(post_save, sender=Area)
@receiver(post_delete, sender=Area)
def areas_changed(**kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata: the fixture's own revision row follows
        return
    index.touch()
    place_index.touch()  # search results carry the areas' names, and areas are results


@receiver(post_save, sender=Place)
@receiver(post_delete, sender=Place)
def places_changed(**kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    place_index.touch()
