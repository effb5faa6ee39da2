from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import CommandError, CommandParser

from cityloop.management import CityloopCommand
from cityloop.sensing.mqtt.client import ClientIdInUse, claim_client_id
from cityloop.sensing.mqtt.config import MqttConfig, configured
from cityloop.sensing.mqtt.service import run_children, run_worker


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


class Command(CityloopCommand):
    help = (
        "Take sensor observations from the MQTT broker (SensorThings topics v1.1/Observations "
        "and v1.1/Datastreams(id)/Observations) and store them in batches. Workers share one "
        "subscription, so run as many as you like, here or on other machines; each message is "
        "acknowledged once stored, so a restart of a worker or of the broker loses nothing. "
        "Stops cleanly on SIGTERM or Ctrl+C. The broker is CITYLOOP_MQTT_URL unless --url is "
        "given."
    )
    example = "cityloop mqtt-ingest --workers 2 --url mqtt://127.0.0.1:1883"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default=None,
                            help="Broker, mqtt://host:port (default: CITYLOOP_MQTT_URL).")
        parser.add_argument("--workers", type=_positive, default=1, metavar="N",
                            help="Worker processes to run (default %(default)s; one per core "
                                 "at most).")
        parser.add_argument("--batch", type=_positive, default=5000, metavar="N",
                            help="Most messages stored together (default %(default)s).")
        parser.add_argument("--batch-ms", type=_positive, default=50, metavar="MS",
                            help="Longest wait to fill a batch (default %(default)s ms).")
        parser.add_argument("--client-id", default=None,
                            help="MQTT client id of the worker (default: "
                                 "<CITYLOOP_MQTT_CLIENT_ID>-ingest-<host>-<number>, the "
                                 "lowest number no other worker on this machine holds).")
        # A fixed worker number (tests, or a supervisor that numbers its workers).
        parser.add_argument("--worker", type=int, default=None, help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        config = self._config(options["url"])
        if options["workers"] > 1:
            argv = ["--batch", str(options["batch"]), "--batch-ms", str(options["batch_ms"])]
            if options["url"]:
                argv += ["--url", options["url"]]
            code = run_children(argv, options["workers"], self._say)
            if code:
                raise CommandError(f"an ingest worker exited with status {code}")
            return
        try:
            client_id, _lock = claim_client_id(config, options["worker"], options["client_id"])
        except ClientIdInUse as exc:
            raise CommandError(str(exc)) from None
        worker = run_worker(
            config, client_id, batch_size=options["batch"],
            batch_seconds=options["batch_ms"] / 1000,
            on_start=lambda w: self._say(
                f"MQTT ingest worker {client_id} on {config.host}:{config.port}"),
        )
        c = worker.counters
        self._say(f"stopped: {c.stored} observations stored, {c.refused} refused, "
                  f"{c.batches} batches")

    def _config(self, url: str | None) -> MqttConfig:
        try:
            config = configured(url)
        except Exception as exc:
            raise CommandError(str(exc)) from None
        if config is None:
            raise CommandError("MQTT is off: set CITYLOOP_MQTT_URL or give --url mqtt://host:port")
        return config

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
