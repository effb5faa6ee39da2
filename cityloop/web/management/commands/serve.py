from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from cityloop.management import CityloopCommand
from cityloop.web.server import ServeOptions, bounded, port_number, serve


class Command(CityloopCommand):
    help = (
        "Serve the web application (citizen pages, staff console, Open311 API) with the "
        "waitress WSGI server. With --with-worker, the worker runs in the same process to "
        "send notifications and run the SLA sweeps. Stops cleanly on SIGTERM or Ctrl+C."
    )
    example = "cityloop serve --host 0.0.0.0 --port 8000 --threads 8 --with-worker"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1",
                            help="Address to listen on (default %(default)s; 0.0.0.0 for all).")
        parser.add_argument("--port", type=port_number, default=8000,
                            help="Port to listen on (default %(default)s).")
        parser.add_argument("--threads", type=bounded(1, 256), default=8,
                            metavar="N", help="Requests handled at once (default %(default)s).")
        parser.add_argument("--with-worker", action="store_true",
                            help="Also run the worker (notifications, periodic jobs).")

    def handle(self, *args: Any, **options: Any) -> None:
        serve(
            ServeOptions(options["host"], options["port"], options["threads"],
                         options["with_worker"]),
            say=self._say,
        )

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
