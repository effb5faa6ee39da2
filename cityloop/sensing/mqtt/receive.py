"""Receive topics (OGC 18-088 §14.2) and the ones somebody subscribed to.

What CityLoop publishes without asking (``changes``, ``publisher``): the
entity set (``v1.1/Things``), the entity (``v1.1/Things(1)``), the changed
properties (``v1.1/Things(1)/description``) and the navigation collections
a new or changed entity belongs to (``v1.1/Things(1)/Datastreams``). A
``$select`` topic (``v1.1/Datastreams(1)/Observations?$select=result``) can
be anything, so it is published only when somebody subscribed to it, as
FROST-Server does: MQTT gives a publisher no way to ask, so the broker is
configured to say so on ``$SYS/broker/log/M/subscribe`` (Mosquitto's
``log_dest topic`` with ``log_type subscribe``; docs/deploy.md), which every
publishing process follows (``Subscriptions``). A process learns of the
subscriptions made while it is connected.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

from cityloop.sensing.api import options
from cityloop.sensing.api.errors import StaError
from cityloop.sensing.api.schema import BY_SET, target
from cityloop.sensing.mqtt.topics import PREFIX

SUBSCRIBE_LOG = "$SYS/broker/log/M/subscribe"
UNSUBSCRIBE_LOG = "$SYS/broker/log/M/unsubscribe"
MAX_TOPICS = 10_000  # beyond this a new one is ignored: subscriptions are not free memory
_TOPIC = re.compile(
    r"v1\.1/([A-Za-z]+)(?:\((\d{1,18})\))?(?:/([A-Za-z]+))?\?\$select=([A-Za-z@.,]+)")
# Mosquitto 2: "<time>: <client id> <qos> <topic>" and "<time>: <client id> <topic>".
_SUBSCRIBED = re.compile(r"\d+: (\S+) [012] (.+)", re.S)
_UNSUBSCRIBED = re.compile(r"\d+: (\S+) (.+)", re.S)


@dataclass(frozen=True)
class Selection:
    """A ``$select`` topic: what it is a selection of (``base``) and the names kept."""

    topic: str
    base: str  # Things, Things(1), Datastreams(1)/Observations
    set_name: str  # of the entities published there
    select: tuple[str, ...]


def selection(topic: str) -> Selection | None:
    """The ``$select`` topic ``topic`` names; None for anything else or nonsense."""
    match = _TOPIC.fullmatch(topic)
    if match is None:
        return None
    set_name, key, tail, names = match.groups()
    etype = BY_SET.get(set_name)
    if etype is None or (tail is not None and key is None):
        return None
    if tail is not None:
        nav = etype.nav(tail)
        if nav is None or not nav.many:
            return None  # a property topic has nothing to select from
        etype = target(nav)
    try:
        chosen = options.parse({"$select": names}, etype).select
    except StaError:
        return None
    if not chosen:
        return None
    base = topic[len(PREFIX):topic.index("?")]
    return Selection(topic, base, etype.set_name, tuple(chosen))


def needs_subscriber(topic: str) -> bool:
    """Whether ``topic`` is published only once somebody is known to subscribe to it."""
    return "?" in topic


class Subscriptions:
    """The ``$select`` topics subscribed to, as the broker's log tells (any thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: dict[str, set[str]] = {}  # topic -> client ids
        self._by_base: dict[str, list[Selection]] = {}

    def __bool__(self) -> bool:
        return bool(self._by_base)

    def knows(self, topic: str) -> bool:
        return topic in self._clients

    @staticmethod
    def needed(topic: str) -> bool:
        """Whether ``topic`` must be known to be published to (``needs_subscriber``)."""
        return needs_subscriber(topic)

    def at(self, base: str) -> list[Selection]:
        """The selections of ``base`` (``Things``, ``Datastreams(1)/Observations``)."""
        return self._by_base.get(base, [])

    def heard(self, log_topic: str, payload: bytes) -> None:
        """A line of the broker's log: somebody subscribed or unsubscribed."""
        try:
            text = payload.decode()
        except UnicodeDecodeError:
            return
        pattern = _SUBSCRIBED if log_topic == SUBSCRIBE_LOG else _UNSUBSCRIBED
        match = pattern.fullmatch(text)
        if match is None or not match.group(2).startswith(PREFIX):
            return
        client, topic = match.groups()
        if log_topic == SUBSCRIBE_LOG:
            self._add(client, topic)
        else:
            self._remove(client, topic)

    def _add(self, client: str, topic: str) -> None:
        with self._lock:
            if topic in self._clients:
                self._clients[topic].add(client)
                return
            if len(self._clients) >= MAX_TOPICS:
                return
        found = selection(topic)  # outside the lock: it may read the schema
        if found is None:
            return
        with self._lock:
            self._clients.setdefault(topic, set()).add(client)
            known = self._by_base.get(found.base, [])
            if all(s.topic != topic for s in known):
                self._by_base[found.base] = [*known, found]  # readers see whole lists

    def _remove(self, client: str, topic: str) -> None:
        with self._lock:
            clients = self._clients.get(topic)
            if clients is None:
                return
            clients.discard(client)
            if clients:
                return
            del self._clients[topic]
            for base, known in list(self._by_base.items()):
                kept = [s for s in known if s.topic != topic]
                if kept:
                    self._by_base[base] = kept
                else:
                    del self._by_base[base]
