"""Serving CityLoop: ``cityloop serve`` and ``cityloop demo``.

Serving facts (for docs/deploy.md; figures in benchmarks/results/):

- ``cityloop serve`` runs gunicorn (``cityloop.web.server_gunicorn``): one
  master and ``--workers N`` processes of ``--threads T`` threads each
  (gthread workers: keep-alive, and a long CreateObservations upload does
  not get its worker killed by the 30 s heartbeat). The application is
  loaded once in the master and forked, its start-up objects frozen out of
  the garbage collector first so that the processes share those pages.
- How many: on SQLite (the default), one process (the default): a second
  one made Open311 reports slower (both waiting on SQLite's one write lock)
  while bulk SensorThings ingest got faster. On PostgreSQL, one or two per
  core, 2–4 threads each. gunicorn's sync workers (no keep-alive) measured
  slowest on every figure.
- ``--with-worker`` runs ONE ``cityloop worker`` process beside the web
  processes, started, restarted if it dies, and stopped by the master
  (never one per web process). For more, run ``cityloop worker`` services.
- SIGTERM: the master stops accepting, lets requests in flight finish (up
  to 30 s), stops the worker (up to 15 s) and exits with status 0. SIGINT
  (Ctrl+C) does the same without waiting for requests.
- Behind a reverse proxy on the same machine, gunicorn trusts its
  ``X-Forwarded-Proto`` (https) from 127.0.0.1 and ::1 only.
- ``/healthz`` (liveness, no database), ``/readyz`` (database, migrations,
  worker heartbeat, outbox lag; 503 when one fails) and ``/metrics``
  (Prometheus; every web process summed through prometheus_client's
  multiprocess mode in ``DATA_DIR/metrics/<port>/``, emptied at start-up, or
  ``$PROMETHEUS_MULTIPROC_DIR`` when set: then clear it yourself at boot).
  See cityloop.web.health for who may read /metrics.
- Links in messages and APIs use ``CITYLOOP_PUBLIC_URL`` when it is set,
  else the address the server was started with (``--host``/``--port``).
- ``cityloop demo`` (and ``--server waitress``) serves on waitress in ONE
  process, with the worker and the simulated sensors on threads of it:
  forking web processes from a process already running threads is unsafe (a
  child can inherit a lock held by a thread that does not exist in it), and
  in one process waitress and gunicorn measured alike, within this shared
  machine's noise. Waitress is also the way where gunicorn cannot run
  (Windows).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from django.core.handlers.wsgi import WSGIHandler
from django.core.wsgi import get_wsgi_application

from cityloop.conf.datadir import require_secret_key
from cityloop.web.server_options import ServeOptions, url_of
from cityloop.web.server_waitress import serve_waitress

log = logging.getLogger(__name__)
SERVERS = ("gunicorn", "waitress")
WILDCARD_HOSTS = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}  # noqa: S104


def bounded(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``, with a clear refusal."""

    def parse(raw: str) -> int:
        try:
            value = int(raw)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{raw!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{value} is not between {low} and {high}")
        return value

    return parse


port_number = bounded(1, 65535)


def use_address_for_links(host: str, port: int) -> str:
    """Make links (messages, Open311, SensorThings) point at this server; the base used.

    ``CITYLOOP_PUBLIC_URL`` (from the environment or the data directory's
    settings.env, both read into the environment) wins: behind a proxy only
    the operator knows the public name. Otherwise links use the address the
    server listens on, a wildcard address being shown as the loopback one.
    The environment carries the choice to the processes started from here
    (the worker, which writes the links in emails).
    """
    from django.conf import settings

    if not os.environ.get("CITYLOOP_PUBLIC_URL"):
        settings.PUBLIC_URL = url_of(WILDCARD_HOSTS.get(host, host), port).rstrip("/")
        os.environ["CITYLOOP_PUBLIC_URL"] = settings.PUBLIC_URL
    return str(settings.PUBLIC_URL)


def prepare_metrics_dir(port: int) -> Path:
    """Turn on prometheus_client's multiprocess mode for this server and its children.

    Must run before any metric exists: prometheus_client picks how values are
    kept when the first one is made. A directory of our own (one per port, so
    two servers on one data directory do not share one) starts empty, as
    prometheus_client requires; one given in PROMETHEUS_MULTIPROC_DIR is the
    operator's, shared perhaps with other processes, and is left as it is.
    """
    from django.conf import settings
    from prometheus_client import values

    if "cityloop.metrics" in sys.modules:
        raise RuntimeError("metrics were created before serve() chose where they are kept")
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if given:
        path = Path(given)
    else:
        path = Path(settings.DATA_DIR) / "metrics" / str(port)
        shutil.rmtree(path, ignore_errors=True)
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(path)
    path.mkdir(parents=True, exist_ok=True)
    values.ValueClass = values.MultiProcessValue()
    return path


def refuse_a_port_in_use(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ValueError(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def serve(options: ServeOptions, say: Callable[[str], None] = print) -> None:
    """Serve until SIGTERM or SIGINT; returns once everything has stopped."""
    from django.conf import settings

    if options.server not in SERVERS:
        raise ValueError(f"unknown server {options.server!r}")
    if options.server == "waitress" and options.workers != 1:
        raise ValueError("waitress serves from one process: use --workers 1 or gunicorn")
    # WhiteNoise looks at STATIC_ROOT when the application loads and warns if
    # it is missing; static files come from the apps (WHITENOISE_USE_FINDERS),
    # so an empty directory is all a fresh install needs.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    # A clear refusal rather than a traceback; and for gunicorn, before emptying
    # the metrics directory of this port, the live one of a server running there.
    refuse_a_port_in_use(options.host, options.port)
    links = use_address_for_links(options.host, options.port)
    if options.server == "gunicorn":
        prepare_metrics_dir(options.port)  # before the application exists: it makes metrics
        application = wsgi_application()
        # Not at the top: gunicorn imports fcntl and pwd, which Windows lacks,
        # and there waitress must still serve.
        from cityloop.web.server_gunicorn import serve_gunicorn

        serve_gunicorn(application, options, say, links)
    else:
        serve_waitress(wsgi_application(), options, say, links)
    say("Stopped.")


def wsgi_application() -> WSGIHandler:
    """The application that ``cityloop.wsgi`` is for a server started on its own, built
    here when serving starts (importing ``cityloop.wsgi`` would build it at import)."""
    require_secret_key()
    return get_wsgi_application()

