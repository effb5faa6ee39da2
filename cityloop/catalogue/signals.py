"""Any change to departments or the catalogue renews the catalogue revision."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from cityloop.catalogue.models import Department, ServiceAttribute, ServiceCategory, ServiceGroup


def catalogue_changed(**kwargs: Any) -> None:
    from cityloop.catalogue.snapshot import touch

    if kwargs.get("raw"):
        return
    touch()


for _model in (Department, ServiceAttribute, ServiceCategory, ServiceGroup):
    post_save.connect(catalogue_changed, sender=_model, dispatch_uid=f"catalogue-{_model.__name__}")
    post_delete.connect(
        catalogue_changed, sender=_model, dispatch_uid=f"catalogue-del-{_model.__name__}"
    )
