"""Each persona's view of the city's cases, page by page, in both languages.

Three cases: a pothole kept by the roads bureau itself, a pothole with the
roads east office (a unit of roads), a blocked drain with the water bureau.
Who sees which on the queue, on the case page and on the cockpit map is
the same whatever the language of the page.
"""

from __future__ import annotations

import pytest

from tests.web.staff.helpers import page

SEES = {
    "roads_officer": {"roads"},
    "water_officer": {"water"},
    "roads_supervisor": {"roads", "east"},
    "operator": {"roads", "east", "water"},
    "city_admin": {"roads", "east", "water"},
}


@pytest.fixture
def three_cases(roads_case, east_case, water_case):
    return {"roads": roads_case(), "east": east_case(), "water": water_case()}


@pytest.mark.parametrize("language", ["en", "zh-hans"])
@pytest.mark.parametrize("persona", sorted(SEES))
def test_each_persona_sees_exactly_their_cases(client_for, request, three_cases, persona,
                                               language):
    client = client_for(request.getfixturevalue(persona), language)
    queue = page(client.get("/staff/"))
    assert f'<html lang="{language}">' in queue
    mapped = {f["properties"]["ref"]
              for f in client.get("/ops/cases.geojson").json()["features"]}
    for name, case in three_cases.items():
        expected = name in SEES[persona]
        assert (f'data-reference="{case.reference}"' in queue) is expected, (name, "queue")
        status = client.get(f"/staff/cases/{case.reference}/").status_code
        assert status == (200 if expected else 404), (name, "case page")
        if case.lat is not None:
            assert (case.reference in mapped) is expected, (name, "cockpit map")
