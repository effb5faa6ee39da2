"""Observations partitioned by phenomenon time on PostgreSQL (``sensing.partitions``).

The table keeps its rows: it becomes the partition ``sensing_observation_legacy``
without being copied (``partitions.upgrade``). Not atomic, so that its indexes are
built CONCURRENTLY while ingest goes on; the swap itself is one short transaction.
SQLite: nothing changes. Django's model is unchanged (``id`` stays its key).
"""

from typing import Any

from django.conf import settings
from django.db import migrations
from django.utils import timezone

from cityloop.sensing.partitions import ahead, upgrade


def forward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        now, period = timezone.now(), settings.OBSERVATION_PARTITION
        upgrade.partition_table(schema_editor.connection, now, period)
        ahead.ensure(now, period=period)  # ingest finds them before the worker runs


def backward(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        upgrade.unpartition(schema_editor.connection)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("sensing", "0005_multidatastream")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
