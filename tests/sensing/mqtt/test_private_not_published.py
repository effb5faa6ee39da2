"""A private Thing's observations are stored but not published on the public topics."""

from __future__ import annotations

from datetime import UTC, datetime

from cityloop.sensing.ingest import ingest
from cityloop.sensing.ingest.parse import ObservationIn
from cityloop.sensing.models import Datastream, Observation, Thing
from cityloop.sensing.mqtt.publisher import publisher
from tests.sensing.mqtt.conftest import Listener, wait_for

AT = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)


def test_it_publishes_the_public_thing_and_not_the_private_one(broker, mqtt_network):
    level = mqtt_network.level
    tilt = Thing.objects.create(name="Tower tilt meter", properties={"public": False})
    tilt.locations.add(mqtt_network.location)
    private = Datastream.objects.create(
        name="tilt", thing=tilt, sensor=level.sensor, observed_property=level.observed_property,
        observation_type=level.observation_type, unit_of_measurement={"symbol": "mrad"})
    publisher.configure(broker.config())
    listener = Listener(broker, "v1.1/+/Observations")
    try:
        ingest([ObservationIn(private.pk, AT, None, 1.0), ObservationIn(level.pk, AT, None, 2.5)])
        ingest([ObservationIn(private.pk, AT, None, 7.0)])  # a batch of private data alone
        assert publisher.flush()
        assert wait_for(lambda: len(listener.received) >= 2)
        ingest([ObservationIn(level.pk, AT, None, 3.5)])  # later public data still goes out
        assert publisher.flush()
        assert wait_for(lambda: len(listener.received) >= 4)
    finally:
        listener.close()
    assert Observation.objects.filter(datastream=private).count() == 2  # stored all the same
    # ``+`` matches both Datastreams(id)/Observations and FeaturesOfInterest(id)/Observations.
    by_stream = [m for t, m in zip(listener.topics, listener.received, strict=True)
                 if t.startswith("v1.1/Datastreams(")]
    assert [m["result"] for m in by_stream] == [2.5, 3.5]
    assert all(m["Datastream@iot.navigationLink"] for m in by_stream)
    assert not [t for t in listener.topics if f"Datastreams({private.pk})" in t]
