"""What the fuzzing of /api/openapi.json found, each kept as a plain test."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.test_openapi_document import PUBLIC_ROUTES
from tests.sensing.api.conftest import Network, network  # noqa: F401  (a fixture)


@pytest.mark.django_db
@pytest.mark.parametrize("path", [*PUBLIC_ROUTES.values(), "/sensing/datastreams/1/series.json",
                                  "/basemap/14/13042/6782.geojson"])
@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "QUERY"])
def test_a_read_only_address_answers_405_to_other_methods_not_the_csrf_page(path, method):
    """Django's CSRF check answered 403 with the page about a form that could not be sent."""
    response = Client(enforce_csrf_checks=True).generic(method, path)
    assert response.status_code == 405, (method, path, response.status_code)
    assert "GET" in response["Allow"]


def test_sensorthings_options_lists_the_methods_of_the_resource(client, network):  # noqa: F811
    """OPTIONS advertised POST, PATCH, PUT and DELETE everywhere, the root included."""
    thing = network.things[0].pk

    def allowed(path: str) -> str:
        response = client.options(f"/sta/v1.1/{path}")
        assert response.status_code == 204
        return response["Allow"]

    assert allowed("") == "GET, HEAD, OPTIONS"
    assert allowed("Things") == "GET, HEAD, POST, OPTIONS"
    assert allowed(f"Things({thing})") == "GET, HEAD, PATCH, PUT, DELETE, OPTIONS"
    assert allowed(f"Things({thing})/name") == "GET, HEAD, OPTIONS"
    assert allowed(f"Things({thing})/Datastreams") == "GET, HEAD, POST, OPTIONS"
    assert client.options("/sta/v1.1/Things(999999)").status_code == 404


@pytest.mark.django_db
def test_a_sensorthings_path_with_a_line_break_gets_the_apis_json_404(client):
    """The address pattern's . and $ stopped at a line break: the site's HTML page answered."""
    response = client.get("/sta/v1.1/Things%0A(1)")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["type"] == "error"
