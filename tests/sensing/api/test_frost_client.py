"""Interoperability: FROST-Server's own Python client (frost-sta-client from PyPI)
against a live CityLoop server, as an integrator would use it."""

from __future__ import annotations

from typing import Any

import pytest

from cityloop.cases.models import ApiClient
from cityloop.sensing.models import HistoricalLocation, Observation, Thing

fsc = pytest.importorskip("frost_sta_client")
geojson = pytest.importorskip("geojson")


@pytest.fixture
def service(live_server, transactional_db):
    _client, key = ApiClient.create("FROST client", "iot@example.org",
                                   scopes=["sta:read", "sta:write"])
    return fsc.SensorThingsService(f"{live_server.url}/sta/v1.1",
                                   auth_handler=fsc.AuthHandler(username="app", password=key))


def new_station(name: str, lon: float, lat: float) -> Any:  # a frost_sta_client Thing
    thing = fsc.Thing(name=name, description="River level station",
                      properties={"river": "Yangtze"})
    thing.locations = [fsc.Location(name=f"{name} site", description="Bank",
                                    encoding_type="application/geo+json",
                                    location=geojson.Point((lon, lat)))]
    thing.datastreams = [fsc.Datastream(
        name=f"{name} level", description="Water level",
        observation_type="http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement",
        unit_of_measurement=fsc.UnitOfMeasurement(name="metre", symbol="m",
                                                  definition="http://qudt.org/vocab/unit/M"),
        sensor=fsc.Sensor(name="Radar", description="Radar gauge",
                          encoding_type="application/pdf", metadata="https://x/radar.pdf"),
        observed_property=fsc.ObservedProperty(name="Water level",
                                               definition="https://x/level",
                                               description="Height of the water"),
    )]
    return thing


def test_it_deep_inserts_and_reads_back_with_the_client(service):
    thing = new_station("Cuntan", 106.6, 29.6)
    service.create(thing)
    assert isinstance(thing.id, int)
    assert HistoricalLocation.objects.filter(thing_id=thing.id).count() == 1

    found = service.things().find(thing.id)
    assert (found.name, found.properties) == ("Cuntan", {"river": "Yangtze"})
    streams = found.get_datastreams().query().list()
    assert [d.name for d in streams] == ["Cuntan level"]
    stream = streams.get(0)

    for minute, level in enumerate((171.2, 171.5, 172.1)):
        service.create(fsc.Observation(result=level,
                                       phenomenon_time=f"2024-07-01T08:0{minute}:00Z",
                                       datastream=stream))
    assert Observation.objects.filter(datastream_id=stream.id).count() == 3

    high = stream.get_observations().query().filter("result gt 171.3").orderby(
        "phenomenonTime", "ASC").list()
    assert [o.result for o in high] == [171.5, 172.1]


def test_it_filters_expands_and_pages_with_the_client(service):
    for n, name in enumerate(("Cuntan", "Zhutuo", "Beibei")):
        service.create(new_station(name, 106.0 + n, 29.0 + n))
    things = service.things().query().filter(
        "Datastreams/ObservedProperty/name eq 'Water level' and startswith(name, 'Zhu')"
    ).expand("Datastreams($expand=Sensor),Locations").list()
    (zhutuo,) = list(things)
    assert zhutuo.datastreams.get(0).sensor.name == "Radar"
    assert zhutuo.locations.get(0).location["coordinates"] == [107.0, 30.0]

    near = service.locations().query().filter(
        "st_within(location, geography'POLYGON((105.5 28.5, 106.5 28.5, 106.5 29.5, "
        "105.5 29.5, 105.5 28.5))')").list()
    assert [loc.name for loc in near] == ["Cuntan site"]

    paged = service.things().query().top(1).count().list()
    assert paged.count == 3
    assert [t.name for t in paged] == ["Cuntan", "Zhutuo", "Beibei"]  # follows nextLinks


def test_it_patches_updates_and_deletes_with_the_client(service):
    thing = new_station("Cuntan", 106.6, 29.6)
    service.create(thing)
    found = service.things().find(thing.id)
    service.patch(found, [{"op": "replace", "path": "/description", "value": "Moved"}])
    assert Thing.objects.get(pk=thing.id).description == "Moved"
    found = service.things().find(thing.id)
    found.name = "Cuntan 2"
    service.update(found)
    assert Thing.objects.get(pk=thing.id).name == "Cuntan 2"
    service.delete(found)
    assert not Thing.objects.filter(pk=thing.id).exists()


def test_it_creates_observations_from_a_data_array_with_the_client(service):
    thing = new_station("Cuntan", 106.6, 29.6)
    service.create(thing)
    stream = service.things().find(thing.id).get_datastreams().query().list().get(0)
    value = fsc.DataArrayValue()
    value.datastream = stream
    value.components = {fsc.DataArrayValue.Property.PHENOMENON_TIME,
                        fsc.DataArrayValue.Property.RESULT}
    for minute in range(3):
        value.add_observation(fsc.Observation(phenomenon_time=f"2024-07-01T09:0{minute}:00Z",
                                              result=170 + minute, datastream=stream))
    document = fsc.DataArrayDocument()
    document.add_data_array_value(value)
    created = service.observations().create(document)
    assert len(created) == 3
    assert all(o.self_link.startswith("http") for o in created)
    assert list(Observation.objects.order_by("result_number")
                .values_list("result_number", flat=True)) == [170, 171, 172]


class Units(list):
    """The units of a MultiDatastream as the client means to send them.

    frost-sta-client writes ``unit_of_measurements.__getstate__()``, which for a
    plain list is None on Python 3.11+ (``object.__getstate__``): it would send
    ``"unitOfMeasurements": null``, which FROST-Server refuses as CityLoop does
    (the sizes of the lists differ)."""

    def __getstate__(self) -> list[Any]:
        return [unit.__getstate__() for unit in self]


def test_it_creates_and_reads_a_multidatastream_with_the_client(service):
    thing = new_station("Beibei", 106.4, 29.8)
    service.create(thing)
    om = "http://www.opengis.net/def/observationType/OGC-OM/2.0/"
    weather = fsc.MultiDatastream(
        name="Beibei weather", description="Temperature and humidity",
        observation_type=om + "OM_ComplexObservation",
        multi_observation_data_types=[om + "OM_Measurement", om + "OM_Measurement"],
        unit_of_measurements=Units([
            fsc.UnitOfMeasurement(name="degree Celsius", symbol="degC",
                                  definition="http://qudt.org/vocab/unit/DEG_C"),
            fsc.UnitOfMeasurement(name="percent", symbol="%",
                                  definition="http://qudt.org/vocab/unit/PERCENT")]),
        thing=fsc.Thing(id=thing.id),
        sensor=fsc.Sensor(name="SHT31", description="Hygrometer", encoding_type="text/html",
                          metadata="https://x/sht31"),
        observed_properties=[
            fsc.ObservedProperty(name="Air temperature", definition="https://x/t",
                                 description="Temperature of the air"),
            fsc.ObservedProperty(name="Humidity", definition="https://x/h",
                                 description="Relative humidity")])
    service.create(weather)
    assert isinstance(weather.id, int)
    # Read before it has Observations: the client takes only a Polygon as a
    # MultiDatastream's observedArea, and one place makes it a Point.
    found = service.multi_datastreams().find(weather.id)
    assert [u["symbol"] for u in found.unit_of_measurements] == ["degC", "%"]
    properties = found.get_observed_properties().query().list()
    assert [p.name for p in properties] == ["Air temperature", "Humidity"]
    for minute, result in enumerate(([21.5, 64], [21.75, 63])):
        service.create(fsc.Observation(result=result,
                                       phenomenon_time=f"2024-07-01T08:0{minute}:00Z",
                                       multi_datastream=weather))
    observations = service.observations().query().filter(
        f"MultiDatastream/id eq {weather.id}").orderby("phenomenonTime", "ASC").list()
    assert [o.result for o in observations] == [[21.5, 64], [21.75, 63]]
    assert Observation.objects.filter(multi_datastream_id=weather.id).count() == 2
