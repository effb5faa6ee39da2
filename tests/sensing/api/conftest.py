"""Fixtures of the SensorThings API tests: a client that speaks JSON to /sta/v1.1/,
an API key for writes, and a small sensor network built with the ORM."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client

from cityloop.cases.models import ApiClient
from cityloop.sensing.models import (
    Datastream,
    FeatureOfInterest,
    HistoricalLocation,
    Location,
    Observation,
    ObservedProperty,
    Sensor,
    Thing,
)

ROOT = "/sta/v1.1/"
T0 = datetime(2024, 5, 1, 8, 0, tzinfo=UTC)


class Sta:
    """Requests to the API; ``key`` is sent as a Bearer token when set."""

    def __init__(self, client: Client, key: str | None = None):
        self.client = client
        self.key = key

    def _headers(self, extra: dict[str, str] | None) -> dict[str, Any]:
        headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {self.key}"} if self.key else {}
        headers.update(extra or {})
        return headers

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(ROOT + path, params or None, **self._headers(None))

    def json(self, path: str, status: int = 200, **params: Any) -> Any:
        response = self.get(path, **params)
        assert response.status_code == status, response.content
        return response.json()

    def post(self, path: str, body: Any, content_type: str = "application/json",
             **headers: str) -> Any:
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client.post(ROOT + path, data, content_type=content_type,
                                **self._headers(headers))

    def patch(self, path: str, body: Any, content_type: str = "application/json") -> Any:
        return self.client.patch(ROOT + path, json.dumps(body), content_type=content_type,
                                 **self._headers(None))

    def put(self, path: str, body: Any) -> Any:
        return self.client.put(ROOT + path, json.dumps(body), content_type="application/json",
                               **self._headers(None))

    def delete(self, path: str) -> Any:
        return self.client.delete(ROOT + path, **self._headers(None))


@pytest.fixture
def api_key(db: None) -> str:
    return ApiClient.create("Sensor integrator", "iot@example.org",
                            scopes=["sta:read", "sta:write"])[1]


@pytest.fixture
def sta(client: Client) -> Sta:
    """Anonymous: reads only."""
    return Sta(client)


@pytest.fixture
def writer(client: Client, api_key: str) -> Sta:
    return Sta(client, api_key)


@dataclass
class Network:
    things: list[Thing]
    locations: list[Location]
    datastreams: list[Datastream]
    sensors: list[Sensor]
    properties: list[ObservedProperty]
    features: list[FeatureOfInterest]
    observations: list[Observation]


def observe(stream: Datastream, minutes: int, result: Any, **extra: Any) -> Observation:
    numeric = isinstance(result, int | float) and not isinstance(result, bool)
    return Observation.objects.create(
        datastream=stream, phenomenon_time=T0 + timedelta(minutes=minutes),
        result_number=float(result) if numeric else None,
        result_json=None if numeric else result, **extra,
    )


@pytest.fixture
def network(db: None) -> Network:
    """Two stations: a river gauge by the bridge and an air station in the park.

    The river gauge has a water level datastream with results 1.0 to 5.0
    (one a minute from T0); the air station a PM2.5 datastream with 10, 20, 30
    and a text "status" datastream.
    """
    bridge = Location.objects.create(
        name="Bridge", description="North bridge", location={"type": "Point",
                                                             "coordinates": [114.05, 22.54]})
    park = Location.objects.create(
        name="Park", description="Central park", location={"type": "Point",
                                                           "coordinates": [114.10, 22.60]})
    river = Thing.objects.create(name="River gauge", description="Sensor Things",
                                 properties={"owner": "water", "depth": 4, "public": True})
    air = Thing.objects.create(name="Air station", description="Air quality station",
                               properties={"owner": "environment", "depth": 0,
                                             "public": True})
    river.locations.add(bridge)
    air.locations.add(park)
    for thing, location in ((river, bridge), (air, park)):
        history = HistoricalLocation.objects.create(thing=thing, time=T0)
        history.locations.add(location)
    gauge = Sensor.objects.create(name="Radar gauge", description="Radar level sensor",
                                  encoding_type="application/pdf", metadata="https://x/gauge.pdf")
    dust = Sensor.objects.create(name="Dust counter", description="Optical counter",
                                 encoding_type="application/pdf", metadata="https://x/dust.pdf")
    level = ObservedProperty.objects.create(name="Water level", definition="https://x/level")
    pm25 = ObservedProperty.objects.create(name="PM2.5", definition="https://x/pm25")
    status = ObservedProperty.objects.create(name="Status", definition="https://x/status")
    water = Datastream.objects.create(
        name="Water level at the bridge", description="Level",
        unit_of_measurement={"name": "metre", "symbol": "m", "definition": "https://x/m"},
        observation_type="OM_Measurement", thing=river, sensor=gauge, observed_property=level)
    dust_stream = Datastream.objects.create(
        name="PM2.5 in the park", description="Dust",
        unit_of_measurement={"name": "microgram per cubic metre", "symbol": "µg/m³"},
        observation_type="OM_Measurement", thing=air, sensor=dust, observed_property=pm25)
    status_stream = Datastream.objects.create(
        name="Station status", description="Status text", unit_of_measurement={},
        observation_type="OM_Observation", thing=air, sensor=dust, observed_property=status)
    feature = FeatureOfInterest.objects.create(
        name="River at the bridge", description="Water body",
        feature={"type": "Point", "coordinates": [114.05, 22.54]})
    observations = [observe(water, i, float(i + 1), feature_of_interest=feature)
                    for i in range(5)]
    observations += [observe(dust_stream, i, v) for i, v in enumerate((10, 20, 30))]
    observations.append(observe(status_stream, 0, "ok"))
    return Network([river, air], [bridge, park], [water, dust_stream, status_stream],
                   [gauge, dust], [level, pm25, status], [feature], observations)
