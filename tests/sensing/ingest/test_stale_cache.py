"""A datastream deleted by another process while this one still has it in memory: the
batch is tried again with fresh answers, and only that datastream's observations refused."""

from __future__ import annotations

from django.db import connection

from cityloop.sensing.ingest import ingest
from cityloop.sensing.ingest.cache import cache
from cityloop.sensing.models import Datastream, Observation
from tests.sensing.ingest.helpers import at, obs


def test_it_retries_a_batch_that_names_a_datastream_deleted_meanwhile(committed_network,
                                                                       settings):
    settings.SHARED_CACHE_CHECK_SECONDS = 3600  # as in production: no look unless needed
    network = committed_network
    doomed = Datastream.objects.create(
        name="doomed", thing=network.gauge, sensor=network.level.sensor,
        observed_property=network.level.observed_property, observation_type="x")
    assert doomed.pk in cache.streams([doomed.pk, network.level.pk])
    with connection.cursor() as cursor:  # as another process would: no signal here
        cursor.execute("DELETE FROM sensing_datastream WHERE id = %s", [doomed.pk])

    result = ingest([obs(doomed, at(0), 1.0), obs(network.level, at(0), 2.0)])

    assert result.errors == [(0, f"Datastream({doomed.pk}) does not exist")]
    assert list(Observation.objects.values_list("result_number", flat=True)) == [2.0]
