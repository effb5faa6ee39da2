"""The reader of the request being answered, and the rows it may see.

Every read starts from ``rows(model)``: the root collection, an entity by id,
each navigation step, ``$expand``, and the related rows a ``$filter`` crosses.
The reader is set once per request by the view (``reading``), so no code path
can forget to pass it on; outside a request (the shell, the ingest workers)
nothing is hidden.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet

from cityloop.sensing import access
from cityloop.sensing.api.schema import EntityType

_reader: ContextVar[access.Reader | None] = ContextVar("sta_reader", default=None)


@contextmanager
def reading(reader: access.Reader) -> Iterator[None]:
    token = _reader.set(reader)
    try:
        yield
    finally:
        _reader.reset(token)


def restricted() -> bool:
    reader = _reader.get()
    return reader is not None and not access.sees_private(reader)


def rows(model: type[models.Model]) -> QuerySet[Any]:
    reader = _reader.get()
    if reader is None:
        return model._default_manager.all()
    return access.rows(model, reader)


def guard(crossed: list[tuple[str, EntityType]]) -> Q:
    """For a ``$filter`` comparison through to-many relations: the related rows it
    tests must be ones the reader may see (``Things?$filter=Datastreams/...`` must not
    match a public Thing by its private datastream). Django joins a relation once per
    ``filter()`` call, so the guard constrains the very rows the comparison tests."""
    condition = Q()
    if not restricted():
        return condition
    for prefix, entity in dict(crossed).items():
        condition &= Q(**{f"{prefix}__in": rows(entity.model).values("pk")})
    return condition
