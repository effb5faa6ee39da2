"""Observations of MultiDatastreams through ``ingest`` (``ingest.multi``): array results
checked against the MultiDatastream, mixed batches, times, area and retention."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from cityloop.sensing import retention
from cityloop.sensing.ingest import ingest
from cityloop.sensing.ingest.parse import parse_observation
from cityloop.sensing.models import COMPLEX_OBSERVATION, LatestObservation, Observation, Rollup
from tests.sensing.ingest.helpers import at, obs


def multi(mds, minute, result, **extra):
    data = {"phenomenonTime": at(minute).isoformat(), "result": result, **extra}
    return parse_observation(data, multi_datastream_id=mds.pk)


def test_a_mixed_batch_stores_both_kinds_and_refuses_by_index(network, station):
    result = ingest([obs(network.level, at(0), 1.0), multi(station, 0, [1.2, "high"]),
                     multi(station, 1, [1.3]), multi(station, 2, ["x", "low"]),
                     obs(network.level, at(1), 2.0), multi(station, 3, ["1.4", "low"])])
    assert [i is not None for i in result.ids] == [True, True, False, False, True, True]
    assert [index for index, _message in result.errors] == [2, 3]
    assert "1 values, but MultiDatastream" in result.errors[0][1]
    assert "result[0]: 'x' is not a number" in result.errors[1][1]
    last = result.ids[5]
    assert last is not None
    stored = Observation.objects.get(pk=last)
    assert stored.result_json == [1.4, "low"]  # a number in text, taken as ingest takes it
    assert stored.datastream_id is None and stored.multi_datastream_id == station.pk
    assert stored.feature_of_interest is not None  # from the Thing's Location
    # rollups and latest values stay per Datastream
    assert set(Rollup.objects.values_list("datastream_id", flat=True)) == {network.level.pk}
    assert LatestObservation.objects.get().result_number == 2.0


def test_it_stretches_the_times_and_the_area_of_the_multidatastream(network, station):
    ingest([multi(station, 5, [1, "a"], resultTime=at(7).isoformat()),
            multi(station, 2, [1, "b"])])
    station.refresh_from_db()
    assert (station.phenomenon_time_start, station.phenomenon_time_end) == (at(2), at(5))
    assert (station.result_time_start, station.result_time_end) == (at(7), at(7))
    assert station.observed_area == {"type": "Point", "coordinates": [106.55, 29.57]}
    assert station.observation_type == COMPLEX_OBSERVATION


def test_an_unknown_multidatastream_is_refused(network, station):
    ghost = parse_observation({"result": [1, "a"]}, multi_datastream_id=station.pk + 99)
    result = ingest([ghost])
    assert result.ids == [None] and "does not exist" in result.errors[0][1]


def test_the_table_refuses_an_observation_of_both_or_neither(network, station):
    for streams in ({"datastream": network.level, "multi_datastream": station}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Observation.objects.create(phenomenon_time=at(0), result_json=[1], **streams)


def test_retention_deletes_old_observations_of_multidatastreams_too(network, station, settings):
    settings.OBSERVATION_RETENTION_DAYS = 30
    ingest([multi(station, -60 * 24 * 40, [1, "old"]), multi(station, -60 * 24 * 35, [2, "old"]),
            multi(station, 0, [3, "new"]), obs(network.level, at(-60 * 24 * 40), 1.0)])
    deleted, finished = retention.purge(at(1), batch=1)
    assert (deleted, finished) == (3, True)
    assert list(Observation.objects.values_list("result_json", flat=True)) == [[3, "new"]]
    station.refresh_from_db()
    assert station.phenomenon_time_start == at(0)
