"""Settings from environment variables that fail fast.

A city's operator sets a variable once and forgets it; a typo must stop the
process at start-up with a message naming the variable, not be silently read
as a default (the healthchecks habit).
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of yes/no, true/false, 1/0; got {raw!r}")


def envint(name: str, default: int, *, minimum: int | None = None,
           maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}; got {value}")
    return value


def envfloat(name: str, default: float, *, low: float, high: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number; got {raw!r}") from None
    if not low <= value <= high:
        raise ImproperlyConfigured(f"{name} must be between {low} and {high}; got {value}")
    return value


def envchoice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.environ.get(name, default).strip()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}; got {value!r}")
    return value


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def envnetworks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """A comma-separated list of addresses or networks (``10.0.0.5, 10.1.0.0/16``)."""
    out = []
    for item in envlist(name, []):
        try:
            out.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name} must list IP addresses or networks such as 10.0.0.5 or "
                f"10.0.0.0/8; got {item!r}") from None
    return out


def load_settings_file(path: Path) -> None:
    """Read ``NAME=value`` lines into the environment, without overriding it.

    Lets a data directory carry its own city settings (the demo writes one),
    while a variable set in the environment still wins.
    """
    if not path.is_file():
        return
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        if not sep or not name.strip().replace("_", "").isalnum():
            raise ImproperlyConfigured(f"{path}, line {number}: expected NAME=value")
        os.environ.setdefault(name.strip(), value.strip().strip('"').strip("'"))


def data_dir() -> Path:
    """The directory holding the SQLite database, uploads, models and mail."""
    return Path(os.environ.get("CITYLOOP_DATA_DIR") or "var").resolve()


def database_from_url(url: str, *, sqlite_path: Path) -> dict[str, Any]:
    """Django DATABASES['default'] from DATABASE_URL, or SQLite under the data dir."""
    if not url:
        return _sqlite(sqlite_path)
    parts = urlparse(url)
    if parts.scheme in ("postgres", "postgresql", "pgsql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "cityloop",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "TEST": {"NAME": os.environ.get("CITYLOOP_TEST_DATABASE_NAME") or None},
        }
    if parts.scheme == "sqlite":
        # sqlite:///relative/path.db or sqlite:////absolute/path.db
        path = parts.path[1:] if parts.path.startswith("//") else parts.path.lstrip("/")
        return _sqlite(Path(path or sqlite_path))
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with postgres:// or sqlite://; got scheme {parts.scheme!r}"
    )


def _sqlite(path: Path) -> dict[str, Any]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # Keep each server thread's connection: opening one runs the PRAGMAs
        # below and costs more than a whole simple request.
        "CONN_MAX_AGE": 600,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {
            # IMMEDIATE: a writing transaction takes the write lock when it
            # starts, so two writers queue on busy_timeout instead of one
            # failing with "database is locked" when it upgrades its lock.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA temp_store=MEMORY;"
                "PRAGMA mmap_size=268435456;"
                "PRAGMA cache_size=-65536;"
            ),
        },
    }
