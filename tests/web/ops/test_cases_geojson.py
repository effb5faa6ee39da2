"""The cockpit map's data: open cases, their priority and lateness, layers, and changes."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from cityloop.cases import lifecycle
from cityloop.cases.actors import Actor


def _by_ref(collection: dict) -> dict:
    return {f["properties"]["ref"]: f for f in collection["features"]}


def test_it_maps_open_cases_with_priority_and_lateness(client, roads_supervisor, make_case):
    late = make_case(now=timezone.now() - timedelta(days=4), priority="urgent")
    fresh = make_case()
    done = make_case()
    lifecycle.transition(done, "resolve", Actor.system("test"))
    client.force_login(roads_supervisor)
    features = _by_ref(client.get("/ops/cases.geojson").json())
    assert set(features) == {late.reference, fresh.reference}
    props = features[late.reference]["properties"]
    assert (props["priority"], props["overdue"], props["open"]) == ("urgent", True, True)
    assert props["layer"] == "roads" and props["url"] == f"/staff/cases/{late.reference}/"
    assert features[fresh.reference]["properties"]["overdue"] is False
    assert features[fresh.reference]["geometry"]["coordinates"] == [fresh.lon, fresh.lat]


def test_it_puts_sensor_and_hotspot_cases_on_their_own_layer(client, operator, make_case):
    alert = make_case(channel="sensor", contact=None, description="Water level above 2 m")
    client.force_login(operator)
    props = _by_ref(client.get("/ops/cases.geojson").json())[alert.reference]["properties"]
    assert props["layer"] == "sensor"


def test_it_gives_what_changed_since_a_marker(client, operator, make_case):
    old = make_case()
    client.force_login(operator)
    marker = client.get("/ops/feed.json").json()["changed"]
    new = make_case()
    lifecycle.transition(old, "resolve", Actor.system("test"))
    changes = _by_ref(client.get("/ops/cases.geojson", {"since": marker}).json())
    assert set(changes) == {old.reference, new.reference}
    assert changes[old.reference]["properties"]["open"] is False
    assert changes[old.reference]["properties"]["new"] is False
    assert changes[new.reference]["properties"]["new"] is True


def test_it_gives_new_cases_by_number_even_when_a_clock_ran_ahead(client, operator, make_case):
    from cityloop.cases.models import Case

    ahead = make_case()
    # Another machine's clock was a day fast: the marker's time is ahead of ours.
    Case.objects.filter(pk=ahead.pk).update(updated_at=timezone.now() + timedelta(days=1))
    client.force_login(operator)
    marker = client.get("/ops/feed.json").json()
    new = make_case()
    changes = _by_ref(client.get("/ops/cases.geojson", {
        "since": marker["changed"], "after": marker["latest"]}).json())
    assert set(changes) == {new.reference}
    assert changes[new.reference]["properties"]["new"] is True


def test_it_refuses_a_marker_that_is_not_a_time_or_a_number(client, operator):
    client.force_login(operator)
    for field, bad in (("since", "yesterday"), ("since", "2026-03-01T10:00:00"),
                       ("since", "2026-13-45T10:00:00+00:00"),
                       ("after", "-1"), ("after", "x"), ("after", "²"), ("after", "9" * 30)):
        response = client.get("/ops/cases.geojson", {field: bad})
        assert response.status_code == 400
        assert field in response.json()["error"]


def test_it_never_carries_contact_details(client, operator, make_case):
    make_case()
    client.force_login(operator)
    body = client.get("/ops/cases.geojson").content.decode()
    assert "mei@example.org" not in body and "Mei" not in body
    assert "Deep pothole" not in body  # descriptions stay in the staff console
