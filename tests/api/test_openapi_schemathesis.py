"""Schemathesis fuzzes every operation of /api/openapi.json against the app itself.

The document is loaded from the running WSGI application, as a client
would fetch it. Each operation gets a bounded number of generated
requests, valid and invalid (``MAX_EXAMPLES``; CITYLOOP_FUZZ_EXAMPLES
raises it for a longer hunt), and every answer must be no server error and
match the document: status, content type, headers and body schema; invalid
input must be refused with a 4xx. Some generated values are swapped for
ones the test city has (a real request id, a point inside the city), so
that answers are not all 404s and 400s.
"""

from __future__ import annotations

import os
import random
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import max_response_time
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.api.conftest import CITY_LAT, CITY_LON, OPEN311_KEY, STA_KEY, ApiCity

MAX_EXAMPLES = int(os.environ.get("CITYLOOP_FUZZ_EXAMPLES", "50"))
# Every check on a single answer; not positive_data_acceptance: the document
# cannot say that start_date and end_date lie at most 90 days apart, or which
# service codes a city has, so valid-looking input is rightly refused at
# times. Not max_response_time: no timing assertions in tests.
SKIPPED = [positive_data_acceptance, max_response_time]

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@schema.auth().apply_to(operation_id_regex="^open311PostServiceRequest")
class Open311Key:
    """The test city's Open311 key, for the operations that declare the api_key scheme."""

    def get(self, case: Any, ctx: Any) -> str:
        return OPEN311_KEY

    def set(self, case: Any, data: str, ctx: Any) -> None:
        case.query = {**(case.query or {}), "api_key": data}


@schema.auth().apply_to(operation_id=["staCreate", "staUpdate", "staReplace", "staDelete"])
class SensorGatewayKey:
    """A key that writes SensorThings, for its writes (sent as a bearer token)."""

    def get(self, case: Any, ctx: Any) -> str:
        return STA_KEY

    def set(self, case: Any, data: str, ctx: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.mark.django_db
@pytest.mark.usefixtures("connection_kept")
@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None,
          suppress_health_check=list(HealthCheck))
def test_every_answer_matches_the_document(case: Any, api_city: ApiCity) -> None:
    if case.meta.generation.mode is GenerationMode.POSITIVE:
        _with_known_values(case, api_city)
    elif case.query and "service_request_id" in case.query:
        # GeoReport v2: service_request_id "overrides all other arguments", so the server
        # rightly ignores a malformed page or date beside it; test those without it.
        del case.query["service_request_id"]
    case.call_and_validate(excluded_checks=SKIPPED)


def _with_known_values(case: Any, city: ApiCity) -> None:
    """Replace some generated values by ones the city has; only valid ones are touched."""
    rng = random.Random(repr(case.path_parameters) + repr(case.query) + repr(case.body))
    params = case.path_parameters or {}
    known = {
        "service_request_id": city.references,
        "token": city.tokens,
        "service_code": city.service_codes,
    }
    for name, values in known.items():
        if name in params and rng.random() < 0.5:
            params[name] = rng.choice(values)
    participation = case.operation.path.removeprefix("/api/v1/participation/")
    if "id" in params and participation != case.operation.path and rng.random() < 0.7:
        params["id"] = rng.choice(city.participation_ids[participation.split("/")[0]])
    elif "id" in params and rng.random() < 0.5:
        pool = city.sta_ids.get(params.get("entitySet", ""), city.datastream_ids)
        params["id"] = rng.choice(pool) if pool else params["id"]
    body = case.body
    if case.operation.path.startswith("/open311/") and isinstance(body, dict) \
            and rng.random() < 0.7:
        body["service_code"] = rng.choice(city.service_codes)
        body["lat"] = rng.uniform(*CITY_LAT)
        body["long"] = rng.uniform(*CITY_LON)
