from __future__ import annotations

import signal
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser

from cityloop.management import CityloopCommand
from cityloop.worker.loop import Worker


class Command(CityloopCommand):
    help = (
        "Send queued notifications, evaluate the sensor rules of the datastreams ingest "
        "queued, and run the periodic jobs (SLA sweep, automatic closing) until stopped. "
        "Run as many workers as you like: none ever sends the same message twice."
    )
    example = "cityloop worker --threads 8"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--threads", type=int, default=settings.WORKER_THREADS,
            help="Messages sent at once (default: CITYLOOP_WORKER_THREADS, %(default)s).",
        )
        parser.add_argument(
            "--poll", type=float, default=1.0,
            help="Seconds to wait when there is nothing to do (default %(default)s).",
        )
        parser.add_argument(
            "--once", action="store_true",
            help="Do what is due now, then exit (for cron or tests).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        worker = Worker(threads=options["threads"], poll=options["poll"])
        if options["once"]:
            done = worker.run_once()
            worker.close()
            self.stdout.write(f"handled {done} messages and jobs")
            return
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: worker.stop())
        worker.run_forever()
