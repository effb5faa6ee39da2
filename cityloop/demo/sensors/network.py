"""The demo city's sensor network: stations, datastreams, rules and vital signs.

Every station stands inside a street of Jiangcheng (see
``cityloop/demo/data/streets.geojson``): the river gauges on the river that
runs between Laocheng and Binjiang, the air monitors at the hotspots of
``hotspots.yaml``. Building up the network is idempotent: things are found
again by name, so ``cityloop demo`` can run on the same data as often as
wanted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from cityloop.catalogue.loader import load_file as load_catalogue
from cityloop.sensing.indicators.loader import load_file as load_indicators
from cityloop.sensing.models import Datastream, Location, ObservedProperty, Sensor, Thing
from cityloop.sensing.rules.loader import load_file as load_rules

DATA = Path(__file__).resolve().parent / "data"
MEASUREMENT = "http://www.opengis.net/def/observationType/OGC-OM/2.0/OM_Measurement"


@dataclass(frozen=True)
class Quantity:
    """An observed property and its unit (QUDT units)."""

    name: str
    definition: str
    unit: str
    symbol: str
    unit_uri: str


RIVER = Quantity("River level", "http://vocabs.lter-europe.net/EnvThes/22035", "metre", "m",
                 "http://qudt.org/vocab/unit/M")
RAIN = Quantity("Precipitation", "http://vocabs.lter-europe.net/EnvThes/22131", "millimetre",
                "mm", "http://qudt.org/vocab/unit/MilliM")
PM25 = Quantity("PM2.5", "http://vocabs.lter-europe.net/EnvThes/22412",
                "microgram per cubic metre", "µg/m³", "http://qudt.org/vocab/unit/MicroGM-PER-M3")
PRESSURE = Quantity("Water pressure", "http://vocabs.lter-europe.net/EnvThes/21914",
                    "megapascal", "MPa", "http://qudt.org/vocab/unit/MegaPA")
TILT = Quantity("Building tilt", "https://en.wikipedia.org/wiki/Inclinometer", "degree", "°",
                "http://qudt.org/vocab/unit/DEG")


# Which department looks after each kind of station: a key limited to a
# department writes only its Things (properties.department, docs/api-keys.md).
DEPARTMENTS = {RIVER.name: "water", RAIN.name: "water", PRESSURE.name: "water",
               PM25.name: "environment", TILT.name: "safety"}


@dataclass(frozen=True)
class Station:
    key: str  # what the simulator calls it
    name: str
    name_zh: str
    lat: float
    lon: float
    quantity: Quantity
    public: bool = True


STATIONS: tuple[Station, ...] = (
    Station("river_daxuecheng", "Daxuecheng river gauge", "大学城水位站", 29.54928, 106.46298,
            RIVER),
    Station("river_qiaotou", "Qiaotou Bridge river gauge", "桥头大桥水位站", 29.57361, 106.56183,
            RIVER),
    Station("river_gangkou", "Gangkou wharf river gauge", "港口码头水位站", 29.56179, 106.63500,
            RIVER),
    Station("rain_gulou", "Gulou rain gauge", "鼓楼雨量站", 29.56950, 106.53350, RAIN),
    Station("rain_yunding", "Yunding hill rain gauge", "云顶雨量站", 29.50800, 106.51290, RAIN),
    Station("air_gulou", "Gulou air quality station", "鼓楼空气质量监测站", 29.56850, 106.53250,
            PM25),
    Station("air_chaoyang", "Chaoyang metro works dust monitor", "朝阳地铁施工扬尘监测点",
            29.57220, 106.64880, PM25),
    Station("air_xingang", "Xingang industrial park air monitor", "新港工业园空气监测站",
            29.50450, 106.58700, PM25),
    Station("pipe_shuijing", "Shuijing water main pressure logger", "水井片区管网压力监测点",
            29.56120, 106.51360, PRESSURE),
    Station("pipe_xueyuan", "University Town water main pressure logger",
            "大学城管网压力监测点", 29.59600, 106.46080, PRESSURE),
    # Tilt meters on private buildings: their data is for staff only.
    Station("tilt_shuijing", "Shuijing Lane No. 12 tilt meter", "水井巷12号楼倾斜监测仪",
            29.56080, 106.51300, TILT, public=False),
    Station("tilt_chaoyang", "Chaoyang metro-side building tilt meter",
            "朝阳地铁沿线建筑倾斜监测仪", 29.57180, 106.64950, TILT, public=False),
)


@dataclass
class NetworkSummary:
    datastreams: dict[str, int]  # station key -> datastream id
    rules: int
    indicators: int


def build_network(*, with_rules: bool = True) -> NetworkSummary:
    """Things, locations, sensors and datastreams; then the rules and vital signs."""
    load_catalogue(DATA / "catalogue.yaml")
    with transaction.atomic():
        streams = {station.key: _station(station).pk for station in STATIONS}
    rules = indicators = 0
    if with_rules:
        rules = load_rules(DATA / "rules.yaml")
        indicators = load_indicators(DATA / "indicators.yaml")
    return NetworkSummary(streams, rules, indicators)


def _station(station: Station) -> Datastream:
    q = station.quantity
    thing, created = Thing.objects.update_or_create(
        name=station.name,
        defaults={
            "description": f"{station.name_zh} · {station.name}",
            "properties": {"public": station.public, "name_zh-hans": station.name_zh,
                           "demo_key": station.key,
                           "department": DEPARTMENTS[station.quantity.name]},
        },
    )
    if created or not thing.locations.exists():
        location = Location.objects.create(
            name=f"{station.name} site",
            location={"type": "Point", "coordinates": [station.lon, station.lat]},
        )
        # Until Location.save() computes it (the API's job), set the point here too.
        Location.objects.filter(pk=location.pk).update(lat=station.lat, lon=station.lon)
        thing.locations.add(location)
    sensor, _ = Sensor.objects.get_or_create(
        name=f"{q.name} sensor", defaults={"encoding_type": "text/html",
                                           "metadata": q.definition})
    observed, _ = ObservedProperty.objects.get_or_create(
        name=q.name, defaults={"definition": q.definition})
    datastream, _ = Datastream.objects.update_or_create(
        thing=thing, name=q.name,
        defaults={
            "description": f"{q.name} at {station.name}",
            "unit_of_measurement": {"name": q.unit, "symbol": q.symbol,
                                    "definition": q.unit_uri},
            "observation_type": MEASUREMENT,
            "sensor": sensor,
            "observed_property": observed,
        },
    )
    return datastream


def station_streams() -> dict[str, int]:
    """Station key -> datastream id, for a network built before."""
    found: dict[str, int] = {}
    for station in STATIONS:
        ds = Datastream.objects.filter(thing__name=station.name,
                                       name=station.quantity.name).values_list("pk", flat=True)
        if ds:
            found[station.key] = ds[0]
    return found
