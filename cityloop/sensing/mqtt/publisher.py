"""Sending each new observation to ``v1.1/Datastreams(id)/Observations`` (§14.1 receive).

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
from cityloop.sensing.mqtt import topics
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
        self._queue: queue.SimpleQueue[tuple[list[int], list[Row]] | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._client: Any = None
        self.pending = 0
        self.dropped = 0
        self.sent = 0
        self._warned_at = 0.0
        self._headers: dict[int, bytes] = {}  # datastream -> its topic, encoded

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
        if not ids:
            return
        with self._lock:
            if self.pending + len(ids) > MAX_PENDING:
                self.dropped += len(ids)
                self._warn_dropped()
                return
            self.pending += len(ids)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, args=(config,),
                                                name="cityloop-mqtt-publisher", daemon=True)
                self._thread.start()
        self._queue.put((ids, rows))

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

    def _run(self, config: MqttConfig) -> None:
        client = connect_publisher(config)
        root = json.dumps(settings.PUBLIC_URL.rstrip("/") + "/sta/v1.1")[1:-1]
        try:
            while True:
                batch = self._queue.get()
                if batch is None:
                    return
                ids, rows = batch
                _wait_connected(client)
                try:
                    self._send(client, ids, rows, root)
                    self.sent += len(ids)
                except Exception:  # a broken connection must not end the thread
                    log.exception("publishing %d observations over MQTT failed", len(ids))
                finally:
                    with self._lock:
                        self.pending -= len(ids)
        finally:
            client.disconnect()
            client.loop_stop()


    def _send(self, client: Any, ids: list[int], rows: list[Row], root: str) -> None:
        """The batch as QoS 0 PUBLISH packets, written in a few writes (``send_raw``) when
        connected; else (or with a paho that cannot) one ``publish`` each, as paho does
        (it drops QoS 0 messages while disconnected)."""
        if client.is_connected():
            headers = self._headers
            packets = []
            for new_id, row in zip(ids, rows, strict=True):
                header = headers.get(row[0])
                if header is None:
                    if len(headers) > 100_000:
                        headers.clear()
                    header = headers[row[0]] = topic_header(topics.observations_of(row[0]))
                packets.append(publish_packet(header, entity(new_id, row, root).encode()))
            if send_raw(client, PUBLISH, packets):
                return
        for new_id, row in zip(ids, rows, strict=True):
            client.publish(topics.observations_of(row[0]), entity(new_id, row, root), qos=0)


def _wait_connected(client: Any, timeout: float = 5.0) -> None:
    # QoS 0 messages published before the connection is up are lost: give
    # a starting (or reconnecting) client a moment.
    deadline = time.monotonic() + timeout
    while not client.is_connected() and time.monotonic() < deadline:
        time.sleep(0.01)


publisher = Publisher()
