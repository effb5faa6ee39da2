"""Keep the area revision token in step with the areas."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from cityloop.geo import index
from cityloop.geo.models import Area


@receiver(post_save, sender=Area)
@receiver(post_delete, sender=Area)
def areas_changed(**kwargs: Any) -> None:
    if kwargs.get("raw"):  # loaddata: the fixture's own revision row follows
        return
    index.touch()
