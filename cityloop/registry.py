"""Every extension point of CityLoop, declared in this one file.

Each registry maps a short key to an implementation. Built-in features are
registered on the same registries as a city's own additions would be, and
docs/extending.md documents every registry and every built-in entry (a test
fails when one is missing there).

To add an implementation, register it from your app's ``AppConfig.ready``::

    from cityloop.registry import notification_transports
    notification_transports.register("sms", "Text message through the city's gateway")(SmsTransport)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Entry(Generic[T]):
    key: str
    doc: str
    value: T


class Registry(Generic[T]):
    def __init__(self, name: str, doc: str):
        self.name = name
        self.doc = doc
        self._entries: dict[str, Entry[T]] = {}

    def register(self, key: str, doc: str) -> Callable[[T], T]:
        """Decorator registering ``value`` under ``key``, with a one-line description."""

        def add(value: T) -> T:
            if key in self._entries and self._entries[key].value is not value:
                raise ValueError(f"{self.name}: {key!r} is already registered")
            self._entries[key] = Entry(key, doc, value)
            return value

        return add

    def get(self, key: str) -> T:
        try:
            return self._entries[key].value
        except KeyError:
            known = ", ".join(sorted(self._entries)) or "none"
            raise LookupError(f"{self.name}: no {key!r} (known: {known})") from None

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[Entry[T]]:
        return iter(sorted(self._entries.values(), key=lambda e: e.key))

    def keys(self) -> list[str]:
        return sorted(self._entries)


@dataclass(frozen=True)
class PeriodicJob:
    """What ``periodic_jobs`` holds. Declared here, with the registry, so that the
    apps owning a job (cases, sensing, triage) need not import the worker that runs it.
    """

    interval: Callable[[], int]  # seconds, read from settings when the job is claimed
    run: Callable[[datetime], str]  # does the work; a short summary of what it did


notification_transports: Registry[Any] = Registry(
    "notification_transports",
    "How a message reaches its recipient; one transport per notification channel kind.",
)
intake_channels: Registry[Any] = Registry(
    "intake_channels",
    "Where a case came from; every channel submits through cases.services.submit.",
)
triage_providers: Registry[Any] = Registry(
    "triage_providers",
    "Suggests a category and priority for a report from its text (setting CITYLOOP_TRIAGE).",
)
duplicate_finders: Registry[Any] = Registry(
    "duplicate_finders",
    "Finds open cases that a new report may duplicate (setting CITYLOOP_DUPLICATES).",
)
periodic_jobs: Registry[PeriodicJob] = Registry(
    "periodic_jobs",
    "Work the worker runs on a schedule, at most once per interval across all workers.",
)
rule_kinds: Registry[Any] = Registry(
    "rule_kinds",
    "How a sensor rule turns a datastream's rollups into a warning level (sensing.rules).",
)
indicator_sources: Registry[Any] = Registry(
    "indicator_sources",
    "Where a city vital sign's value comes from (sensing.indicators).",
)

ALL: list[Registry[Any]] = [
    notification_transports,
    intake_channels,
    triage_providers,
    duplicate_finders,
    periodic_jobs,
    rule_kinds,
    indicator_sources,
]
