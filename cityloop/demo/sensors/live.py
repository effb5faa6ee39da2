"""The sensor network of ``cityloop demo``: started beside the web server, stopped with it.

With ``CITYLOOP_MQTT_URL`` set, the simulated stations publish over MQTT
like real devices, and an ingest worker on a thread of the demo process
takes their messages (other ``cityloop mqtt-ingest`` workers on the same
broker share the subscription); without it, readings go straight into
ingest. Either way the last two hours are simulated first (only the minutes
without data, when the demo starts again), a storm and a burst water main
included, so alerts and sensor cases are there at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings

from cityloop.demo.sensors.simulator import start_simulator
from cityloop.sensing.mqtt.config import configured
from cityloop.sensing.mqtt.service import start_in_thread

log = logging.getLogger(__name__)


def start_demo_sensors(say: Callable[[str], None], *, backfill: int = 120
                       ) -> Callable[[], None]:
    """Start the simulated sensor network (and an MQTT ingest worker when MQTT is on);
    returns what stops them. A failure is reported and leaves the rest of the demo running."""
    stops: list[Callable[[], None]] = []
    try:
        stops.append(_mqtt_ingest(say))
        handle = start_simulator(backfill=backfill)
    except Exception as exc:
        log.exception("demo sensors did not start")
        say(f"  sensors: not started ({exc})")
        return _all(stops)
    streams = len(handle.simulator.streams)
    incidents = ", ".join(sorted({i.kind for i in handle.simulator.city.incidents})) or "none"
    route = "over MQTT" if _mqtt_on() else "in-process"
    say(f"  sensors: {streams} datastreams reporting every minute {route} "
        f"(up to {backfill} minutes of history filled in; incidents: {incidents})")
    stops.insert(0, handle.stop)
    return _all(stops)


def _mqtt_on() -> bool:
    return bool(settings.MQTT_URL)


def _mqtt_ingest(say: Callable[[str], None]) -> Callable[[], None]:
    """An ingest worker on a thread, when MQTT is configured; what stops it."""
    config = configured()
    if config is None:
        return lambda: None
    worker, thread = start_in_thread(config)
    say(f"  MQTT: ingest worker subscribed at {config.host}:{config.port}")

    def stop() -> None:
        worker.stop()
        thread.join(10)

    return stop


def _all(stops: list[Callable[[], None]]) -> Callable[[], None]:
    def stop() -> None:
        for each in stops:
            try:
                each()
            except Exception:  # stopping the demo: one failure must not keep the rest up
                log.exception("stopping the demo sensors")

    return stop
