"""Raw observations older than the retention period are deleted; rollups stay."""

from __future__ import annotations

from datetime import timedelta

from cityloop.registry import periodic_jobs
from cityloop.sensing import retention
from cityloop.sensing.ingest import ingest
from cityloop.sensing.models import Datastream, Observation, Rollup
from tests.sensing.ingest.helpers import at, obs


def test_it_deletes_old_observations_in_batches_and_keeps_rollups(network, settings):
    settings.OBSERVATION_RETENTION_DAYS = 30
    old = [obs(network.level, at(-60 * 24 * 40, i), float(i)) for i in range(7)]
    ingest([*old, obs(network.level, at(0), 100.0), obs(network.flow, at(-60 * 24 * 31), 5.0)])
    rollups_before = Rollup.objects.count()
    deleted, finished = retention.purge(at(1), batch=3)
    assert (deleted, finished) == (8, True)
    assert list(Observation.objects.values_list("result_number", flat=True)) == [100.0]
    assert Rollup.objects.count() == rollups_before
    assert Datastream.objects.get(pk=network.level.pk).phenomenon_time_start == at(0)


def test_it_keeps_everything_when_retention_is_off(network, settings):
    settings.OBSERVATION_RETENTION_DAYS = 0
    ingest([obs(network.level, at(-60 * 24 * 1000), 1.0)])
    assert retention.sweep(at(0)).startswith("observations are kept for ever")
    assert Observation.objects.count() == 1


def test_it_is_a_periodic_job_of_the_worker(network, settings):
    settings.OBSERVATION_RETENTION_DAYS = 1
    ingest([obs(network.level, at(0) - timedelta(days=2), 1.0)])
    job = periodic_jobs.get("observation_retention")
    assert job.run(at(0)) == "1 observations older than 1 days deleted"
    assert job.interval() == 3600
