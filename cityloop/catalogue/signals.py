"""Any change to departments or the catalogue renews the catalogue revision."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.db.models.signals import post_delete, post_save

from cityloop.catalogue import snapshot
from cityloop.catalogue.models import Department, ServiceAttribute, ServiceCategory, ServiceGroup
from cityloop.geo.models import Area

# Inside ``batched()`` saves do not renew the revision one by one: a catalogue
# import saves a hundred rows and renews it once, at its end.
_batching: contextvars.ContextVar[bool] = contextvars.ContextVar("catalogue-batch",
                                                                 default=False)


@contextlib.contextmanager
def batched() -> Iterator[None]:
    """Saves within renew nothing; the caller renews the revision once (``snapshot.touch``)."""
    marker = _batching.set(True)
    try:
        yield
    finally:
        _batching.reset(marker)


def catalogue_changed(**kwargs: Any) -> None:
    if kwargs.get("raw") or _batching.get():
        return
    snapshot.touch()


for _model in (Department, ServiceAttribute, ServiceCategory, ServiceGroup):
    post_save.connect(catalogue_changed, sender=_model, dispatch_uid=f"catalogue-{_model.__name__}")
    post_delete.connect(
        catalogue_changed, sender=_model, dispatch_uid=f"catalogue-del-{_model.__name__}"
    )

# Deleting an area empties ``Department.area`` of the units responsible for it
# with one UPDATE (on_delete=SET_NULL), which sends no signal for Department:
# without this the catalogue copies would keep routing to the removed area's unit.
post_delete.connect(catalogue_changed, sender=Area, dispatch_uid="catalogue-del-Area")
