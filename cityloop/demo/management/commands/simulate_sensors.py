from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from cityloop.cases.models import Case
from cityloop.demo.sensors.network import build_network
from cityloop.demo.sensors.physics import INCIDENTS
from cityloop.demo.sensors.simulator import Simulator, describe, publisher, run
from cityloop.management import CityloopCommand
from cityloop.sensing.rules.models import Alert


class Command(CityloopCommand):
    help = (
        "Run the demo city's simulated sensor network: river and rain gauges, air monitors, "
        "water-main pressure loggers and building tilt meters reporting every simulated "
        "minute, with storms, burst mains, dust episodes, creeping buildings and silent "
        "devices now and then. Readings go over MQTT when MQTT_URL is configured, else "
        "straight into ingest; rules turn alerts into cases as they happen. Builds the "
        "network, its rules and vital signs first (idempotent)."
    )
    example = "cityloop simulate-sensors --minutes 180 --speed 0 --start-ago 180 --incident storm"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--minutes", type=int, default=None,
                            help="Simulated minutes to run (default: until interrupted).")
        parser.add_argument("--speed", type=float, default=1.0,
                            help="Simulated minutes per minute of wall time; 1 is real time, "
                                 "0 as fast as possible (default %(default)s).")
        parser.add_argument("--start-ago", type=int, default=0, metavar="MINUTES",
                            help="Start the simulated clock this many minutes ago; the past "
                                 "runs as fast as possible (default %(default)s).")
        parser.add_argument("--incident", action="append", choices=INCIDENTS, default=[],
                            help="Start with this incident (repeatable).")
        parser.add_argument("--rate", type=float, default=1.0,
                            help="How often incidents happen, as a multiple of the usual "
                                 "(default %(default)s).")
        parser.add_argument("--seed", type=int, default=None,
                            help="Seed of the simulation; the same seed gives the same city.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["speed"] < 0 or options["rate"] < 0 or options["start_ago"] < 0:
            raise CommandError("--speed, --rate and --start-ago must be 0 or more")
        if options["minutes"] is not None and options["minutes"] < 1:
            raise CommandError("--minutes must be at least 1")
        network = build_network()
        self.stdout.write(f"Sensor network: {len(network.datastreams)} datastreams, "
                          f"{network.rules} rules, {network.indicators} vital signs.")
        sim = Simulator(network.datastreams,
                        timezone.now() - timedelta(minutes=options["start_ago"]),
                        seed=options["seed"], rate=options["rate"])
        for kind in options["incident"]:
            sim.incident(kind)
        alerts, cases = Alert.objects.count(), Case.objects.filter(channel="sensor").count()
        # In-process, this command evaluates the rules itself: no worker need run.
        publish, close = publisher(evaluate=True)
        try:
            ran = run(sim, publish, speed=options["speed"], minutes=options["minutes"])
        except KeyboardInterrupt:
            ran = -1
        finally:
            close()
        for incident in describe(sim):
            self.stdout.write(f"  incident: {incident['kind']} {incident['station']} from "
                              f"{incident['start']} for {incident['minutes']} min")
        self.stdout.write(
            f"Simulated {ran if ran >= 0 else 'some'} minutes; "
            f"{Alert.objects.count() - alerts} new alerts, "
            f"{Case.objects.filter(channel='sensor').count() - cases} new sensor cases.")
