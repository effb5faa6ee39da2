"""Retention on a partitioned table: whole partitions dropped, the straddling one trimmed
row by row, rollups kept (PostgreSQL; SQLite's DELETE is tests/sensing/ingest/test_retention)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cityloop.registry import periodic_jobs
from cityloop.sensing import retention
from cityloop.sensing.ingest import ingest
from cityloop.sensing.models import Datastream, Observation, Rollup
from cityloop.sensing.partitions import ahead
from cityloop.sensing.partitions.catalog import LEGACY
from tests.sensing.ingest.helpers import obs
from tests.sensing.partitions.conftest import holder, names
from tests.sensing.partitions.test_ahead_postgres import after_legacy

pytestmark = [pytest.mark.postgres]


def test_whole_months_are_dropped_and_the_straddling_month_is_trimmed(network, settings):
    first = after_legacy(0)  # the first monthly partition starts here
    ahead.ensure(first, ahead=3)
    months = [f"sensing_observation_p{m:%Y_%m}" for m in
              (first, first + timedelta(days=40), first + timedelta(days=70))]
    early = [obs(network.level, first + timedelta(days=2, minutes=i), float(i)) for i in range(5)]
    ids = ingest([obs(network.flow, first - timedelta(days=3), 9.0), *early,
                  obs(network.level, first + timedelta(days=45), 50.0),
                  obs(network.level, first + timedelta(days=75), 75.0)]).ids
    assert holder(ids[0]) == LEGACY and holder(ids[-1]) == months[2]
    rollups_before = Rollup.objects.count()
    settings.OBSERVATION_RETENTION_DAYS = 30
    # The cutoff falls within the second month: the legacy partition and the
    # first month go whole, the second keeps its rows after the cutoff.
    now = first + timedelta(days=46 + 30)
    summary = periodic_jobs.get("observation_retention").run(now)
    assert summary == (f"partitions dropped: {LEGACY}, {months[0]}; "
                       "1 observations older than 30 days deleted")
    assert LEGACY not in names() and months[0] not in names() and months[1] in names()
    assert list(Observation.objects.values_list("result_number", flat=True)) == [75.0]
    assert Rollup.objects.count() == rollups_before
    level = Datastream.objects.get(pk=network.level.pk)
    assert level.phenomenon_time_start == first + timedelta(days=75)
    assert Datastream.objects.get(pk=network.flow.pk).phenomenon_time_start is None


def test_old_rows_in_the_default_partition_are_deleted_too(network, settings):
    first = after_legacy(0)
    ahead.ensure(first + timedelta(days=400), ahead=0)  # one month, a year on
    settings.OBSERVATION_RETENTION_DAYS = 30
    now = first + timedelta(days=400)
    # Older than the only partition left once the legacy one is gone: the default.
    retention.drop_partitions(now - timedelta(days=30))
    stored = ingest([obs(network.level, first + timedelta(days=10), 1.0),
                     obs(network.level, now, 2.0)]).ids
    assert holder(stored[0]) == "sensing_observation_default"
    assert retention.purge(now) == (1, True)
    assert list(Observation.objects.values_list("result_number", flat=True)) == [2.0]
