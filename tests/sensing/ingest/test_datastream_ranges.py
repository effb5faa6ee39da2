"""A Datastream's phenomenonTime and resultTime span its Observations' (OGC 18-088 §8.2.4)."""

from __future__ import annotations

from cityloop.sensing.ingest import ingest
from cityloop.sensing.models import Datastream
from tests.sensing.ingest.helpers import at, obs


def spans(stream):
    ds = Datastream.objects.get(pk=stream.pk)
    return (ds.phenomenon_time_start, ds.phenomenon_time_end, ds.result_time_start,
            ds.result_time_end)


def test_it_widens_the_ranges_batch_by_batch(network):
    ingest([obs(network.level, at(5), 1.0), obs(network.level, at(7), 2.0, end=at(9))])
    assert spans(network.level) == (at(5), at(9), None, None)
    ingest([obs(network.level, at(6), 3.0, result_time=at(20))])
    assert spans(network.level) == (at(5), at(9), at(20), at(20))
    ingest([obs(network.level, at(1), 4.0, result_time=at(2)), obs(network.level, at(30), 5.0)])
    assert spans(network.level) == (at(1), at(30), at(2), at(20))
    assert spans(network.flow) == (None, None, None, None)
