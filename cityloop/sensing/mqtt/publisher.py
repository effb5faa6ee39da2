"""Sending each new observation to its receive topics (§14.2): ``v1.1/Observations``,
``v1.1/Datastreams(id)/Observations``, ``v1.1/FeaturesOfInterest(id)/Observations``
and the ``$select`` topics somebody subscribed to (``receive``); and the messages of
other changes (``changes``) after them, in order, on the same connection.

``ingest`` hands every committed batch to ``publisher.publish`` (registered
with ``ingest.on_stored`` by ``sensing.wiring``), which only puts it on a
queue: the JSON is written and sent by a thread of its own, so the ingest
path never waits for the broker. With MQTT off it does nothing.
Observations of private Things are not published (``public_only``).
A batch goes out as encoded packets in a few writes (``client.send_raw``),
not one paho ``publish`` each.
When the broker is away or slow and the queue grows past ``MAX_PENDING``
observations, new batches are dropped (and counted, and logged): telling
subscribers is best effort, QoS 0, while storing is not.
"""

from __future__ import annotations

import atexit
import json
import logging
import queue
import threading
import time
from typing import Any

from django.conf import settings

from cityloop.sensing import access
from cityloop.sensing.ingest.batch import Row
from cityloop.sensing.models import Datastream
from cityloop.sensing.mqtt import receive, topics
from cityloop.sensing.mqtt.client import (
    PUBLISH,
    connect_publisher,
    publish_packet,
    send_raw,
    topic_header,
)
from cityloop.sensing.mqtt.config import MqttConfig, configured

log = logging.getLogger(__name__)
MAX_PENDING = 200_000
_UNSET: Any = object()
Message = tuple[str, bytes]
# A queued batch: new observations (ids, rows), or ready messages (topic, payload).
_Batch = tuple[list[int], list[Row]] | list[Message]


def iso(text: str) -> str:
    """Stored UTC text as SensorThings writes times: ISO 8601, ``Z``, milliseconds if any."""
    if len(text) > 19 and text.endswith("000"):
        text = text[:-3]
    return text.replace(" ", "T", 1) + "Z"


def entity(new_id: int, row: Row, root: str) -> str:
    """One Observation as the HTTP API shows it (§9.2), written by hand for speed."""
    start, end, result_time, number, text, quality, valid_start, valid_end, params = row[1:10]
    if number is not None:
        result = str(int(number)) if number.is_integer() and abs(number) < 2**53 else repr(number)
    else:
        result = text or "null"
    when = iso(start) if end is None else f"{iso(start)}/{iso(end)}"
    valid = "null" if valid_start is None or valid_end is None else (
        f'"{iso(valid_start)}/{iso(valid_end)}"')
    link = f"{root}/Observations({new_id})"
    return (
        f'{{"@iot.id":{new_id},"@iot.selfLink":"{link}","phenomenonTime":"{when}",'
        f'"resultTime":{"null" if result_time is None else chr(34) + iso(result_time) + chr(34)},'
        f'"result":{result},"resultQuality":{quality or "null"},"validTime":{valid},'
        f'"parameters":{params or "null"},'
        f'"Datastream@iot.navigationLink":"{link}/Datastream",'
        f'"MultiDatastream@iot.navigationLink":"{link}/MultiDatastream",'
        f'"FeatureOfInterest@iot.navigationLink":"{link}/FeatureOfInterest"}}'
    )


def public_only(ids: list[int], rows: list[Row]) -> tuple[list[int], list[Row]]:
    """The observations anyone may read (``sensing.access``): the topics have no
    access control of their own, so a private Thing's data is not published at all.
    One query a batch, on the ingest thread that has just committed it."""
    streams = {row[0] for row in rows}
    shown = set(access.rows(Datastream, access.Reader()).filter(pk__in=streams)
                .values_list("pk", flat=True))
    if shown == streams:
        return ids, rows
    kept = [(new_id, row) for new_id, row in zip(ids, rows, strict=True) if row[0] in shown]
    return [new_id for new_id, _row in kept], [row for _id, row in kept]


class Publisher:
    def __init__(self) -> None:
        self._config: MqttConfig | None = _UNSET
        self._queue: queue.SimpleQueue[_Batch | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._client: Any = None
        self.pending = 0
        self.dropped = 0
        self.sent = 0
        self._warned_at = 0.0
        self._headers: dict[str, bytes] = {}  # a topic base -> its topic, encoded
        self._watching = threading.Event()  # connected and following subscriptions
        self._exit_flush = False
        self.subscriptions = receive.Subscriptions()

    def configure(self, config: MqttConfig | None) -> None:
        """Use this broker (None: publish nothing) instead of the one in settings."""
        self.close()
        self._config = config

    @property
    def config(self) -> MqttConfig | None:
        if self._config is _UNSET:
            self._config = configured()
        return self._config

    def publish(self, ids: list[int], rows: list[Row]) -> None:
        """Queue a committed batch for its subscribers; never blocks."""
        config = self.config
        if config is None or not config.publish or not ids:
            return
        ids, rows = public_only(ids, rows)
        if ids:
            self._put(config, (ids, rows), len(ids))

    def send(self, messages: list[Message]) -> None:
        """Queue ready messages (``changes``) after everything queued before; never blocks."""
        config = self.config
        if config is not None and config.publish and messages:
            self._put(config, messages, len(messages))

    def _put(self, config: MqttConfig, batch: _Batch, size: int) -> None:
        with self._lock:
            if self.pending + size > MAX_PENDING:
                self.dropped += size
                self._warn_dropped()
                return
            self.pending += size
            self._ensure_thread(config)
        self._queue.put(batch)

    def _ensure_thread(self, config: MqttConfig) -> None:
        if self._thread is None or not self._thread.is_alive():
            if not self._exit_flush:
                # A short command (a loader, ``cityloop shell``) that changed entities
                # must not exit before its messages went out (the thread is a daemon).
                atexit.register(self.flush, 5.0)
                self._exit_flush = True
            self._watching.clear()
            self._thread = threading.Thread(target=self._run, args=(config,),
                                            name="cityloop-mqtt-publisher", daemon=True)
            self._thread.start()

    def start(self, timeout: float = 10.0) -> bool:
        """Connect now rather than at the first change, and follow the subscriptions
        (``receive``) from now on; whether that is done within ``timeout``. ``cityloop
        serve`` and the ingest workers call it at start: a process learns only of the
        ``$select`` subscriptions made while it is connected."""
        config = self.config
        if config is None or not config.publish:
            return False
        with self._lock:
            self._ensure_thread(config)
        return self._watching.wait(timeout)

    def _warn_dropped(self) -> None:
        now = time.monotonic()
        if now - self._warned_at > 60:
            self._warned_at = now
            log.warning("MQTT publisher is behind: %d observations not published so far",
                        self.dropped)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every queued observation was handed to the broker (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        while self.pending and time.monotonic() < deadline:
            time.sleep(0.01)
        return not self.pending

    def close(self) -> None:
        thread = self._thread
        if thread is not None and thread.is_alive():
            self._queue.put(None)
            thread.join(timeout=10)
        self._thread = None
        self.subscriptions = receive.Subscriptions()  # another broker: other subscribers

    def _follow(self, client: Any) -> None:
        """Have ``client`` follow the broker's news of subscriptions (``receive``)."""
        logs = [receive.SUBSCRIBE_LOG, receive.UNSUBSCRIBE_LOG]

        def connected(c: Any, userdata: Any, flags: Any, reason: Any, props: Any) -> None:
            if not reason.is_failure:
                c.subscribe([(t, 0) for t in logs])

        def subscribed(c: Any, userdata: Any, mid: int, reasons: Any, props: Any) -> None:
            if any(r.is_failure for r in reasons):
                log.warning("the MQTT broker does not tell who subscribes (%s): $select "
                            "topics are not published; see docs/deploy.md", reasons)
            self._watching.set()

        def message(c: Any, userdata: Any, msg: Any) -> None:
            try:
                self.subscriptions.heard(msg.topic, msg.payload)
            except Exception:  # on paho's network thread: a raise would end it
                log.exception("could not read the broker's news of a subscription")

        client.on_connect = connected
        client.on_subscribe = subscribed
        client.on_message = message

    def _run(self, config: MqttConfig) -> None:
        client = connect_publisher(config, self._follow)
        root = json.dumps(settings.PUBLIC_URL.rstrip("/") + "/sta/v1.1")[1:-1]
        try:
            while True:
                batch = self._queue.get()
                if batch is None:
                    return
                size = len(batch[0]) if isinstance(batch, tuple) else len(batch)
                _wait_connected(client)
                try:
                    if isinstance(batch, tuple):
                        self._send(client, batch[0], batch[1], root)
                    else:
                        self._send_messages(client, batch)
                    self.sent += size
                except Exception:  # a broken connection must not end the thread
                    log.exception("publishing %d MQTT messages failed", size)
                finally:
                    with self._lock:
                        self.pending -= size
        finally:
            client.disconnect()
            client.loop_stop()

    def _send_messages(self, client: Any, messages: list[Message]) -> None:
        if client.is_connected() and send_raw(
                client, PUBLISH, [publish_packet(topic_header(t), p) for t, p in messages]):
            return
        for topic, payload in messages:
            client.publish(topic, payload, qos=0)


    def _send(self, client: Any, ids: list[int], rows: list[Row], root: str) -> None:
        """The batch as QoS 0 PUBLISH packets, written in a few writes (``send_raw``) when
        connected; else (or with a paho that cannot) one ``publish`` each, as paho does
        (it drops QoS 0 messages while disconnected). Each observation goes to its
        Datastream's, its FeatureOfInterest's and the entity set's topic, one payload
        for all three, and to the ``$select`` topics subscribed to."""
        selected = self.subscriptions
        header = self._header
        every = header("Observations")
        packets = []
        for new_id, row in zip(ids, rows, strict=True):
            payload = entity(new_id, row, root).encode()
            packets.append(publish_packet(header(f"Datastreams({row[0]})/Observations"),
                                          payload))
            packets.append(publish_packet(every, payload))
            if row[10] is not None:
                packets.append(publish_packet(
                    header(f"FeaturesOfInterest({row[10]})/Observations"), payload))
            if selected:
                packets.extend(_selections(selected, row, payload))
        if client.is_connected() and send_raw(client, PUBLISH, packets):
            return
        for packet in packets:
            topic, payload = _unpack(packet)
            client.publish(topic, payload, qos=0)

    def _header(self, base: str) -> bytes:
        headers = self._headers
        found = headers.get(base)
        if found is None:
            if len(headers) > 100_000:
                headers.clear()
            found = headers[base] = topic_header(topics.PREFIX + base)
        return found


def _selections(selected: receive.Subscriptions, row: Row, payload: bytes) -> list[bytes]:
    """The packets of one new observation on the ``$select`` topics subscribed to."""
    chosen = [*selected.at("Observations"), *selected.at(f"Datastreams({row[0]})/Observations")]
    if row[10] is not None:
        chosen += selected.at(f"FeaturesOfInterest({row[10]})/Observations")
    if not chosen:
        return []
    whole = json.loads(payload)
    out = []
    for each in chosen:
        names = set(each.select)
        kept = {k: v for k, v in whole.items() if _name(k) in names}  # as the GET orders them
        out.append(publish_packet(topic_header(each.topic), json.dumps(kept).encode()))
    return out


def _name(key: str) -> str:
    """The ``$select`` name of a key of an entity's JSON."""
    if key == "@iot.id":
        return "id"
    return key.removesuffix("@iot.navigationLink")


def _unpack(packet: bytes) -> tuple[str, bytes]:
    """(topic, payload) of a packet of ``publish_packet``, for paho's own ``publish``."""
    at = 1
    while packet[at] & 0x80:  # the remaining length
        at += 1
    at += 1
    size = int.from_bytes(packet[at:at + 2], "big")
    topic = packet[at + 2:at + 2 + size].decode()
    return topic, packet[at + 2 + size + 1:]


def _wait_connected(client: Any, timeout: float = 5.0) -> None:
    # QoS 0 messages published before the connection is up are lost: give
    # a starting (or reconnecting) client a moment.
    deadline = time.monotonic() + timeout
    while not client.is_connected() and time.monotonic() < deadline:
        time.sleep(0.01)


publisher = Publisher()
