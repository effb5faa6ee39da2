"""Running ingest workers: in this process, as child processes, or in a thread.

``cityloop mqtt-ingest --workers N`` starts N processes (one per core is the
sensible most: each parses and stores on its own interpreter), each with a
stable client id, so a restarted worker resumes its session on the broker.
``start_in_thread`` is for ``cityloop serve --with-worker`` and the demo.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import IO, Any

from cityloop.catalogue import snapshot
from cityloop.geo import index
from cityloop.sensing import evaluation
from cityloop.sensing.mqtt.client import claim_client_id
from cityloop.sensing.mqtt.config import MqttConfig
from cityloop.sensing.mqtt.publisher import publisher
from cityloop.sensing.mqtt.subscriber import IngestWorker

log = logging.getLogger(__name__)
_held_ids: list[IO[str]] = []


def warm_up() -> None:
    """Build the in-memory indexes an alert needs (rules, areas, catalogue) before the first
    observation arrives, so that the first alert after a start is not the slow one."""
    try:
        evaluation.rule_index()
        snapshot.current()
        index.area_at(0.0, 0.0)
    except Exception:  # a database not migrated yet: the first batch will say so
        log.exception("warming up the ingest worker failed")


def run_worker(config: MqttConfig, client_id: str, *, batch_size: int, batch_seconds: float,
               on_start: Callable[[IngestWorker], None] | None = None) -> IngestWorker:
    """One worker in this process until SIGTERM or SIGINT; its counters at the end."""
    warm_up()
    worker = IngestWorker(config, client_id, batch_size=batch_size, batch_seconds=batch_seconds)
    publisher.configure(config)
    publisher.start(timeout=5)  # follow $select subscriptions from now on
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: worker.stop())
    if on_start:
        on_start(worker)
    try:
        worker.run()
    finally:
        publisher.flush(timeout=5)
        publisher.close()
    return worker


def run_children(argv: list[str], workers: int, say: Callable[[str], None]) -> int:
    """``workers`` copies of this command; each claims the lowest free client id."""
    children: list[subprocess.Popen[bytes]] = []
    stopping = threading.Event()

    def stop(*_: Any) -> None:
        stopping.set()
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)

    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, stop)
    for _ in range(workers):
        children.append(subprocess.Popen(  # noqa: S603 - our own command line
            [sys.executable, "-m", "cityloop", "mqtt_ingest", *argv],
            env=dict(os.environ),
        ))
    say(f"started {workers} MQTT ingest workers: pids "
        f"{', '.join(str(c.pid) for c in children)}")
    codes = [child.wait() for child in children]
    return max(codes, default=0) if not stopping.is_set() else 0


def start_in_thread(config: MqttConfig, *, batch_size: int = 5000,
                    batch_seconds: float = 0.05) -> tuple[IngestWorker, threading.Thread]:
    """A worker on a thread of this process (``serve --with-worker``, the demo).

    Stop it with ``worker.stop()`` then ``thread.join()``.
    """
    publisher.configure(config)
    publisher.start(timeout=0)
    client_id, lock = claim_client_id(config)
    _held_ids.append(lock)  # held until the process exits
    worker = IngestWorker(config, client_id, batch_size=batch_size,
                          batch_seconds=batch_seconds)
    thread = threading.Thread(target=worker.run, name="cityloop-mqtt-ingest", daemon=True)
    thread.start()
    return worker, thread
