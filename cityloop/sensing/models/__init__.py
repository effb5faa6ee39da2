"""The models of the ``sensing`` app (Django finds an app's models through this package).

- ``entities``: the SensorThings entities (Thing, Location, Sensor, Datastream…);
- ``multidatastreams``: MultiDatastreams (§14.1) and their ordered ObservedProperties;
- ``observations``: Observations and what ingest keeps about them (rollups, latest values);
- rules, their states and alerts live with the rules (``sensing.rules.models``) and
  vital-sign indicators with the indicators (``sensing.indicators.models``); they are
  imported here so that they belong to this app and its migrations.
"""

from cityloop.sensing.indicators.models import Indicator, IndicatorValue
from cityloop.sensing.models.entities import (
    GEOJSON,
    Datastream,
    FeatureOfInterest,
    HistoricalLocation,
    Location,
    ObservedProperty,
    Sensor,
    Thing,
    point_of,
)
from cityloop.sensing.models.multidatastreams import (
    COMPLEX_OBSERVATION,
    MultiDatastream,
    MultiDatastreamObservedProperty,
)
from cityloop.sensing.models.observations import LatestObservation, Observation, Rollup
from cityloop.sensing.rules.models import Alert, Rule, RuleRevision, RuleState, RuleWork

__all__ = [
    "COMPLEX_OBSERVATION",
    "GEOJSON",
    "Alert",
    "Datastream",
    "FeatureOfInterest",
    "HistoricalLocation",
    "Indicator",
    "IndicatorValue",
    "LatestObservation",
    "Location",
    "MultiDatastream",
    "MultiDatastreamObservedProperty",
    "Observation",
    "ObservedProperty",
    "Rollup",
    "Rule",
    "RuleRevision",
    "RuleState",
    "RuleWork",
    "Sensor",
    "Thing",
    "point_of",
]
