"""Entities created or changed through the ORM, to their receive topics (OGC 18-088 §14.2).

Every door that saves an entity (HTTP POST, PATCH, PUT, deep insert, the
admin, a loader) goes through ``Model.save``; these signal handlers note the
change and, once the transaction has committed (``transaction.on_commit``:
nothing for a rolled-back change), the process that made it publishes it,
once per topic. Observations stored in bulk by ``ingest`` do not pass here;
``publisher`` gets those from ``ingest.on_stored``. No other process
publishes a change, so several web processes and workers never send one twice.

An entity saved several times in one transaction is published once, with
the properties changed by any of the saves. Published as the HTTP GET shows
it (``api.serialize``), only when an anonymous reader may see it
(``sensing.access``): the topics have no access control of their own.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_save, pre_save

from cityloop.sensing.api.schema import ENTITY_TYPES, of_model
from cityloop.sensing.mqtt.publisher import publisher
from cityloop.sensing.mqtt.render import messages

MODELS = tuple(etype.model for etype in ENTITY_TYPES.values())
_OLD = "_cityloop_mqtt_old"


@dataclass(eq=False)
class _Change:
    """One save waiting for its commit; the last of an entity's saves publishes."""

    model: type[models.Model]
    pk: Any
    changed: set[str] = field(default_factory=set)


_local = threading.local()


def _latest() -> weakref.WeakValueDictionary[tuple[Any, Any], _Change]:
    # Per thread (a connection is per thread); an entry lives as long as its
    # on_commit callback, so one dropped with a rollback vanishes with it.
    latest = getattr(_local, "latest", None)
    if latest is None:
        latest = _local.latest = weakref.WeakValueDictionary()
    return latest


def connect() -> None:
    for model in MODELS:
        pre_save.connect(_before_save, sender=model, dispatch_uid=f"mqtt-pre-{model.__name__}")
        post_save.connect(_saved, sender=model, dispatch_uid=f"mqtt-post-{model.__name__}")


def _enabled() -> bool:
    config = publisher.config
    return config is not None and config.publish


def _fields(model: type[models.Model]) -> dict[str, tuple[str, ...]]:
    return {name: prop.fields for name, prop in of_model(model).props.items()}


def _before_save(sender: type[models.Model], instance: models.Model, raw: bool = False,
                 **kwargs: Any) -> None:
    """What the row held before an update: which properties change (one query)."""
    if raw or instance._state.adding or instance.pk is None or not _enabled():
        return
    names = [f for fields in _fields(sender).values() for f in fields]
    old = sender._default_manager.filter(pk=instance.pk).values(*names).first()
    setattr(instance, _OLD, old)


def _saved(sender: type[models.Model], instance: models.Model, created: bool,
           raw: bool = False, **kwargs: Any) -> None:
    if raw or not _enabled():
        return
    old = instance.__dict__.pop(_OLD, None)
    props = _fields(sender)
    if created or old is None:
        changed = set(props)
    else:
        changed = {name for name, fields in props.items()
                   if any(old.get(f) != getattr(instance, f) for f in fields)}
    key = (sender, instance.pk)
    latest = _latest()
    earlier = latest.get(key)
    change = _Change(sender, instance.pk, changed | (earlier.changed if earlier else set()))
    latest[key] = change

    def committed() -> None:
        last = latest.get(key)
        if last is not None and last is not change:
            return  # a later save of the same entity in this transaction publishes
        _publish(change)

    transaction.on_commit(committed, robust=True)


def _publish(change: _Change) -> None:
    found = messages(change.model, change.pk, change.changed, publisher.subscriptions)
    if found:
        publisher.send(found)
