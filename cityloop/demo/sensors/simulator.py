"""The sensor simulator: the demo city's stations reporting once a simulated minute.

Observations travel the way a real device's would:

- over MQTT when ``settings.MQTT_URL`` is configured (``mqtt://host:port``):
  each reading published with QoS 1 to ``v1.1/Datastreams(id)/Observations``
  (OGC 18-088 §14.2.1), for the ingest workers to pick up;
- otherwise in-process, through ``cityloop.sensing.ingest.ingest`` — the
  same path HTTP and MQTT observations take, rollups and the rule queue
  included (the worker evaluates the rules and opens the alert cases).

The simulated clock starts ``backfill`` minutes ago and runs as fast as it
can until it has caught up with the wall clock (so a fresh demo already
has a few hours of data), then at ``speed`` simulated minutes per minute of
wall time (1: real time). Faster than 1 runs ahead of the clock, which the
rules accept (they judge data on its own time). The history is evaluated
minute by minute as it is replayed (``replay``), as if it had come live,
rather than once by the worker at its end.
"""

from __future__ import annotations

import json
import logging
import random
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections
from django.db.models import Max
from django.utils import timezone

from cityloop.demo.sensors.network import build_network, station_streams
from cityloop.demo.sensors.physics import City, Incident
from cityloop.sensing import rulequeue
from cityloop.sensing.ingest import ingest
from cityloop.sensing.ingest.parse import ObservationIn
from cityloop.sensing.models import LatestObservation
from cityloop.sensing.mqtt.client import connect_publisher
from cityloop.sensing.mqtt.config import configured
from cityloop.sensing.mqtt.topics import observations_of

log = logging.getLogger(__name__)
Reading = tuple[int, datetime, float]  # datastream id, phenomenon time, result
Publish = Callable[[list[Reading]], None]


@dataclass
class Simulator:
    streams: dict[str, int]  # station key -> datastream id
    clock: datetime
    seed: int | None = None
    rate: float = 1.0  # incident frequency multiplier
    city: City = field(init=False)

    def __post_init__(self) -> None:
        self.clock = self.clock.replace(second=0, microsecond=0)
        self.city = City(random.Random(self.seed), rate=self.rate)

    def incident(self, kind: str, station: str = "") -> Incident:
        """Start an incident now (the demo starts with one, tests force theirs)."""
        return self.city.start_incident(kind, self.clock, station)

    def step(self) -> list[Reading]:
        """The readings of the current minute; the clock moves on a minute."""
        values = self.city.minute(self.clock)
        readings = [
            (self.streams[key], self.clock, value)
            for key, value in values.items()
            if value is not None and key in self.streams
        ]
        self.clock += timedelta(minutes=1)
        return readings


def in_process(readings: list[Reading]) -> None:
    if readings:
        # Replayed history is "received" when it happened, so that alert cases
        # carry the time of their data; live data when it arrives.
        received = min(timezone.now(), max(at for _ds, at, _v in readings))
        ingest([ObservationIn(datastream_id=ds, phenomenon_time=at, phenomenon_time_end=None,
                              result=value) for ds, at, value in readings],
               received_at=received)


def replay(readings: list[Reading]) -> None:
    """A minute of history: ingested, then its rules evaluated at once, as they were when
    it happened (the queue coalesces: drained only at the end, two hours of data would
    look like their last minute, and an alert that came and went would not be there)."""
    in_process(readings)
    rulequeue.drain("demo-history")


class MqttPublisher:
    """Publishes like a device: one JSON observation per message, QoS 1."""

    def __init__(self) -> None:
        config = configured()
        if config is None:
            raise RuntimeError("MQTT is not configured")
        self.client = connect_publisher(config)

    def __call__(self, readings: list[Reading]) -> None:
        for ds, at, value in readings:
            body = json.dumps({"phenomenonTime": at.isoformat(), "result": value})
            self.client.publish(observations_of(ds), body, qos=1)

    def close(self) -> None:
        self.client.loop_stop()
        self.client.disconnect()


def publisher(*, evaluate: bool = False) -> tuple[Publish, Callable[[], None]]:
    """Where readings go (MQTT if configured, else in-process) and how to close it.

    ``evaluate``: in-process readings have their rules evaluated at once
    (``replay``), for a command that runs without a worker."""
    if settings.MQTT_URL:
        try:
            mqtt = MqttPublisher()
            return mqtt, mqtt.close
        except Exception as exc:  # broker settings wrong: still show the demo
            log.warning("simulator: MQTT unavailable (%s); ingesting in-process", exc)
    return (replay if evaluate else in_process), lambda: None


@dataclass
class Handle:
    """A running simulator: ``stop()`` ends it after the minute in progress."""

    thread: threading.Thread
    stopping: threading.Event
    simulator: Simulator

    def stop(self, timeout: float = 30.0) -> None:
        self.stopping.set()
        self.thread.join(timeout)


def run(sim: Simulator, publish: Publish, *, speed: float = 1.0, minutes: int | None = None,
        stopping: threading.Event | None = None, now: Callable[[], datetime] = timezone.now
        ) -> int:
    """Step the simulator, publishing each minute; how many minutes it ran."""
    stopping = stopping or threading.Event()
    done = 0
    while not stopping.is_set() and (minutes is None or done < minutes):
        ahead = (sim.clock - now()).total_seconds()
        if ahead > 0 and speed > 0:
            # Caught up: pace the clock (speed 1 waits for the minute to come).
            stopping.wait(min(ahead, 60.0) if speed == 1 else 60.0 / speed)
            if stopping.is_set():
                break
        try:
            publish(sim.step())
        except Exception:  # a database hiccup must not end the demo
            log.exception("simulator: publishing failed")
            close_old_connections()
        done += 1
    return done


def start_simulator(*, speed: float = 1.0, backfill: int = 120, seed: int | None = None,
                    rate: float = 1.0, incidents: Iterable[str] = ("storm", "pipe_burst"),
                    build: bool = True) -> Handle:
    """Build the sensor network (idempotent) and run the simulator in a daemon thread.

    ``backfill``: minutes of history to simulate first; ``incidents``: what
    happens at the start (so alerts and cases appear soon after the demo opens).
    """
    streams = build_network().datastreams if build else station_streams()
    start = resume_at(streams, timezone.now() - timedelta(minutes=backfill))
    sim = Simulator(streams, start, seed=seed, rate=rate)
    for kind in incidents:
        sim.incident(kind)
    # The history first, in this thread: the worker's silence sweep must not
    # see the network before it has data.
    run(sim, replay, speed=0, minutes=max(0, round((timezone.now() - start) / MINUTE)))
    stopping = threading.Event()

    def work() -> None:
        publish, close = publisher()
        try:
            run(sim, publish, speed=speed, stopping=stopping)
        finally:
            close()
            connections.close_all()

    thread = threading.Thread(target=work, name="cityloop-sensor-simulator", daemon=True)
    thread.start()
    return Handle(thread, stopping, sim)


MINUTE = timedelta(minutes=1)


def resume_at(streams: dict[str, int], earliest: datetime) -> datetime:
    """Where the simulated clock starts: ``earliest``, or the minute after the network's
    newest reading if that is later (a demo started again does not simulate twice the
    minutes it has data for)."""
    newest = LatestObservation.objects.filter(
        datastream_id__in=list(streams.values())).aggregate(at=Max("phenomenon_time"))["at"]
    if newest is None:
        return earliest
    return max(earliest, newest.replace(second=0, microsecond=0) + MINUTE)


def describe(sim: Simulator) -> list[dict[str, Any]]:
    """The incidents running now, for the command's output."""
    return [{"kind": i.kind, "station": i.station, "start": i.start.isoformat(),
             "minutes": i.minutes} for i in sim.city.incidents]


__all__ = ["Handle", "Simulator", "run", "start_simulator"]
