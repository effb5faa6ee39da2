"""paho-mqtt clients as CityLoop uses them: MQTT 5, the broker from ``MqttConfig``."""

from __future__ import annotations

import os
import socket
import uuid
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from cityloop.sensing.mqtt.config import MqttConfig

# How many QoS 1 messages the broker may send an ingest worker before it
# acknowledges any (MQTT 5 Receive Maximum). Acknowledgements wait for the
# batch's commit, so this bounds a batch; 65535 is the protocol's maximum.
RECEIVE_MAXIMUM = 65535


def _client(config: MqttConfig, client_id: str, *, manual_ack: bool = False) -> mqtt.Client:
    client = mqtt.Client(
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


def connect_publisher(config: MqttConfig) -> Any:
    """A throw-away session for publishing, connected in the background (it reconnects itself)."""
    client = _client(config, f"{config.client_id}-pub-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    client.connect_async(config.host, config.port, clean_start=True)
    client.loop_start()
    return client
