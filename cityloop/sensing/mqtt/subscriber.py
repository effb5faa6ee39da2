"""An ingest worker: observations from MQTT, in batches, acknowledged after commit.

Each worker holds a persistent MQTT 5 session (``clean_start`` off, a
session expiry) with a shared subscription (``$share/<group>/v1.1/...``),
so the broker splits the devices' messages among the workers and keeps, for
a worker that is away, what it has not acknowledged. Messages are received
at QoS 1 with manual acknowledgement and gathered into a batch (up to
``batch_size`` messages or ``batch_seconds`` after the first), which is parsed
and stored by one ``ingest`` call; only when that has committed are the
batch's messages acknowledged. A worker that dies before then leaves them
unacknowledged, and the broker delivers them again: at least once, never
lost once the broker acknowledged them to the device.

paho's network thread reads all the time, also while a batch is being
stored, so messages wait in this process rather than in the broker's
per-client queue: Mosquitto drops what overflows that queue
(``max_queued_messages``, 1000 by default), even at QoS 1.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import paho.mqtt.client as mqtt
from django.db import close_old_connections, connections

from cityloop.sensing.ingest import store as ingest_module
from cityloop.sensing.ingest.parse import ObservationIn, ObservationInvalid, parse_observation
from cityloop.sensing.mqtt import topics
from cityloop.sensing.mqtt.client import PUBACK, ingest_client, puback_packet, send_raw
from cityloop.sensing.mqtt.config import MqttConfig

log = logging.getLogger(__name__)


@dataclass
class Counters:
    received: int = 0
    stored: int = 0
    refused: int = 0
    batches: int = 0


@dataclass
class _Message:
    mid: int
    qos: int
    topic: str
    payload: bytes
    session: int  # which connection it came on: acknowledgements are per connection


@dataclass
class IngestWorker:
    config: MqttConfig
    client_id: str
    batch_size: int = 5000
    batch_seconds: float = 0.05
    stopping: threading.Event = field(default_factory=threading.Event)
    counters: Counters = field(default_factory=Counters)

    def __post_init__(self) -> None:
        self._pending: list[_Message] = []
        self._first_at = 0.0
        self._session = 0
        self._lock = threading.Condition()
        self._connected = threading.Event()
        self._targets: dict[str, topics.Target | None] = {}
        self.client, self._properties = ingest_client(self.config, self.client_id)
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        if hasattr(self.client, "on_publish_raw"):
            self.client.on_publish_raw = self._take
        self.client.on_disconnect = self._on_disconnect
        self.client.on_subscribe = self._on_subscribe
        self.client.on_connect_fail = self._on_connect_fail

    # -- paho callbacks (on paho's network thread) -------------------------------------

    def _on_connect(self, client: Any, userdata: Any, flags: Any, reason: Any,
                    properties: Any) -> None:
        if reason.is_failure:
            log.error("MQTT broker refused %s: %s", self.client_id, reason)
            return
        with self._lock:
            self._session += 1
        # A resumed session keeps its plain subscriptions, but Mosquitto does not
        # restore shared ones after its own restart: subscribe every time.
        client.subscribe([(f, mqtt.SubscribeOptions(qos=1))
                          for f in topics.ingest_filters(self.config.share_group)])
        log.info("MQTT ingest worker %s connected (session present: %s)",
                 self.client_id, flags.session_present)

    def _on_connect_fail(self, client: Any, userdata: Any) -> None:
        log.warning("MQTT broker %s:%s unreachable for %s; trying again", self.config.host,
                    self.config.port, self.client_id)

    def _on_subscribe(self, client: Any, userdata: Any, mid: int, reasons: Any,
                      properties: Any) -> None:
        failed = [r for r in reasons if r.is_failure]
        if failed:
            log.error("MQTT broker refused the subscriptions of %s: %s", self.client_id, failed)
            return
        self._connected.set()  # ready: the broker sends us the devices' messages from now on

    def _on_disconnect(self, client: Any, userdata: Any, flags: Any, reason: Any,
                       properties: Any) -> None:
        self._connected.clear()
        if not self.stopping.is_set():
            log.warning("MQTT ingest worker %s disconnected (%s); reconnecting",
                        self.client_id, reason)

    def _on_message(self, client: Any, userdata: Any, message: Any) -> None:
        self._take(message.mid, message.qos, message.topic, message.payload)

    def _take(self, mid: int, qos: int, topic: str, payload: bytes) -> None:
        """A message received (``on_message``, or ``on_publish_raw`` of CityLoop's client)."""
        if topics.ECHO_MARK in payload:
            # An observation CityLoop itself published (QoS 0), not a new one.
            if qos:
                self.client.ack(mid, qos)
            return
        with self._lock:
            if not self._pending:
                self._first_at = time.monotonic()
            self._pending.append(_Message(mid, qos, topic, payload, self._session))
            if len(self._pending) in (1, self.batch_size):
                self._lock.notify()  # the first starts the batch's clock, the last ends it

    # -- the loop ----------------------------------------------------------------------

    def wait_connected(self, timeout: float) -> bool:
        """Wait until connected and subscribed."""
        return self._connected.wait(timeout)

    @property
    def sessions(self) -> int:
        """How many times this worker has connected."""
        return self._session

    def stop(self) -> None:
        self.stopping.set()
        with self._lock:
            self._lock.notify()

    def run(self) -> None:
        """Store and acknowledge batches until ``stop``; then finish the batch in hand."""
        # paho connects, reconnects (quickly at first: after a broker restart,
        # shared subscriptions exist again only once their workers are back)
        # and reads on its own thread.
        self.client.connect_async(self.config.host, self.config.port, keepalive=30,
                                  clean_start=False, properties=self._properties)
        self.client.loop_start()
        try:
            while not self.stopping.is_set():
                batch, first_at = self._next_batch()
                if batch:
                    self._flush(batch, first_at)
            with self._lock:
                batch, self._pending = self._pending, []
            if batch:
                self._flush(batch, self._first_at)
        finally:
            self.client.disconnect()
            self.client.loop_stop()
            connections.close_all()  # this thread's own connections

    def _next_batch(self) -> tuple[list[_Message], float]:
        """The messages received so far, once there are ``batch_size`` of them or the
        first has waited ``batch_seconds`` (or on stop)."""
        with self._lock:
            while not self.stopping.is_set():
                if len(self._pending) >= self.batch_size:
                    break
                if self._pending:
                    left = self.batch_seconds - (time.monotonic() - self._first_at)
                    if left <= 0:
                        break
                    self._lock.wait(left)
                else:
                    self._lock.wait(0.5)
            batch, self._pending = self._pending, []
            return batch, self._first_at

    # -- a batch -----------------------------------------------------------------------

    def _flush(self, messages: list[_Message], first_at: float) -> None:
        received_at = _received_at(first_at)
        observations = self._parse(messages, received_at)
        if observations and not self._store(observations, received_at):
            return  # stopping with the database away: unacknowledged, the broker keeps them
        self._acknowledge(messages)
        self.counters.batches += 1

    def _acknowledge(self, messages: list[_Message]) -> None:
        """PUBACK the batch's QoS 1 messages, in a few writes (``client.send_raw``)."""
        session = self._session
        # An acknowledgement belongs to the connection the message came on; after a
        # reconnection the broker sends the message again (at least once).
        due = [m for m in messages if m.qos and m.session == session]
        if all(m.qos == 1 for m in due) and send_raw(
                self.client, PUBACK, [puback_packet(m.mid) for m in due]):
            return
        for message in due:
            self.client.ack(message.mid, message.qos)

    def _parse(self, messages: list[_Message], received_at: Any) -> list[ObservationIn]:
        observations: list[ObservationIn] = []
        refused: list[str] = []
        for message in messages:
            self.counters.received += 1
            try:
                observations.append(self._observation(message, received_at))
            except ObservationInvalid as exc:
                refused.append(f"{message.topic}: {exc.message}")
        self._report(refused)
        return observations

    def _observation(self, message: _Message, received_at: Any) -> ObservationIn:
        if message.topic not in self._targets:
            self._targets[message.topic] = topics.target(message.topic)
        target = self._targets[message.topic]
        if target is None:
            raise ObservationInvalid("not a SensorThings topic for creating Observations")
        try:
            data = json.loads(message.payload)
        except (ValueError, UnicodeDecodeError):
            raise ObservationInvalid("the message is not JSON") from None
        observation = parse_observation(data, datastream_id=target.datastream_id,
                                        multi_datastream_id=target.multi_datastream_id,
                                        now=received_at)
        if target.feature_of_interest_id is not None:
            observation = dataclasses.replace(
                observation, feature_of_interest_id=target.feature_of_interest_id)
        return observation

    def _store(self, observations: list[ObservationIn], received_at: Any) -> bool:
        delay = 0.5
        while True:
            try:
                result = ingest_module.ingest(observations, received_at=received_at)
            except Exception:
                log.exception("storing %d MQTT observations failed; retrying", len(observations))
                close_old_connections()
                if self.stopping.wait(delay):
                    return False
                delay = min(delay * 2, 30)
                continue
            self.counters.stored += result.stored
            self._report([f"[{i}] {message}" for i, message in result.errors])
            return True

    def _report(self, refused: list[str]) -> None:
        if refused:
            self.counters.refused += len(refused)
            log.warning("%d MQTT observations refused, the first: %s", len(refused), refused[0])


def _received_at(first_at: float) -> Any:
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() - timedelta(seconds=max(0.0, time.monotonic() - first_at))
