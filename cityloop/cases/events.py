"""What the case lifecycle emits: "an event was recorded", for apps that act on it.

``lifecycle`` appends every CaseEvent and then calls ``recorded``, inside the
same database transaction. The domain imports none of its listeners: they
subscribe from their own ``AppConfig.ready`` (``notify`` queues its outbox
rows from here), so an app that is not installed hears nothing and the
domain does not know it exists.

Listeners run in the event's transaction and must only write rows: a
listener that raises undoes the action with everything else it wrote, and
sending anything from here would send it even when the action rolls back.
"""

from __future__ import annotations

from typing import Protocol

from cityloop.cases.models import CaseContact, CaseEvent


class Listener(Protocol):
    def __call__(self, event: CaseEvent, *, contacts: list[CaseContact] | None) -> None:
        """React to ``event``. ``contacts``: the case's contacts when the lifecycle has
        them at hand (a case just created), saving a query; else None."""


_listeners: dict[str, Listener] = {}


def subscribe(key: str, listener: Listener) -> None:
    """Call ``listener`` for every recorded event. Subscribing again under the same
    ``key`` replaces the listener (``ready`` may run more than once in tests)."""
    _listeners[key] = listener


def unsubscribe(key: str) -> None:
    _listeners.pop(key, None)


def recorded(event: CaseEvent, *, contacts: list[CaseContact] | None = None) -> None:
    """Tell every listener, in the order they subscribed, that ``event`` was recorded."""
    for listener in list(_listeners.values()):
        listener(event, contacts=contacts)
