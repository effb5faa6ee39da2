"""A key's refusals (403 outside its scope, 429 over its rate limit) are as the document says.

They come from the API key scopes of issue 9, item 2; the document describes
them in each protocol's own error format, and this checks real answers
against it with schemathesis's validator.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from werkzeug.test import Client

from cityloop.api.openapi import build
from tests import citydata
from tests.api.conftest import make_client
from tests.sensing.api.conftest import network  # noqa: F401  (a fixture)

SCHEMA = schemathesis.openapi.from_dict(build(""))
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("connection_kept")]


def _report(fmt: str, key: str) -> Any:
    lat, lon = citydata.INSIDE_EAST_S
    return Client(get_wsgi_application()).post(
        f"/open311/v2/requests.{fmt}", query_string={"api_key": key},
        data={"service_code": "pothole", "lat": lat, "long": lon, "description": "Hole"})


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_open311_refuses_a_key_without_its_scope_and_one_over_its_limit_as_documented(
        city, fmt):
    operation = SCHEMA[f"/open311/v2/requests.{fmt}"]["POST"]
    make_client("Gauge", "cl_only-reads-sensors", ["sta:read"])
    refused = _report(fmt, "cl_only-reads-sensors")
    assert refused.status_code == 403
    operation.Case().validate_response(refused)
    make_client("Slow app", "cl_one-a-minute", ["open311"], rate_limit=1)
    assert _report(fmt, "cl_one-a-minute").status_code == 200
    limited = _report(fmt, "cl_one-a-minute")
    assert limited.status_code == 429
    assert int(limited.headers["Retry-After"]) > 0
    operation.Case().validate_response(limited)


def test_open311_reads_check_a_key_sent_anyway_as_documented(city):
    make_client("Gauge", "cl_only-reads-sensors", ["sta:read"])
    answer = Client(get_wsgi_application()).get(
        "/open311/v2/services.json", query_string={"api_key": "cl_only-reads-sensors"})
    assert answer.status_code == 403
    SCHEMA["/open311/v2/services.json"]["GET"].Case().validate_response(answer)


def test_sensorthings_refuses_a_write_without_its_scope_as_documented(network):  # noqa: F811
    make_client("App", "cl_citizen-app", ["open311"])
    answer = Client(get_wsgi_application()).delete(
        f"/sta/v1.1/Things({network.things[0].pk})",
        headers={"Authorization": "Bearer cl_citizen-app"})
    assert answer.status_code == 403
    operation = SCHEMA["/sta/v1.1/{entitySet}({id})"]["DELETE"]
    operation.Case(path_parameters={"entitySet": "Things", "id": network.things[0].pk}
                   ).validate_response(answer)
