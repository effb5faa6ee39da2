"""The ingest tests' sensor network, and the partitions as PostgreSQL's catalogue lists them."""

from __future__ import annotations

from django.db import connection

from cityloop.sensing.partitions.catalog import Partition, partitions
from tests.sensing.ingest.conftest import committed_network, network  # noqa: F401


def listed() -> list[Partition]:
    with connection.cursor() as cursor:
        return partitions(cursor)


def names() -> list[str]:
    return [p.name for p in listed()]


def holder(observation_id: int | None) -> str:
    """The partition an observation is stored in."""
    assert observation_id is not None
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM sensing_observation WHERE id = %s",
                       [observation_id])
        return str(cursor.fetchone()[0])
