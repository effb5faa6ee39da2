"""A small sensor network for the ingest tests: two river gauges on one Thing with a Location,
and a counter on a Thing without one."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cityloop.sensing.ingest.cache import cache
from cityloop.sensing.models import (
    Datastream,
    Location,
    MultiDatastream,
    MultiDatastreamObservedProperty,
    ObservedProperty,
    Sensor,
    Thing,
)

MEASUREMENT = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement"
ANY = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Observation"
CATEGORY = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_CategoryObservation"


@dataclass
class Network:
    gauge: Thing
    level: Datastream  # numeric (OM_Measurement)
    flow: Datastream  # numeric
    status: Datastream  # any result (OM_Observation)
    nowhere: Datastream  # its Thing has no Location
    location: Location


def make_network() -> Network:
    cache.clear()
    sensor = Sensor.objects.create(name="Radar level sensor", encoding_type="text/plain")
    level = ObservedProperty.objects.create(name="Water level", definition="urn:level")
    gauge = Thing.objects.create(name="Jialing river gauge 3")
    location = Location.objects.create(
        name="Jialing bridge", description="Under the bridge",
        location={"type": "Point", "coordinates": [106.55, 29.57]},
    )
    gauge.locations.add(location)
    loose = Thing.objects.create(name="Traffic counter, not placed yet")

    def stream(thing: Thing, name: str, kind: str = MEASUREMENT) -> Datastream:
        return Datastream.objects.create(
            name=name, thing=thing, sensor=sensor, observed_property=level,
            observation_type=kind, unit_of_measurement={"symbol": "m"},
        )

    return Network(gauge, stream(gauge, "level"), stream(gauge, "flow"),
                   stream(gauge, "status", ANY), stream(loose, "count"), location)


@pytest.fixture
def network(db: None) -> Network:
    return make_network()


@pytest.fixture
def committed_network(transactional_db: None) -> Network:
    return make_network()


def make_station(network: Network) -> MultiDatastream:
    """A MultiDatastream on the gauge (§14.1): water level (a measurement), then a state word."""
    mds = MultiDatastream.objects.create(
        name="Level and state", thing=network.gauge, sensor=network.level.sensor,
        multi_observation_data_types=[MEASUREMENT, CATEGORY],
        unit_of_measurements=[{"symbol": "m"}, {"symbol": ""}])
    state = ObservedProperty.objects.create(name="State", definition="urn:state")
    for rank, prop in enumerate((network.level.observed_property, state)):
        MultiDatastreamObservedProperty.objects.create(multi_datastream=mds,
                                                       observed_property=prop, rank=rank)
    return mds


@pytest.fixture
def station(network: Network) -> MultiDatastream:
    return make_station(network)
