"""One change, one message per topic: after commit, from the process that made it.

Not for a rolled-back change, not twice when an ingest worker (which also
listens on the observation topics) is running, and a subscription to a
topic that means nothing does not stop the others.
"""

from __future__ import annotations

from collections import Counter

import pytest
from django.db import transaction

from cityloop.sensing.models import Thing
from cityloop.sensing.mqtt.publisher import publisher
from tests.sensing.mqtt.conftest import Device, Listener, start_worker, wait_for


@pytest.fixture
def receiving(broker, mqtt_network):
    publisher.configure(broker.config())
    assert publisher.start(timeout=10), "the publisher did not connect"
    return broker


def test_it_publishes_an_observation_sent_over_mqtt_once_per_topic(receiving, mqtt_network):
    stream = mqtt_network.level.pk
    worker = start_worker(receiving)  # the same publisher, as ``mqtt-ingest`` runs it
    listener = Listener(receiving, "v1.1/#")
    device = Device(receiving)
    try:
        device.send(f"v1.1/Datastreams({stream})/Observations",
                    [{"phenomenonTime": "2026-05-01T08:00:00Z", "result": 1.5}])
        # The device's own message, then CityLoop's copies: Datastream, entity set,
        # FeatureOfInterest (made from the Thing's Location).
        assert wait_for(lambda: len(_copies(listener)) >= 3)
        assert publisher.flush()
    finally:
        device.close()
        worker.stop()
        listener.close()
    copies = _copies(listener)
    ours = Counter(topic for topic, _message in copies)
    assert set(ours.values()) == {1}, ours
    assert {f"v1.1/Datastreams({stream})/Observations", "v1.1/Observations"} <= set(ours)
    assert any(t.startswith("v1.1/FeaturesOfInterest(") for t in ours)
    assert {m["result"] for _topic, m in copies} == {1.5}
    # The FeatureOfInterest made for it is new too, and published as such, once.
    features = [t for t in listener.topics if t.startswith("v1.1/FeaturesOfInterest")
                and not t.endswith("/Observations")]
    assert len(features) == len(set(features)) >= 1


def _copies(listener):
    """CityLoop's copies of new observations (a device's own message has no @iot.id)."""
    return [(t, m) for t, m in zip(listener.topics, listener.received, strict=False)
            if t.endswith("Observations") and "@iot.id" in m]


def test_it_publishes_nothing_for_a_rolled_back_change(receiving, mqtt_network):
    listener = Listener(receiving, "v1.1/Things")
    try:
        with pytest.raises(RuntimeError), transaction.atomic():
            Thing.objects.create(name="Never was", properties={"public": True})
            raise RuntimeError("changed our mind")
        kept = Thing.objects.create(name="Kept", properties={"public": True})
        assert publisher.flush()
        assert wait_for(lambda: len(listener.received) >= 1)
    finally:
        listener.close()
    assert [m["name"] for m in listener.received] == ["Kept"]
    assert listener.received[0]["@iot.id"] == kept.pk


def test_it_publishes_a_thing_saved_twice_in_one_transaction_once(receiving, mqtt_network):
    listener = Listener(receiving, "v1.1/Things")
    try:
        with transaction.atomic():
            thing = Thing.objects.create(name="First", properties={"public": True})
            thing.name = "Second"
            thing.save()
        assert publisher.flush()
        assert wait_for(lambda: len(listener.received) >= 1)
        Thing.objects.create(name="Sentinel", properties={"public": True})
        assert publisher.flush()
        assert wait_for(lambda: len(listener.received) >= 2)
    finally:
        listener.close()
    assert [m["name"] for m in listener.received] == ["Second", "Sentinel"]


def test_nonsense_subscriptions_do_not_stop_the_others(receiving, mqtt_network):
    odd = [Listener(receiving, t) for t in (
        "v1.1/Things(abc)/nope", "v1.1/Nothing?$select=x", "v1.1/Things?$select=",
        "v1.1/Things?$select=bogus,name", "v1.1/Things(1)/description?$select=a&$filter=b",
        "v1.1/Observations?$top=1", "v1.1/" + "x" * 5000)]
    listener = Listener(receiving, "v1.1/Things?$select=name")
    try:
        assert wait_for(lambda: publisher.subscriptions.knows("v1.1/Things?$select=name"),
                        timeout=10)
        Thing.objects.create(name="Still here", properties={"public": True})
        assert publisher.flush()
        assert wait_for(lambda: len(listener.received) >= 1)
    finally:
        for each in [*odd, listener]:
            each.close()
    assert listener.received == [{"name": "Still here"}]
    assert all(not each.received for each in odd)
