from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from cityloop.demo.city import build_city
from cityloop.demo.history.generator import DEFAULT_SEED, generate, has_history
from cityloop.demo.history.plan import SIZES
from cityloop.demo.history.wipe import wipe_history
from cityloop.demo.participation.build import generate as generate_participation
from cityloop.demo.participation.build import has_participation, wipe_participation
from cityloop.demo.sensors.live import start_demo_sensors
from cityloop.demo.staff import ensure_staff, summary
from cityloop.demo.warnings import load_templates, past_warning, river_trigger
from cityloop.management import CityloopCommand
from cityloop.triage.classifier.training import ensure_model
from cityloop.web.server import port_number, refuse_a_port_in_use, serve, use_address_for_links
from cityloop.web.server_options import ServeOptions

HOST = "127.0.0.1"


class Command(CityloopCommand):
    help = (
        "Set up the demo city Jiangcheng (江城): its districts and streets, the default "
        "catalogue, departments on three levels, staff accounts with every role, an Open311 "
        "client, a year of realistic synthetic history (hotspots, storms, ratings, "
        "reopened and overdue cases), and residents taking part (a district budget, "
        "proposals, a map survey). Then serve it, web and worker in one process. "
        "Running it again keeps the history unless --reset is given."
    )
    example = "cityloop --data-dir ./demo demo --size full --port 8080"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--size", choices=list(SIZES), default="small",
                            help="small: 1,500 cases, ready in under half a minute; full: "
                                 "20,000 cases, about four minutes (default %(default)s).")
        parser.add_argument("--no-serve", action="store_true",
                            help="Set up and exit instead of serving.")
        parser.add_argument("--port", type=port_number, default=8000,
                            help="Port to serve on at 127.0.0.1 (default %(default)s).")
        parser.add_argument("--reset", action="store_true",
                            help="Delete every case and the demo's participation, and "
                                 "generate them again.")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help="Seed of the synthetic history; the same seed gives the "
                                 "same history (default %(default)s).")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        if not options["no_serve"]:
            self._port_is_free(options["port"])
        # Before the history: its messages carry links, and so do the pages served.
        links = use_address_for_links(HOST, options["port"])
        self._say(f"Setting up the demo city in {settings.DATA_DIR}")
        call_command("migrate", interactive=False, verbosity=0)
        city = build_city()
        levels = ", ".join(f"{n} on level {level}" for level, n in city.departments.items())
        self._say(f"  areas: {city.areas.get('city', 0)} city, {city.areas.get('district', 0)} "
                  f"districts, {city.areas.get('street', 0)} streets; "
                  f"{city.categories} service categories; {city.places} places; "
                  f"departments: {levels}")
        logins = ensure_staff(settings.DATA_DIR)
        self._say(f"  {len(logins.accounts)} staff accounts and the Open311 demo client")
        self._history(options)
        self._participation(options)
        templates = load_templates()
        past_warning()
        self._say(f"  warnings: {templates} templates, one past warning")
        # Trained after the history, so the city's own cases count as labels
        # and the demo suggests categories with the model from the start.
        version = ensure_model(progress=lambda line: self._say(f"  triage: {line}"))
        self._say(f"  triage model: {version}")
        self._say(f"Ready in {time.monotonic() - started:.1f} s.\n")
        for line in summary(logins, links):
            self._say(line)
        if not options["no_serve"]:
            stop_sensors = start_demo_sensors(self._say)
            if river_trigger():
                self._say("  warnings: the river gauge over red proposes a flood warning")
            self._say("")
            try:
                # One process on waitress: the worker and the simulated sensors
                # run on its threads (why not gunicorn: cityloop.web.server).
                serve(ServeOptions(HOST, options["port"], threads=8, with_worker=True,
                                   server="waitress"), self._say)
            finally:
                stop_sensors()

    def _history(self, options: dict[str, Any]) -> None:
        if has_history() and not options["reset"]:
            self._say("  history: kept (the database has cases already; --reset to regenerate)")
            return
        if options["seed"] < 0:
            raise CommandError("--seed must be 0 or more")
        if options["reset"]:
            self._say(f"  history: deleted {wipe_history():,} cases")
        report = generate(options["size"], seed=options["seed"], now=timezone.now(),
                          progress=self._say)
        self._say(f"  history: {report.cases:,} cases and {report.events:,} events "
                  f"in {report.seconds:.1f} s")
        outcomes = ("reject", "mark_duplicate", "forward", "rate", "reopen", "mark_overdue",
                    "escalate")
        self._say("    " + ", ".join(f"{name} {report.stats.get(name, 0):,}" for name in outcomes))

    def _participation(self, options: dict[str, Any]) -> None:
        if options["reset"]:
            wipe_participation()
        elif has_participation():
            self._say("  participation: kept")
            return
        report = generate_participation(seed=options["seed"], now=timezone.now())
        answered = ", ".join(f"{name} {n}" for name, n in sorted(report.answers.items()))
        self._say(f"  participation: {report.residents:,} verified residents, "
                  f"{report.ballots:,} budget ballots, {report.proposals} proposals with "
                  f"{report.supports:,} supports, {report.responses} survey responses "
                  f"in {report.seconds:.1f} s")
        self._say(f"    {answered}")

    def _port_is_free(self, port: int) -> None:
        """Checked first: a busy port found after the set-up would waste it."""
        try:
            refuse_a_port_in_use(HOST, port)
        except ValueError as exc:
            raise CommandError(f"{exc}; choose another with --port") from None

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
