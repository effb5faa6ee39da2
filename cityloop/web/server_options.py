"""What ``cityloop serve`` was asked for, and the line it says once it serves.

Shared by ``cityloop.web.server``, which chooses the server, and the two
servers it can choose (``server_gunicorn``, ``server_waitress``): its own
module, below all three, so that neither server imports the one that
starts it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    threads: int = 8
    with_worker: bool = False
    workers: int = 1
    server: str = "gunicorn"


def url_of(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def serving_line(options: ServeOptions, links: str, *, worker: bool) -> str:
    where = url_of(options.host, options.port)
    processes = f"{options.workers} web process{'es' if options.workers > 1 else ''}"
    line = (f"CityLoop is serving at {where}" + (" with the worker" if worker else "")
            + f" ({processes} × {options.threads} threads; Ctrl+C to stop)")
    if links.rstrip("/") != where.rstrip("/"):
        line += f"\nLinks in messages and APIs use {links}"
    return line
