"""The latest observation per datastream only ever moves forward in phenomenon time."""

from __future__ import annotations

from cityloop.sensing.ingest import ingest
from cityloop.sensing.models import LatestObservation
from tests.sensing.ingest.helpers import at, obs


def latest(stream):
    row = LatestObservation.objects.get(datastream=stream)
    return row.phenomenon_time, row.result_number, row.result_json, row.observation_id


def test_it_keeps_the_newest_of_a_batch(network):
    result = ingest([obs(network.level, at(3), 3.0), obs(network.level, at(5), 5.0),
                     obs(network.level, at(4), 4.0)])
    assert latest(network.level) == (at(5), 5.0, None, result.ids[1])


def test_it_ignores_an_older_batch_that_arrives_later(network):
    newer = ingest([obs(network.level, at(10), 10.0)])
    ingest([obs(network.level, at(2), 2.0), obs(network.level, at(9), 9.0)])
    assert latest(network.level) == (at(10), 10.0, None, newer.ids[0])


def test_it_moves_to_a_newer_batch_and_to_a_later_one_at_the_same_time(network):
    ingest([obs(network.status, at(1), "low")])
    ingest([obs(network.status, at(2), {"level": "high"})])
    assert latest(network.status)[:3] == (at(2), None, {"level": "high"})
    again = ingest([obs(network.status, at(2), "corrected")])
    assert latest(network.status) == (at(2), None, "corrected", again.ids[0])


def test_it_keeps_one_row_per_datastream(network):
    ingest([obs(network.level, at(1), 1.0), obs(network.flow, at(1), 2.0)])
    ingest([obs(network.level, at(2), 3.0), obs(network.flow, at(0), 4.0)])
    assert LatestObservation.objects.count() == 2
    assert latest(network.flow)[:2] == (at(1), 2.0)
