"""MultiDatastreams (OGC 18-088 §14.1) as FROST-Server's clients create them over HTTP."""

from __future__ import annotations

from typing import Any

OM = "http://www.opengis.net/def/observationType/OGC-OM/2.0/"
COMPLEX = OM + "OM_ComplexObservation"
MEASUREMENT = OM + "OM_Measurement"
TRUTH = OM + "OM_TruthObservation"
UNITS = [
    {"name": "degree Celsius", "symbol": "degC", "definition": "http://qudt.org/vocab/unit/DEG_C"},
    {"name": "percent", "symbol": "%", "definition": "http://qudt.org/vocab/unit/PERCENT"},
    {"name": "none", "symbol": "", "definition": ""},
]
TYPES = [MEASUREMENT, MEASUREMENT, TRUTH]


def body(thing_id: int, sensor_id: int, property_ids: list[int], **extra: Any) -> dict[str, Any]:
    """A MultiDatastream of temperature, humidity and rain (yes/no), linked by id."""
    return {
        "name": "Weather", "description": "Temperature, humidity and rain",
        "observationType": COMPLEX,
        "unitOfMeasurements": UNITS[:len(property_ids)],
        "multiObservationDataTypes": TYPES[:len(property_ids)],
        "Thing": {"@iot.id": thing_id}, "Sensor": {"@iot.id": sensor_id},
        "ObservedProperties": [{"@iot.id": pk} for pk in property_ids],
        **extra,
    }


def create(writer: Any, network: Any, property_ids: list[int] | None = None,
           **extra: Any) -> dict[str, Any]:
    """POST /MultiDatastreams on the network's river gauge; the entity answered."""
    ids = property_ids if property_ids is not None else [p.pk for p in network.properties]
    response = writer.post("MultiDatastreams", body(network.things[0].pk, network.sensors[0].pk,
                                                   ids, **extra))
    assert response.status_code == 201, response.content
    created: dict[str, Any] = response.json()
    return created


def error(response: Any, status: int = 400) -> str:
    assert response.status_code == status, response.content
    payload = response.json()
    assert payload["code"] == status and payload["type"] == "error"
    return str(payload["message"])
