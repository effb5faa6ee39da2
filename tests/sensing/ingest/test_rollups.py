"""Per-minute rollups (count, sum, minimum, maximum) add up across batches and minutes."""

from __future__ import annotations

from cityloop.sensing.ingest import ingest
from tests.sensing.ingest.helpers import at, obs, rollups


def test_it_rolls_up_each_minute_of_each_datastream(network):
    ingest([obs(network.level, at(0, 5), 2.0), obs(network.level, at(0, 50), 5.0),
            obs(network.level, at(1, 0), -1.0), obs(network.flow, at(0, 10), 7.0)])
    assert rollups(network.level) == {at(0): (2, 7.0, 2.0, 5.0), at(1): (1, -1.0, -1.0, -1.0)}
    assert rollups(network.flow) == {at(0): (1, 7.0, 7.0, 7.0)}


def test_it_adds_later_batches_to_the_same_minute(network):
    ingest([obs(network.level, at(0, 1), 4.0), obs(network.level, at(0, 2), 6.0)])
    ingest([obs(network.level, at(0, 3), 1.0), obs(network.level, at(2, 0), 3.0)])
    ingest([obs(network.level, at(0, 59.999), 9.0)])  # late, and out of order
    assert rollups(network.level) == {at(0): (4, 20.0, 1.0, 9.0), at(2): (1, 3.0, 3.0, 3.0)}


def test_it_counts_only_numbers(network):
    ingest([obs(network.status, at(0), "ok"), obs(network.status, at(0, 1), {"a": 1}),
            obs(network.status, at(0, 2), 12), obs(network.status, at(0, 3), True)])
    assert rollups(network.status) == {at(0): (1, 12.0, 12.0, 12.0)}


def test_it_takes_the_minute_in_utc_whatever_the_offset_sent(network):
    from datetime import timedelta, timezone

    shanghai = at(0, 30).astimezone(timezone(timedelta(hours=8)))
    ingest([obs(network.level, shanghai, 1.0), obs(network.level, at(0, 10), 2.0)])
    assert rollups(network.level) == {at(0): (2, 3.0, 1.0, 2.0)}
