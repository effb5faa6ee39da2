"""Fixtures of the deployment test: a database of its own, and a private Mosquitto.

The processes of a deployment cannot see pytest-django's test database (it
lives inside a transaction, or is flushed between tests), so the test makes
a throw-away PostgreSQL database on the same server and drops it after.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import psycopg
import pytest
from django.db import connection
from psycopg import sql
from psycopg.conninfo import make_conninfo

# The private broker of the MQTT tests: its own port, persistence and log.
from tests.sensing.mqtt.conftest import broker  # noqa: F401


@dataclass(frozen=True)
class Database:
    name: str
    url: str  # DATABASE_URL for the processes
    params: dict[str, str]  # psycopg.connect() keywords, for the test's own checks

    def connect(self) -> psycopg.Connection:
        return _connect(self.params)


def _connect(params: dict[str, str]) -> psycopg.Connection:
    return psycopg.connect(make_conninfo(**params), autocommit=True)


def _server_params() -> dict[str, str]:
    db = connection.settings_dict
    params = {"host": db["HOST"] or "127.0.0.1", "port": str(db["PORT"] or 5432),
              "user": db["USER"], "dbname": db["NAME"]}
    if db["PASSWORD"]:
        params["password"] = db["PASSWORD"]
    return params


@pytest.fixture
def database() -> Iterator[Database]:
    """A new, empty database, dropped after the test (even with processes still connected)."""
    server = _server_params()
    name = f"cityloop_deploy_{uuid.uuid4().hex[:12]}"
    with _connect(server) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    auth = server["user"] + (f":{server['password']}" if "password" in server else "")
    url = f"postgres://{auth}@{server['host']}:{server['port']}/{name}"
    try:
        yield Database(name, url, {**server, "dbname": name})
    finally:
        with _connect(server) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                          .format(sql.Identifier(name)))
