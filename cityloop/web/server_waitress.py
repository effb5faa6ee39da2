"""One process on waitress: the demo's server, with the worker on a thread.

Waitress answers HTTP on a thread pool while the worker
(``cityloop.worker.loop.Worker``) sends mail and runs the periodic jobs in a
background thread. SIGTERM or SIGINT stops both cleanly: the worker finishes
the sends in flight, waitress stops accepting and finishes its requests, and
the process exits with status 0, as process supervisors expect of an orderly
stop. Why this path is kept beside gunicorn: see ``cityloop.web.server``.
"""

from __future__ import annotations

import gc
import logging
import signal
import threading
from collections.abc import Callable
from types import FrameType
from typing import Any

from django.conf import settings
from waitress import wasyncore
from waitress.server import create_server

from cityloop.sensing.mqtt.publisher import publisher
from cityloop.web.server_options import ServeOptions, serving_line
from cityloop.worker.loop import Worker

log = logging.getLogger(__name__)
WORKER_JOIN_SECONDS = 15.0


class _Stop(KeyboardInterrupt):
    """Raised in the main thread by the signal handler: waitress's loop
    treats KeyboardInterrupt as "shut down", which is what we want."""


def serve_waitress(application: Any, options: ServeOptions, say: Callable[[str], None],
                   links: str) -> None:
    """Serve until SIGTERM or SIGINT; returns once everything has stopped."""
    # Everything loaded so far (Django, the apps, the catalogue) lives as long
    # as the process: keep it out of the collector's full passes, which
    # otherwise walk it all and show up as the slowest requests.
    gc.collect()
    gc.freeze()
    publisher.start(timeout=0)  # follow $select subscriptions from the start (mqtt.receive)
    server: Any = create_server(
        application, host=options.host, port=options.port, threads=options.threads,
        ident="CityLoop",
    )
    stopping = threading.Event()
    worker: Worker | None = None
    thread: threading.Thread | None = None

    def stop(signum: int, frame: FrameType | None) -> None:
        if stopping.is_set():
            return  # a second signal while stopping: already on the way out
        stopping.set()
        say(f"Stopping ({signal.Signals(signum).name})…")
        if worker is not None:
            worker.stop()
        raise _Stop

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        if options.with_worker:
            worker, thread = _start_worker()
        say(serving_line(options, links, worker=worker is not None))
        server.run()  # returns after _Stop, having shut down its request threads
    except _Stop:
        pass  # the signal arrived before waitress's loop started
    finally:
        _close(server)
        if worker is not None and thread is not None:
            worker.stop()
            thread.join(WORKER_JOIN_SECONDS)
            if thread.is_alive():
                log.warning("the worker did not stop within %.0f s", WORKER_JOIN_SECONDS)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _start_worker() -> tuple[Worker, threading.Thread]:
    worker = Worker(threads=settings.WORKER_THREADS)
    thread = threading.Thread(target=worker.run_forever, name="cityloop-worker", daemon=True)
    thread.start()
    return worker, thread


def _close(server: Any) -> None:
    """Close the listening sockets and any open connections."""
    try:
        server.task_dispatcher.shutdown(timeout=5)
    except Exception:  # already shut down by waitress's own handler
        log.debug("task dispatcher already stopped", exc_info=True)
    socket_map = getattr(server, "map", None) or getattr(server, "_map", None)
    if socket_map is not None:
        wasyncore.close_all(socket_map)
