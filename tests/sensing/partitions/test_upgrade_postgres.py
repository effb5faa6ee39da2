"""Migration 0004 on a database that already has observations, and back (PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from cityloop.cases.models import ApiClient
from cityloop.sensing.ingest import ingest
from cityloop.sensing.models import Observation
from cityloop.sensing.partitions.catalog import DEFAULT, LEGACY, is_partitioned
from cityloop.sensing.partitions.upgrade import refuse_references
from tests.sensing.ingest.helpers import obs
from tests.sensing.partitions.conftest import holder, names

pytestmark = [pytest.mark.postgres]


def migrate(target: str) -> None:
    call_command("migrate", "sensing", target, verbosity=0)


def partitioned() -> bool:
    with connection.cursor() as cursor:
        return is_partitioned(cursor)


def read(client, key: str, path: str) -> dict:
    response = client.get(f"/sta/v1.1/{path}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db(transaction=True)
def test_an_existing_table_is_partitioned_with_its_rows_and_back(committed_network, client):
    network = committed_network
    key = ApiClient.create("Reader", "r@example.org", scopes=["sta:read"])[1]
    now = timezone.now()
    future = datetime(now.year + 5, 6, 1, tzinfo=UTC)  # a clock years ahead
    try:
        migrate("0005_multidatastream")
        assert not partitioned()
        old = ingest([obs(network.level, now - timedelta(days=d), float(d)) for d in range(60)]
                     + [obs(network.flow, future, 99.0)]).ids
        before = read(client, key, f"Datastreams({network.level.pk})/Observations?$top=100")

        migrate("0006_partition_observations")
        assert partitioned()
        assert {LEGACY, DEFAULT, f"sensing_observation_p{now:%Y_%m}"} & set(names()) == {
            LEGACY, DEFAULT}  # this month and the next are the legacy partition's
        assert Observation.objects.count() == 61
        assert holder(old[0]) == LEGACY and holder(old[-1]) == DEFAULT
        assert read(client, key, f"Datastreams({network.level.pk})/Observations?$top=100"
                    ) == before
        assert read(client, key, f"Observations({old[5]})")["result"] == 5.0
        new = ingest([obs(network.level, now, 0.5)]).ids[0]
        assert new is not None and new > max(i for i in old if i is not None)

        migrate("0005_multidatastream")
        assert not partitioned()
        assert Observation.objects.count() == 62
        again = ingest([obs(network.level, now, 0.25)]).ids[0]
        assert again is not None and again > new
    finally:
        call_command("migrate", verbosity=0)
    assert partitioned()
    assert Observation.objects.count() == 63


def test_a_table_referred_to_by_a_foreign_key_is_not_partitioned(db):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE obs_note (obs_id bigint, obs_time timestamptz, FOREIGN "
                       "KEY (obs_id, obs_time) REFERENCES sensing_observation_legacy)")
        with pytest.raises(RuntimeError, match="foreign keys refer to it"):
            refuse_references(cursor, LEGACY)
