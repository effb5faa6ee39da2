"""DELETE (OGC 18-088 §10.4) with the data model's integrity rules."""

from __future__ import annotations

from cityloop.sensing.models import (
    Datastream,
    FeatureOfInterest,
    HistoricalLocation,
    LatestObservation,
    Location,
    Observation,
    ObservedProperty,
    Sensor,
    Thing,
)


def test_deleting_a_thing_deletes_its_datastreams_and_their_observations(writer, network):
    river = network.things[0]
    response = writer.delete(f"Things({river.pk})")
    assert response.status_code == 200
    assert not Thing.objects.filter(pk=river.pk).exists()
    assert not Datastream.objects.filter(thing_id=river.pk).exists()
    assert not Observation.objects.filter(datastream_id=network.datastreams[0].pk).exists()
    assert not HistoricalLocation.objects.filter(thing_id=river.pk).exists()
    assert Location.objects.count() == 2  # a Location may be shared
    assert Observation.objects.count() == 4  # the air station's


def test_deleting_a_location_deletes_the_history_that_had_only_it(writer, network):
    bridge, river = network.locations[0], network.things[0]
    writer.delete(f"Locations({bridge.pk})")
    assert not HistoricalLocation.objects.filter(thing=river).exists()
    assert Thing.objects.filter(pk=river.pk).exists()


def test_deleting_a_sensor_or_property_deletes_its_datastreams(writer, network):
    writer.delete(f"Sensors({network.sensors[1].pk})")
    assert list(Datastream.objects.values_list("name", flat=True)) == [
        "Water level at the bridge"]
    writer.delete(f"ObservedProperties({network.properties[0].pk})")
    assert not Datastream.objects.exists()
    assert Sensor.objects.count() == 1 and ObservedProperty.objects.count() == 2


def test_deleting_a_feature_of_interest_deletes_its_observations(writer, network):
    writer.delete(f"FeaturesOfInterest({network.features[0].pk})")
    assert not FeatureOfInterest.objects.exists()
    assert Observation.objects.count() == 4


def test_deleting_the_latest_observation_brings_back_the_one_before(writer, network):
    stream = network.datastreams[0]
    last = network.observations[4]
    LatestObservation.objects.create(datastream=stream, observation_id=last.pk,
                                     phenomenon_time=last.phenomenon_time, result_number=5)
    assert writer.delete(f"Observations({last.pk})").status_code == 200
    latest = LatestObservation.objects.get(datastream=stream)
    assert (latest.observation_id, latest.result_number) == (network.observations[3].pk, 4)


def test_it_answers_404_for_what_is_not_there(writer, db):
    response = writer.delete("Things(12345)")
    assert response.status_code == 404
    assert response.json() == {"code": 404, "type": "error",
                               "message": "No Thing with id 12345."}
