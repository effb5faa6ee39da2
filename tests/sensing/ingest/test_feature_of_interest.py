"""Observations without a FeatureOfInterest get one made from their Thing's Location
(OGC 18-088 §8.2.7, §10.2); it is reused while the Location stays the same."""

from __future__ import annotations

from cityloop.sensing.ingest import ingest
from cityloop.sensing.models import FeatureOfInterest, Location, Observation
from tests.sensing.ingest.helpers import at, obs


def test_it_makes_the_feature_from_the_things_location_once(network):
    ingest([obs(network.level, at(0), 1.0), obs(network.flow, at(0), 2.0)])
    ingest([obs(network.level, at(1), 3.0)])
    feature = FeatureOfInterest.objects.get()
    assert (feature.name, feature.description, feature.encoding_type, feature.feature) == (
        "Jialing bridge", "Under the bridge", "application/geo+json",
        {"type": "Point", "coordinates": [106.55, 29.57]})
    assert set(Observation.objects.values_list("feature_of_interest", flat=True)) == {feature.pk}


def test_it_makes_a_new_feature_when_the_thing_moves(network):
    ingest([obs(network.level, at(0), 1.0)])
    moved = Location.objects.create(name="Upstream", location={"type": "Point",
                                                               "coordinates": [106.5, 29.6]})
    network.gauge.locations.set([moved])
    ingest([obs(network.level, at(1), 2.0)])
    features = dict(Observation.objects.values_list("result_number", "feature_of_interest__name"))
    assert features == {1.0: "Jialing bridge", 2.0: "Upstream"}


def test_it_uses_a_feature_given_by_id_or_described_inline(network):
    given = FeatureOfInterest.objects.create(name="Sample 7", feature={"type": "Point",
                                                                      "coordinates": [1, 2]})
    inline = {"name": "Outfall", "description": "Storm drain outfall",
              "encodingType": "application/geo+json",
              "feature": {"type": "Point", "coordinates": [106.6, 29.5]}}
    ingest([obs(network.nowhere, at(0), 1.0, feature_of_interest_id=given.pk),
            obs(network.nowhere, at(1), 2.0, feature_of_interest=inline),
            obs(network.nowhere, at(2), 3.0, feature_of_interest=dict(inline))])
    ingest([obs(network.nowhere, at(3), 4.0, feature_of_interest=dict(inline))])
    outfall = FeatureOfInterest.objects.get(name="Outfall")
    assert outfall.description == "Storm drain outfall"
    assert dict(Observation.objects.values_list("result_number", "feature_of_interest")) == {
        1.0: given.pk, 2.0: outfall.pk, 3.0: outfall.pk, 4.0: outfall.pk}
