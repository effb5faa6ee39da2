"""``field__any_of``: the rows ``__in`` finds, with one array parameter on PostgreSQL."""

from __future__ import annotations

from django.db import connection

from cityloop.sensing.ingest import ingest
from cityloop.sensing.models import LatestObservation
from tests.sensing.ingest.conftest import network  # noqa: F401
from tests.sensing.ingest.helpers import at, obs


def test_it_finds_what_in_finds_and_nothing_for_no_ids(network):  # noqa: F811
    ingest([obs(network.level, at(0), 1.0), obs(network.flow, at(0), 2.0),
            obs(network.status, at(0), "ok")])
    wanted = [network.level.pk, network.status.pk, 999_999]
    found = LatestObservation.objects.filter(datastream_id__any_of=wanted)
    assert sorted(found.values_list("datastream_id", flat=True)) == sorted(
        LatestObservation.objects.filter(datastream_id__in=wanted)
        .values_list("datastream_id", flat=True)) == sorted(wanted[:2])
    assert not LatestObservation.objects.filter(datastream_id__any_of=[]).exists()
    assert LatestObservation.objects.exclude(datastream_id__any_of=wanted).get(
    ).datastream_id == network.flow.pk


def test_one_parameter_for_a_thousand_ids_on_postgresql(network):  # noqa: F811
    sql, params = LatestObservation.objects.filter(
        datastream_id__any_of=list(range(1000))).query.sql_with_params()
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and len(params) == 1 and len(params[0]) == 1000
    else:
        assert len(params) == 1000
