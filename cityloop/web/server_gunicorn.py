"""``cityloop serve`` on gunicorn, run from Python so that serving stays one command.

The master is this process: Django is set up and the application loaded
here, then the web processes are forked from it. Hooks do what a
configuration file would: freeze the start-up objects before each fork,
close database connections so no child inherits one, start the one worker
process when asked and stop it last, and tell prometheus_client when a web
process has gone. See ``cityloop.web.server`` for the serving facts.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

from gunicorn.app.base import BaseApplication

from cityloop.sensing.mqtt.publisher import publisher
from cityloop.web.server_options import ServeOptions, serving_line

log = logging.getLogger(__name__)
WORKER_STOP_SECONDS = 15.0
WORKER_RESTART_SECONDS = 5.0


class CompanionWorker:
    """``cityloop worker`` in a process of its own, restarted if it dies, stopped last.

    A process rather than a thread of the master: the master forks web
    processes (at start and whenever one must be replaced), and forking while
    another thread runs Django code can leave a child holding a lock nobody
    will release. The watching thread only waits on the process.
    """

    def __init__(self, say: Callable[[str], None]):
        self.say = say
        self.stopping = threading.Event()
        self.process: subprocess.Popen[bytes] | None = None
        self._thread = threading.Thread(target=self._watch, name="cityloop-worker-watch",
                                        daemon=True)

    def start(self) -> None:
        self._spawn()
        self._thread.start()

    def _spawn(self) -> None:
        # The environment carries the data directory, the database and the
        # address for links (use_address_for_links) to the worker.
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cityloop", "worker"], env=dict(os.environ),
        )

    def _watch(self) -> None:
        while not self.stopping.is_set():
            process = self.process
            if process is None:
                return
            process.wait()
            if self.stopping.wait(WORKER_RESTART_SECONDS):
                return
            log.error("the worker process exited (status %s); starting it again",
                      process.returncode)
            self._spawn()

    def stop(self) -> None:
        self.stopping.set()
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(WORKER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            log.warning("the worker did not stop within %.0f s; killing it",
                        WORKER_STOP_SECONDS)
            process.kill()
            process.wait()


class CityLoopGunicorn(BaseApplication):
    def __init__(self, application: Any, config: dict[str, Any]):
        self.application = application
        self.config = config
        super().__init__(prog="cityloop serve")

    def load_config(self) -> None:
        for key, value in self.config.items():
            if key in self.cfg.settings:  # a setting this gunicorn does not have is skipped
                self.cfg.set(key, value)

    def load(self) -> Any:
        return self.application


def gunicorn_config(options: ServeOptions, say: Callable[[str], None], links: str
                    ) -> dict[str, Any]:
    companion = CompanionWorker(say) if options.with_worker else None
    host = f"[{options.host}]" if ":" in options.host else options.host

    def when_ready(server: Any) -> None:
        if companion is not None:
            companion.start()
        say(serving_line(options, links, worker=companion is not None))

    def pre_fork(server: Any, worker: Any) -> None:
        from django.db import connections

        connections.close_all()  # a connection shared by two processes corrupts both
        # Start-up objects live as long as the process: out of the collector's
        # full passes (which showed as the slowest requests), and left on
        # shared pages after the fork instead of being copied by a pass.
        gc.collect()
        gc.freeze()

    def post_fork(server: Any, worker: Any) -> None:
        # Each web process publishes its own changes and must follow the broker's
        # news of $select subscriptions from its start (sensing.mqtt.receive).
        publisher.start(timeout=0)

    def child_exit(server: Any, worker: Any) -> None:
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)

    def on_exit(server: Any) -> None:
        if companion is not None:
            companion.stop()

    return {
        "bind": [f"{host}:{options.port}"],
        "workers": options.workers,
        "threads": options.threads,
        "worker_class": "gthread",
        "proc_name": "cityloop",
        # The longest request line gunicorn takes (its default is half): Open311
        # clients ask for many service_request_ids in one query string.
        "limit_request_line": 8190,
        # Several servers may run on one machine; gunicorn's control socket
        # (one fixed path per user) is not used by CityLoop.
        "control_socket_disable": True,
        "when_ready": when_ready,
        "pre_fork": pre_fork,
        "post_fork": post_fork,
        "child_exit": child_exit,
        "on_exit": on_exit,
    }


def serve_gunicorn(application: Any, options: ServeOptions, say: Callable[[str], None],
                   links: str) -> None:
    """Serve until SIGTERM or SIGINT; returns once the web processes and worker stopped."""
    app = CityLoopGunicorn(application, gunicorn_config(options, say, links))
    master = os.getpid()
    try:
        app.run()
    except SystemExit as exc:
        # gunicorn ends its master with sys.exit(0) after an orderly stop; a web
        # process (forked inside run()) ends the same way and must go on ending.
        if os.getpid() != master or exc.code not in (0, None):
            raise
