"""On SQLite observations stay in one table: the partitions job says so and does nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection

from cityloop.registry import periodic_jobs
from cityloop.sensing.ingest import ingest
from cityloop.sensing.models import Observation
from tests.sensing.ingest.helpers import obs

pytestmark = pytest.mark.skipif(connection.vendor == "postgresql",
                                reason="SQLite only: PostgreSQL partitions (test_ahead_postgres)")


def test_the_job_runs_hourly_and_leaves_sqlite_as_it_is(network):
    job = periodic_jobs.get("observation_partitions")
    assert job.interval() == 3600
    assert job.run(datetime(2027, 5, 1, tzinfo=UTC)) == (
        "observations are partitioned on PostgreSQL only")
    ingest([obs(network.level, datetime(2099, 1, 1, tzinfo=UTC), 1.0)])
    assert Observation.objects.get().result_number == 1.0
