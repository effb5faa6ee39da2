"""A private Mosquitto for each test, so the tests never disturb the shared broker.

Each broker listens on a free port of 127.0.0.1 with persistence in a
temporary directory, so a test can stop and restart it and see what it
kept. The tests skip when the ``mosquitto`` binary is not installed.
"""

from __future__ import annotations

import getpass
import json
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import pytest
from django.db import OperationalError

from cityloop.sensing.models import Thing
from cityloop.sensing.mqtt.config import MqttConfig
from cityloop.sensing.mqtt.publisher import publisher
from cityloop.sensing.mqtt.subscriber import IngestWorker
from tests.sensing.ingest.conftest import Network, make_network

MOSQUITTO = shutil.which("mosquitto") or (
    "/usr/sbin/mosquitto" if Path("/usr/sbin/mosquitto").exists() else None)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Broker:
    directory: Path
    port: int = field(default_factory=_free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def config(self, **options: Any) -> MqttConfig:
        return MqttConfig.from_url(self.url, **options)

    def start(self) -> None:
        conf = self.directory / "mosquitto.conf"
        # ``user``: started as root, mosquitto would otherwise switch to the
        # mosquitto user, who may not write to the test's directory.
        conf.write_text(
            f"user {getpass.getuser()}\n"
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence true\n"
            f"persistence_location {self.directory}/\nlog_dest file {self.directory}/log.txt\n"
            # As docs/deploy.md asks: the broker tells CityLoop who subscribes to what
            # (``$SYS/broker/log/M/subscribe``), for the topics it cannot publish blindly.
            "log_dest topic\nlog_type subscribe\nlog_type unsubscribe\n"
            "log_type error\nlog_type warning\nlog_type notice\n"
        )
        assert MOSQUITTO is not None
        self.process = subprocess.Popen([MOSQUITTO, "-c", str(conf)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("mosquitto did not start")

    def stop(self) -> None:
        # SIGTERM: mosquitto writes its persistence file (sessions, queued messages) on exit.
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture
def broker(tmp_path: Path) -> Iterator[Broker]:
    if MOSQUITTO is None:
        pytest.skip("mosquitto is not installed")
    running = Broker(tmp_path)
    running.start()
    yield running
    running.stop()


@pytest.fixture
def mqtt_network(transactional_db: None) -> Iterator[Network]:
    """The ingest tests' network, committed: the workers run on threads of their own.
    Its Things are public: only public Things' observations are published."""
    network = make_network()
    Thing.objects.update(properties={"public": True})
    yield network
    publisher.configure(None)


class Device:
    """A device publishing SensorThings observations at QoS 1 (§14.1 create)."""

    def __init__(self, broker: Broker, client_id: str = ""):
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id,
                                  protocol=mqtt.MQTTv311)
        self.client.connect("127.0.0.1", broker.port)
        self.client.loop_start()

    def send(self, topic: str, observations: list[dict[str, Any]]) -> None:
        """Publish each observation and wait until the broker has acknowledged all of them."""
        infos = [self.client.publish(topic, json.dumps(o), qos=1) for o in observations]
        for info in infos:
            info.wait_for_publish(timeout=10)
            assert info.is_published()

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


class Listener:
    """A subscriber to new observations (§14.1 receive), collecting the JSON it gets
    (``received``) and the topics it came on (``topics``)."""

    def __init__(self, broker: Broker, topic: str):
        self.received: list[dict[str, Any]] = []
        self.topics: list[str] = []
        self.ready = threading.Event()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv311)
        self.client.on_message = self._take
        self.client.on_subscribe = lambda *args: self.ready.set()
        self.client.on_connect = lambda c, *args: c.subscribe(topic, qos=1)
        self.client.connect("127.0.0.1", broker.port)
        self.client.loop_start()
        assert self.ready.wait(10)

    def _take(self, client: Any, userdata: Any, message: Any) -> None:
        self.topics.append(message.topic)
        self.received.append(json.loads(message.payload))

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()


class RunningWorker:
    def __init__(self, worker: IngestWorker):
        self.worker = worker
        self.thread = threading.Thread(target=worker.run, daemon=True)
        self.thread.start()
        assert worker.wait_connected(10), "the ingest worker did not connect"

    def stop(self) -> None:
        self.worker.stop()
        self.thread.join(timeout=20)
        assert not self.thread.is_alive()


def start_worker(broker: Broker, client_id: str = "cityloop-test-ingest", **options: Any
                 ) -> RunningWorker:
    """A worker on a thread, publishing new observations as ``cityloop mqtt-ingest`` does."""
    config = broker.config()
    publisher.configure(config)
    return RunningWorker(IngestWorker(config, client_id, **options))


def wait_for(condition: Any, timeout: float = 30.0) -> bool:
    """Poll until ``condition()`` holds (not a timing assertion: a bound on waiting).

    The SQLite test database lives in memory, shared between threads with
    table locks: a read that meets a worker's write is simply tried again.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return True
        except OperationalError:
            pass
        time.sleep(0.05)
    return False
