"""The eight entity types of OGC 18-088 §8.2 and the MultiDatastream of §14.1, their
properties and navigation properties.

Everything else in the API (paths, ``$select``, ``$filter``, ``$expand``,
writes) looks entities up here, so a property is named in one place with
its model field(s) and its kind:

- ``string``: text; ``json``: any JSON (``object`` when it must be an object);
- ``geometry``: GeoJSON (Location.location, FeatureOfInterest.feature,
  Datastream.observedArea);
- ``datetime``: one instant; ``interval``: an ISO 8601 interval stored as
  start and end (Datastream.phenomenonTime); ``time``: an instant or an
  interval (Observation.phenomenonTime, §8.2.7);
- ``result``: Observation.result, in ``result_number`` when numeric and
  ``result_json`` otherwise.

MultiDatastream is the MultiDatastream extension's (§14.1, conformance class
``.../req/multi-datastream``); an Observation links to a Datastream or to a
MultiDatastream, so neither link is ``required`` here and ``create`` checks
that exactly one is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models

from cityloop.sensing.models import (
    COMPLEX_OBSERVATION,
    Datastream,
    FeatureOfInterest,
    HistoricalLocation,
    Location,
    MultiDatastream,
    Observation,
    ObservedProperty,
    Sensor,
    Thing,
)


@dataclass(frozen=True)
class Prop:
    name: str
    kind: str
    fields: tuple[str, ...]
    required: bool = False
    is_object: bool = False  # the JSON value must be an object
    default: object = None

    @property
    def field(self) -> str:
        return self.fields[0]


@dataclass(frozen=True)
class Nav:
    name: str  # as in the API: "Datastreams", "Thing"
    target: str  # entity type name
    many: bool
    accessor: str  # Django relation from the source model
    reverse: str  # Django relation from the target model back to the source
    required: bool = False  # a to-one link the entity cannot exist without
    m2m: bool = False  # a many-to-many relation (Things and Locations, §8.2.2)
    # Default order of the collection by a column of the link table (a MultiDatastream's
    # ObservedProperties are in the order of its results), as a lookup from the target.
    ranked: str = ""


@dataclass(frozen=True)
class EntityType:
    name: str
    set_name: str
    model: type[models.Model]
    props: dict[str, Prop] = field(default_factory=dict)
    navs: dict[str, Nav] = field(default_factory=dict)

    def nav(self, name: str) -> Nav | None:
        return self.navs.get(name)


def _props(*props: Prop) -> dict[str, Prop]:
    return {p.name: p for p in props}


def _navs(*navs: Nav) -> dict[str, Nav]:
    return {n.name: n for n in navs}


def _common(*, encoding: bool = False) -> list[Prop]:
    props = [
        Prop("name", "string", ("name",), required=True),
        Prop("description", "string", ("description",), default=""),
    ]
    if encoding:
        props.append(Prop("encodingType", "string", ("encoding_type",), required=True))
    return props


_PROPERTIES = Prop("properties", "json", ("properties",), is_object=True, default={})

THING = EntityType(
    "Thing", "Things", Thing,
    _props(*_common(), _PROPERTIES),
    _navs(
        Nav("Locations", "Location", True, "locations", "things", m2m=True),
        Nav("HistoricalLocations", "HistoricalLocation", True, "historical_locations", "thing"),
        Nav("Datastreams", "Datastream", True, "datastreams", "thing"),
        Nav("MultiDatastreams", "MultiDatastream", True, "multi_datastreams", "thing"),
    ),
)
LOCATION = EntityType(
    "Location", "Locations", Location,
    _props(
        *_common(encoding=True),
        Prop("location", "geometry", ("location",), required=True),
        _PROPERTIES,
    ),
    _navs(
        Nav("Things", "Thing", True, "things", "locations", m2m=True),
        Nav("HistoricalLocations", "HistoricalLocation", True, "historical_locations",
            "locations", m2m=True),
    ),
)
HISTORICAL_LOCATION = EntityType(
    "HistoricalLocation", "HistoricalLocations", HistoricalLocation,
    _props(Prop("time", "datetime", ("time",), required=True)),
    _navs(
        Nav("Thing", "Thing", False, "thing", "historical_locations", required=True),
        Nav("Locations", "Location", True, "locations", "historical_locations", m2m=True),
    ),
)
SENSOR = EntityType(
    "Sensor", "Sensors", Sensor,
    _props(
        *_common(encoding=True),
        Prop("metadata", "string", ("metadata",), required=True),
        _PROPERTIES,
    ),
    _navs(
        Nav("Datastreams", "Datastream", True, "datastreams", "sensor"),
        Nav("MultiDatastreams", "MultiDatastream", True, "multi_datastreams", "sensor"),
    ),
)
OBSERVED_PROPERTY = EntityType(
    "ObservedProperty", "ObservedProperties", ObservedProperty,
    _props(
        Prop("name", "string", ("name",), required=True),
        Prop("definition", "string", ("definition",), required=True),
        Prop("description", "string", ("description",), default=""),
        _PROPERTIES,
    ),
    _navs(
        Nav("Datastreams", "Datastream", True, "datastreams", "observed_property"),
        Nav("MultiDatastreams", "MultiDatastream", True, "multi_datastreams",
            "observed_properties", m2m=True),
    ),
)
FEATURE_OF_INTEREST = EntityType(
    "FeatureOfInterest", "FeaturesOfInterest", FeatureOfInterest,
    _props(
        *_common(encoding=True),
        Prop("feature", "geometry", ("feature",), required=True),
        _PROPERTIES,
    ),
    _navs(Nav("Observations", "Observation", True, "observations", "feature_of_interest")),
)
DATASTREAM = EntityType(
    "Datastream", "Datastreams", Datastream,
    _props(
        *_common(),
        Prop("unitOfMeasurement", "json", ("unit_of_measurement",), required=True, is_object=True),
        Prop("observationType", "string", ("observation_type",), required=True),
        Prop("observedArea", "geometry", ("observed_area",)),
        Prop("phenomenonTime", "interval", ("phenomenon_time_start", "phenomenon_time_end")),
        Prop("resultTime", "interval", ("result_time_start", "result_time_end")),
        _PROPERTIES,
    ),
    _navs(
        Nav("Thing", "Thing", False, "thing", "datastreams", required=True),
        Nav("Sensor", "Sensor", False, "sensor", "datastreams", required=True),
        Nav("ObservedProperty", "ObservedProperty", False, "observed_property", "datastreams",
            required=True),
        Nav("Observations", "Observation", True, "observations", "datastream"),
    ),
)
OBSERVATION = EntityType(
    "Observation", "Observations", Observation,
    _props(
        Prop("phenomenonTime", "time", ("phenomenon_time", "phenomenon_time_end")),
        Prop("resultTime", "datetime", ("result_time",)),
        Prop("result", "result", ("result_number", "result_json"), required=True),
        Prop("resultQuality", "json", ("result_quality",)),
        Prop("validTime", "interval", ("valid_time_start", "valid_time_end")),
        Prop("parameters", "json", ("parameters",), is_object=True),
    ),
    _navs(
        Nav("Datastream", "Datastream", False, "datastream", "observations"),
        Nav("MultiDatastream", "MultiDatastream", False, "multi_datastream", "observations"),
        Nav("FeatureOfInterest", "FeatureOfInterest", False, "feature_of_interest",
            "observations"),
    ),
)
MULTI_DATASTREAM = EntityType(
    "MultiDatastream", "MultiDatastreams", MultiDatastream,
    _props(
        *_common(),
        Prop("unitOfMeasurements", "json", ("unit_of_measurements",), required=True),
        # Always OM_ComplexObservation: FROST-Server sets it when it is left out.
        Prop("observationType", "string", ("observation_type",), default=COMPLEX_OBSERVATION),
        Prop("multiObservationDataTypes", "json", ("multi_observation_data_types",),
             required=True),
        Prop("observedArea", "geometry", ("observed_area",)),
        Prop("phenomenonTime", "interval", ("phenomenon_time_start", "phenomenon_time_end")),
        Prop("resultTime", "interval", ("result_time_start", "result_time_end")),
        _PROPERTIES,
    ),
    _navs(
        Nav("Thing", "Thing", False, "thing", "multi_datastreams", required=True),
        Nav("Sensor", "Sensor", False, "sensor", "multi_datastreams", required=True),
        # Through the link table both ways, so the rank is read from the very row
        # that links the two (one join, not a second one that multiplies rows).
        Nav("ObservedProperties", "ObservedProperty", True, "observed_properties",
            "multi_datastream_links__multi_datastream", m2m=True,
            ranked="multi_datastream_links__rank"),
        Nav("Observations", "Observation", True, "observations", "multi_datastream"),
    ),
)

ENTITY_TYPES: dict[str, EntityType] = {
    t.name: t
    for t in (THING, LOCATION, HISTORICAL_LOCATION, DATASTREAM, MULTI_DATASTREAM, SENSOR,
              OBSERVED_PROPERTY, OBSERVATION, FEATURE_OF_INTEREST)
}
BY_SET: dict[str, EntityType] = {t.set_name: t for t in ENTITY_TYPES.values()}
ID_NAMES = frozenset({"id", "@iot.id"})


def entity_type(name: str) -> EntityType:
    return ENTITY_TYPES[name]


def target(nav: Nav) -> EntityType:
    return ENTITY_TYPES[nav.target]


def of_model(model: type[models.Model]) -> EntityType:
    for etype in ENTITY_TYPES.values():
        if etype.model is model:
            return etype
    raise LookupError(model)
