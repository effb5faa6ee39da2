"""paho-mqtt clients as CityLoop uses them: MQTT 5, the broker from ``MqttConfig``."""

from __future__ import annotations

import fcntl
import itertools
import os
import socket
import tempfile
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from cityloop.sensing.mqtt.config import MqttConfig
from cityloop.sensing.mqtt.topics import ECHO_MARK

# How many QoS 1 messages the broker may send an ingest worker before it
# acknowledges any (MQTT 5 Receive Maximum). Acknowledgements wait for the
# batch's commit, so this bounds a batch; 65535 is the protocol's maximum.
RECEIVE_MAXIMUM = 65535


class _BufferedSocket:
    """A connection's socket, read 64 KiB at a time.

    paho reads each packet with three ``recv`` calls (its first byte, its
    length, the rest) and a ``select`` before each packet: at thousands of
    messages a second, most of an ingest worker's network thread. Here one
    ``recv`` takes everything the kernel has, later ones are served from that;
    ``pending`` (which paho asks of SSL sockets too) tells paho's loop to read
    on without waiting in ``select`` while bytes are left. Everything else is
    the socket's own.
    """

    def __init__(self, sock: Any):
        self._sock = sock
        self._buffer = b""
        self._at = 0

    def recv(self, size: int) -> bytes:
        if self._at >= len(self._buffer):
            data = self._sock.recv(max(size, 65536))  # BlockingIOError, EOF: as paho expects
            if len(data) <= size:
                return bytes(data)
            self._buffer, self._at = data, 0
        at = self._at
        self._at = at + size
        return self._buffer[at:at + size]

    def pending(self) -> int:
        inner = self._sock.pending() if hasattr(self._sock, "pending") else 0
        return max(0, len(self._buffer) - self._at) + inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._sock, name)


def _decode_publish(data: bytes | bytearray, qos: int) -> tuple[int, str, bytes] | None:
    """(packet id, topic, payload) of an MQTT 5 PUBLISH after its fixed header (§3.3.2);
    None for a topic alias or a topic that is not UTF-8 (paho's way then)."""
    size = int.from_bytes(data[:2], "big")
    if not size:
        return None
    try:
        topic = data[2:2 + size].decode()
    except UnicodeDecodeError:
        return None
    at = 2 + size
    mid = 0
    if qos:
        mid = int.from_bytes(data[at:at + 2], "big")
        at += 2
    length = shift = 0
    while True:  # the properties' length, a variable byte integer
        byte = data[at]
        at += 1
        length |= (byte & 0x7F) << shift
        if not byte & 0x80:
            break
        shift += 7
    return mid, topic, bytes(data[at + length:])


class _IngestClient(mqtt.Client):
    """paho's client for an ingest worker, which receives thousands of messages a second:

    - over a ``_BufferedSocket``, reading up to ``READ_BURST`` packets per turn of its
      loop;
    - dropping CityLoop's own copies of new observations (QoS 0, ``topics.ECHO_MARK``,
      see ``topics``) before paho decodes them: they come back on the topics the workers
      subscribe to, as many as the devices' messages, and the worker would drop them
      anyway (``IngestWorker._on_message``), after paho spent on each a third of what
      a message costs the worker.

    - handing every other QoS 0 or 1 message to ``on_publish_raw`` (mid, QoS, topic,
      payload), when set, as decoded here: paho's own decoding (its ``Properties`` and
      ``MQTTMessage`` objects, matching the topic against callbacks the worker does not
      use) was half of the rest. With manual acknowledgement paho does nothing else
      for such a message; anything else (QoS 2, a topic alias, a topic that is not
      UTF-8) takes paho's way to ``on_message``.

    These override paho methods that are not public API (``_create_socket``,
    ``_handle_publish``); with a paho that has neither, this is paho's client as it is.
    """

    READ_BURST = 500
    on_publish_raw: Callable[[int, int, str, bytes], None] | None = None

    def _handle_publish(self) -> mqtt.MQTTErrorCode:
        packet = self._in_packet
        header, data = packet["command"], packet["packet"]
        qos = (header & 0x06) >> 1
        if not qos and ECHO_MARK in data:
            return mqtt.MQTTErrorCode.MQTT_ERR_SUCCESS  # QoS 0: nothing to acknowledge
        hook = self.on_publish_raw
        if hook is not None and qos < 2 and self._manual_ack and self._protocol == mqtt.MQTTv5:
            decoded = _decode_publish(data, qos)
            if decoded is not None:
                hook(decoded[0], qos, decoded[1], decoded[2])
                return mqtt.MQTTErrorCode.MQTT_ERR_SUCCESS
        return super()._handle_publish()

    def _create_socket(self) -> Any:
        return _BufferedSocket(super()._create_socket())

    def loop_read(self, max_packets: int = 1) -> mqtt.MQTTErrorCode:
        rc = super().loop_read(max_packets)
        for _ in range(self.READ_BURST):
            sock = self._sock
            if rc != mqtt.MQTTErrorCode.MQTT_ERR_SUCCESS or not isinstance(
                    sock, _BufferedSocket) or sock.pending() <= 0:
                break
            rc = super().loop_read(max_packets)
        return rc


def _client(config: MqttConfig, client_id: str, *, manual_ack: bool = False) -> mqtt.Client:
    kind = _IngestClient if manual_ack else mqtt.Client  # the ingest workers read a lot
    client = kind(
        mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5,
        manual_ack=manual_ack,
    )
    if config.username:
        client.username_pw_set(config.username, config.password)
    if config.tls:
        client.tls_set()
    client.reconnect_delay_set(min_delay=1, max_delay=30)
    return client


def ingest_client(config: MqttConfig, client_id: str) -> tuple[mqtt.Client, Properties]:
    """A subscriber that acknowledges by hand, with a session the broker keeps while away."""
    client = _client(config, client_id, manual_ack=True)
    properties = Properties(PacketTypes.CONNECT)
    properties.SessionExpiryInterval = config.session_expiry
    properties.ReceiveMaximum = RECEIVE_MAXIMUM
    return client, properties


def worker_client_id(config: MqttConfig, worker: int) -> str:
    """A stable id per host and worker number: a restarted worker resumes its own session."""
    return f"{config.client_id}-ingest-{socket.gethostname()}-{worker}"


class ClientIdInUse(Exception):
    """Another process on this machine is connected with this client id."""


def claim_client_id(config: MqttConfig, worker: int | None = None,
                    client_id: str | None = None) -> tuple[str, IO[str]]:
    """A client id no other process on this machine holds, and the lock that holds it.

    Two clients with one id take each other's session every second and store
    next to nothing; the broker (Mosquitto 2.0) just closes the socket, so the
    workers cannot tell that from a broker restart. A lock file per id settles
    it before connecting: without ``worker`` or ``client_id``, the lowest free
    number is taken (stable across restarts, so a restarted worker resumes its
    session); a given id or number that is taken is refused. The lock lasts as
    long as the returned file stays open (the process, in practice).
    """
    folder = Path(tempfile.gettempdir()) / "cityloop-mqtt"
    folder.mkdir(exist_ok=True)
    candidates: Iterable[str]
    if client_id:
        candidates = [client_id]
    elif worker is not None:
        candidates = [worker_client_id(config, worker)]
    else:
        candidates = (worker_client_id(config, n) for n in itertools.count())
    for candidate in candidates:
        handle = open(folder / f"{quote(candidate, safe='')}.lock", "w")  # noqa: SIM115
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            continue
        return candidate, handle
    taken = client_id or worker_client_id(config, worker or 0)
    raise ClientIdInUse(
        f"another process on this machine is connected with the MQTT client id {taken}; "
        "give each ingest worker its own --client-id, or run one command with --workers N")


def connect_publisher(config: MqttConfig, prepare: Callable[[Any], None] | None = None) -> Any:
    """A throw-away session for publishing, connected in the background (it reconnects itself);
    ``prepare(client)`` sets its callbacks before it connects."""
    client = _client(config, f"{config.client_id}-pub-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    if prepare is not None:
        prepare(client)
    client.connect_async(config.host, config.port, clean_start=True)
    client.loop_start()
    return client


# -- many packets in one write -------------------------------------------------------------
#
# paho sends each publish() or ack() as a packet of its own: a queue entry, a byte
# written to wake its network thread, a select() and a send() per packet. At thousands
# of messages a second that was most of an ingest worker's time. The two kinds of
# packet CityLoop sends by the thousand, QoS 0 PUBLISH (new observations to their
# subscribers) and PUBACK (a batch, after its commit), are simple enough to encode here
# (MQTT 5, §3.3 and §3.4), and paho takes any run of encoded packets as one entry of
# its outgoing queue, written in order with everything else on the connection. That
# entry point (``_packet_queue``) is paho's own, not public: without it (another paho),
# ``send_raw`` answers False and the callers fall back to ``publish`` / ``ack``.

PUBLISH, PUBACK = 0x30, 0x40
RAW_CHUNK = 64 * 1024  # bytes per queue entry: paho slices an entry on each partial write


def _remaining_length(n: int) -> bytes:
    out = bytearray()
    while True:
        n, digit = divmod(n, 128)
        out.append(digit | (128 if n else 0))
        if not n:
            return bytes(out)


def topic_header(topic: str) -> bytes:
    """The topic name and an empty property list of an MQTT 5 PUBLISH (QoS 0: no id)."""
    name = topic.encode()
    return len(name).to_bytes(2, "big") + name + b"\x00"


def publish_packet(header: bytes, payload: bytes) -> bytes:
    """One MQTT 5 PUBLISH at QoS 0, not retained; ``header`` from ``topic_header``."""
    return b"\x30" + _remaining_length(len(header) + len(payload)) + header + payload


def puback_packet(mid: int) -> bytes:
    """An MQTT 5 PUBACK with reason Success (which may be left out, §3.4.2.1)."""
    return b"\x40\x02" + mid.to_bytes(2, "big")


def send_raw(client: Any, command: int, packets: list[bytes]) -> bool:
    """Queue encoded packets of one kind on paho's connection, a few writes for all.
    False when this paho cannot (nothing was queued)."""
    queue = getattr(client, "_packet_queue", None)
    if queue is None:
        return False
    chunk: list[bytes] = []
    size = 0
    for packet in packets:
        chunk.append(packet)
        size += len(packet)
        if size >= RAW_CHUNK:
            _queue_chunk(queue, command, chunk)
            chunk, size = [], 0
    if chunk:
        _queue_chunk(queue, command, chunk)
    return True


def _queue_chunk(queue: Any, command: int, chunk: list[bytes]) -> None:
    if command == PUBLISH:
        # paho marks a QoS 0 PUBLISH entry published once written: it needs an info.
        queue(command, b"".join(chunk), 0, 0, mqtt.MQTTMessageInfo(0))
    else:
        queue(command, b"".join(chunk), 0, 1)
