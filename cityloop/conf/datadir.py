"""The data directory and the secret key: read by the settings, made by the commands.

Importing ``cityloop.settings`` must write nothing: mypy, a test run or a
WSGI server reading the settings has no business creating ``./var``.
The ``cityloop`` command prepares the directory (``prepare``) before
Django starts, for the commands that set up or run a city (``migrate``,
``demo``, ``serve``, ``worker``, ``mqtt-ingest``), so a fresh install still
needs no configuration.

Which processes read the settings, and where their key comes from:

- the ``cityloop`` command: the key file it has just made, or found;
- a WSGI/ASGI server started on its own (gunicorn ``cityloop.wsgi``): the
  key file that ``cityloop migrate`` made, or ``CITYLOOP_SECRET_KEY``.
  Without either it stops with a message (``require_secret_key``) rather
  than make up a key of its own: each worker process would make up a
  different one and they would refuse each other's sessions;
- the tests: a fixed key of their own (tests/settings.py).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from cityloop.conf.env import envstr

KEY_FILE = "secret.key"
KEY_VARIABLE = "CITYLOOP_SECRET_KEY"
# The audit key signs case events and checkpoints (docs/audit.md); kept out
# of the database so that write access to the database cannot forge them.
AUDIT_KEY_FILE = "audit.key"
AUDIT_KEY_VARIABLE = "CITYLOOP_AUDIT_KEY"
AUDIT_KEY_FILE_VARIABLE = "CITYLOOP_AUDIT_KEY_FILE"


def read_secret_key(data_dir: Path) -> str:
    """The configured key, else the data directory's; empty when there is none yet.

    Django refuses an empty SECRET_KEY only when something uses it, so the
    settings still import (for ``--help``, mypy, ``makemessages``).
    """
    configured = envstr(KEY_VARIABLE, "")
    if configured:
        return configured
    try:
        return (data_dir / KEY_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return ""


def read_audit_key(data_dir: Path) -> str:
    """CITYLOOP_AUDIT_KEY, else the file CITYLOOP_AUDIT_KEY_FILE names, else DATA_DIR/audit.key."""
    configured = envstr(AUDIT_KEY_VARIABLE, "")
    if configured:
        return configured
    named = envstr(AUDIT_KEY_FILE_VARIABLE, "")
    path = Path(named) if named else data_dir / AUDIT_KEY_FILE
    try:
        return path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        if named:  # a key named but absent would leave every new event unsigned
            raise ImproperlyConfigured(
                f"{AUDIT_KEY_FILE_VARIABLE} names {path}, which does not exist."
            ) from None
        return ""


def prepare(data_dir: Path) -> None:
    """Create the data directory, its secret key and the static directory if missing."""
    data_dir.mkdir(parents=True, exist_ok=True)
    # WhiteNoise warns at every start when STATIC_ROOT is missing; the files
    # themselves come from the apps (WHITENOISE_USE_FINDERS).
    (data_dir / "static").mkdir(exist_ok=True)
    if not envstr(KEY_VARIABLE, ""):
        _create_key_file(data_dir / KEY_FILE)
    if not envstr(AUDIT_KEY_VARIABLE, "") and not envstr(AUDIT_KEY_FILE_VARIABLE, ""):
        _create_key_file(data_dir / AUDIT_KEY_FILE)


def _create_key_file(path: Path) -> None:
    # Several processes may start at once on a fresh directory (two workers
    # under systemd): the key is written whole to a private temporary file,
    # then linked into place, which fails if another process got there
    # first. Every process then reads the same complete key.
    if path.exists():
        return
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret-")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(50))
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def require_secret_key() -> None:
    """Stop a server process that has no key, saying how to give it one."""
    from django.conf import settings

    data_dir = Path(settings.DATA_DIR)  # reads the settings: a bad variable stops here
    try:
        if settings.SECRET_KEY:
            return
    except ImproperlyConfigured:  # Django's "must not be empty", which says not how
        pass
    raise ImproperlyConfigured(
        f"CityLoop has no secret key: {data_dir / KEY_FILE} does not exist and "
        f"{KEY_VARIABLE} is not set. Run `cityloop --data-dir {data_dir} migrate` once "
        f"(it creates the key file), or set {KEY_VARIABLE} to the same value for every "
        "web process."
    )
