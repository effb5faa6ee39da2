"""The reads of observations that matter look at the partitions they need only (PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection

from cityloop.sensing.ingest import ingest
from cityloop.sensing.models import LatestObservation, Observation
from cityloop.sensing.partitions import ahead
from tests.sensing.ingest.helpers import obs
from tests.sensing.partitions.test_ahead_postgres import after_legacy

pytestmark = [pytest.mark.postgres]


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_last_day_of_one_datastream_reads_one_month(network):
    now = after_legacy(100)
    ahead.ensure(now - timedelta(days=100), ahead=5)
    ingest([obs(network.level, now - timedelta(days=d), float(d)) for d in range(0, 100, 5)])
    last_day = Observation.objects.filter(
        datastream=network.level, phenomenon_time__gte=now - timedelta(days=1),
        phenomenon_time__lte=now).order_by("-phenomenon_time")
    text = plan(last_day)
    assert f"sensing_observation_p{now:%Y_%m}" in text
    assert "sensing_observation_legacy" not in text and "default" not in text
    assert len({line.split(" on ")[1].split()[0] for line in text.splitlines()
                if " on sensing_observation_" in line}) == 1
    assert [o.result_number for o in last_day] == [0.0]


def test_the_latest_values_of_many_datastreams_read_no_observation(network):
    ingest([obs(network.level, after_legacy(1), 1.0), obs(network.flow, after_legacy(1), 2.0)])
    latest = LatestObservation.objects.filter(datastream_id__in=[network.level.pk,
                                                                  network.flow.pk])
    assert "sensing_observation" not in plan(latest).replace("sensing_latestobservation", "")
    assert set(latest.values_list("result_number", flat=True)) == {1.0, 2.0}
