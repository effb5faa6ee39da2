from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError, CommandParser

from cityloop.management import CityloopCommand
from cityloop.web.server import SERVERS, bounded, port_number, serve
from cityloop.web.server_options import ServeOptions

# One: on SQLite (the default database) a second process made Open311 reports
# slower, both waiting on the one write lock (benchmarks/results/server.json).
DEFAULT_WORKERS = 1


class Command(CityloopCommand):
    help = (
        "Serve the web application (citizen pages, staff console, Open311 and SensorThings "
        "APIs) with gunicorn: --workers processes of --threads threads each. With "
        "--with-worker, one worker process beside them sends notifications and runs the "
        "periodic jobs. Links use CITYLOOP_PUBLIC_URL, else the address served on. Stops "
        "cleanly on SIGTERM or Ctrl+C."
    )
    example = "cityloop serve --host 0.0.0.0 --port 8000 --workers 4 --threads 4 --with-worker"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1",
                            help="Address to listen on (default %(default)s; 0.0.0.0 for all).")
        parser.add_argument("--port", type=port_number, default=8000,
                            help="Port to listen on (default %(default)s).")
        parser.add_argument("--workers", type=bounded(1, 64), default=None, metavar="N",
                            help=f"Web processes (default {DEFAULT_WORKERS}). On SQLite one "
                                 "is best: more wait on its single write lock. On PostgreSQL, "
                                 "one or two per core.")
        parser.add_argument("--threads", type=bounded(1, 256), default=4, metavar="N",
                            help="Requests each process handles at once (default %(default)s).")
        parser.add_argument("--with-worker", action="store_true",
                            help="Also run one worker process (notifications, periodic jobs).")
        parser.add_argument("--server", choices=SERVERS, default="gunicorn",
                            help="gunicorn (default), or waitress: one process, for "
                                 "systems without fork such as Windows.")

    def handle(self, *args: Any, **options: Any) -> None:
        workers = options["workers"]
        if workers is None:
            workers = DEFAULT_WORKERS if options["server"] == "gunicorn" else 1
        try:
            serve(
                ServeOptions(options["host"], options["port"], options["threads"],
                             options["with_worker"], workers, options["server"]),
                say=self._say,
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
