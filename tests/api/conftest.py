"""A small city with something in every public API, for the OpenAPI document's tests.

Cases of a public and a sensitive category (one worked and resolved with a
public note and an approved photo), the SensorThings test network, a vital
sign with history, a signed audit checkpoint, a live worker, an Open311
key, and residents taking part (tests/api/participation/scenario.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor
from cityloop.cases.audit_checkpoints import write_checkpoint
from cityloop.cases.models import ApiClient, Case, CaseMedia, MediaKind
from cityloop.cases.models.client import hash_key
from cityloop.sensing.indicators.models import IndicatorValue
from cityloop.worker.models import WorkerHeartbeat
from tests import citydata
from tests.api.participation.scenario import build as participation_scenario
from tests.participation.fixtures import (  # noqa: F401 (fixtures)
    budget,
    make_resident,
    proposals_process,
    survey,
)
from tests.sensing.api.conftest import Network, network  # noqa: F401  (a fixture)
from tests.sensing.indicators.helpers import make_indicator

# Known before any test runs: schemathesis sets the key on requests it builds while
# collecting the tests.
OPEN311_KEY = "cl_openapi-fuzzing-key-for-tests-only"
STA_KEY = "cl_openapi-fuzzing-sensor-gateway-key"
# A point inside the test city (tests/citydata.py) and its bounding box.
CITY_LAT = (29.521, 29.599)
CITY_LON = (106.501, 106.599)


@dataclass
class ApiCity:
    key: str
    references: list[str]
    tokens: list[str]
    service_codes: list[str]
    datastream_ids: list[int]
    sta_ids: dict[str, list[int]]
    # By the path's collection: processes, budgets, surveys.
    participation_ids: dict[str, list[int]]


@pytest.fixture
def api_city(city: Any, make_case: Any, roads_officer: Any, network: Network,  # noqa: F811
             make_resident: Any, proposals_process: Any, budget: Any,  # noqa: F811
             survey: Any) -> ApiCity:  # noqa: F811
    cases = [
        make_case(),
        make_case(description="Pothole by the school",
                  lat=citydata.INSIDE_WEST_N[0], lon=citydata.INSIDE_WEST_N[1]),
        make_case(service_code="noise", description="Party next door at 3 am, flat 402",
                  attributes={"source": ["music_party"]}),
    ]
    _work(cases[0], roads_officer)
    indicator = make_indicator()
    now = timezone.now()
    for hours, value, band in ((3, 40.0, "amber"), (2, 30.0, "green"), (1, 80.0, "red")):
        IndicatorValue.objects.create(indicator=indicator, at=now - timedelta(hours=hours),
                                      value=value, band=band)
    write_checkpoint()
    # A worker alive, so that /readyz answers 200 (its 503 is a server error to the fuzzing).
    WorkerHeartbeat.objects.create(worker_id="fuzz", started_at=now, seen_at=timezone.now())
    make_client("Fuzzing app", OPEN311_KEY, ["open311"])
    make_client("Fuzzing gateway", STA_KEY, ["sta:read", "sta:write"])
    taking_part = participation_scenario(city, make_resident, proposals_process, budget, survey,
                                         roads_officer)
    return ApiCity(
        key=OPEN311_KEY,
        references=[c.reference for c in cases],
        tokens=[c.token for c in cases],
        service_codes=["pothole", "streetlight", "noise", "missed_collection"],
        datastream_ids=[d.pk for d in network.datastreams],
        sta_ids={"Things": [t.pk for t in network.things],
                 "Datastreams": [d.pk for d in network.datastreams],
                 "Observations": [o.pk for o in network.observations],
                 "Locations": [loc.pk for loc in network.locations],
                 "Sensors": [s.pk for s in network.sensors],
                 "ObservedProperties": [p.pk for p in network.properties],
                 "FeaturesOfInterest": [f.pk for f in network.features]},
        participation_ids={
            "processes": [taking_part.process.pk, taking_part.hidden_process.pk],
            "budgets": [taking_part.budget.pk, taking_part.voting.pk],
            "surveys": [taking_part.survey.pk, taking_part.hidden_survey.pk]},
    )


@pytest.fixture
def connection_kept() -> Any:
    """Keep the test's database connection across requests, as Django's test client does.

    Schemathesis calls the WSGI application directly; after each request Django
    would close the connection, and with it the test's transaction on PostgreSQL.
    """
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


def make_client(name: str, key: str, scopes: list[str], rate_limit: int = 0) -> ApiClient:
    """A client with a key known in advance (rate limit 0: none; the fuzzing sends faster
    than a client would)."""
    return ApiClient.objects.create(name=name, key_hash=hash_key(key), key_hint=key[:10],
                                    scopes=scopes, rate_limit=rate_limit)


def _work(case: Case, officer: Any) -> None:
    actor = Actor.staff(officer)
    lifecycle.transition(case, "assign", actor, assignee=officer)
    lifecycle.transition(case, "comment", actor, public_text="Crew booked for Monday")
    CaseMedia.objects.create(case=case, kind=MediaKind.AFTER, url="https://img.example/after.jpg",
                             public=True, created_at=timezone.now())
    lifecycle.transition(case, "resolve", actor, public_text="Filled and sealed")
