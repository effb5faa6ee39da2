"""Atomicity groups and changesets are all or nothing: rows and side effects alike.

Run on PostgreSQL too (``DATABASE_URL=postgres://...``), where a failed statement
inside a group must not spoil the rest of the batch."""

from __future__ import annotations

from django.db import connection

from cityloop.sensing.models import Datastream, Observation, Thing
from tests.sensing.api.batch.helpers import by_id, post_json


def test_a_failing_group_leaves_none_of_its_changes(writer, network):
    river, air = network.things
    water = network.datastreams[0]
    things, observations = Thing.objects.count(), Observation.objects.count()
    answer = by_id(post_json(writer, [
        {"id": "new", "atomicityGroup": "g1", "method": "post", "url": "Things",
         "body": {"name": "Pump", "description": "Pump station",
                  "Datastreams": [{"name": "Pump flow", "description": "Flow",
                                   "unitOfMeasurement": {}, "observationType": "x",
                                   "Sensor": {"@iot.id": network.sensors[0].pk},
                                   "ObservedProperty": {"@iot.id": network.properties[0].pk}}]}},
        {"id": "rename", "atomicityGroup": "g1", "method": "patch",
         "url": f"Things({river.pk})", "body": {"name": "Renamed"}},
        {"id": "drop", "atomicityGroup": "g1", "method": "delete", "url": f"Things({air.pk})"},
        {"id": "observe", "atomicityGroup": "g1", "method": "post",
         "url": f"Datastreams({water.pk})/Observations",
         "body": {"result": 9.5, "phenomenonTime": "2024-05-01T09:00:00Z"}},
        {"id": "broken", "atomicityGroup": "g1", "method": "patch",
         "url": f"Things({river.pk})", "body": {"properties": "not an object"}},
        {"id": "never", "atomicityGroup": "g1", "method": "post", "url": "Things",
         "body": {"name": "Never", "description": "run"}},
        {"id": "alone", "method": "post", "url": "Things",
         "body": {"name": "Alone", "description": "outside the group"}},
        {"id": "g2-ok", "atomicityGroup": "g2", "method": "patch",
         "url": f"Things({air.pk})", "body": {"description": "Kept"}},
    ]))
    assert answer["broken"]["status"] == 400
    for name in ("new", "rename", "drop", "observe", "never"):
        assert answer[name]["status"] == 424, name
        assert answer[name]["body"]["type"] == "error"
        assert "'broken'" in answer[name]["body"]["message"]
    assert "location" not in answer["new"]  # the entity it made is gone
    assert answer["alone"]["status"] == 201 and answer["g2-ok"]["status"] == 200
    # nothing of the group remains: not the Thing, its deep-inserted datastream, the
    # rename, the delete or the observation; the request outside it, and group g2, stay
    assert Thing.objects.count() == things + 1
    assert not Thing.objects.filter(name__in=["Pump", "Never", "Renamed"]).exists()
    assert not Datastream.objects.filter(name="Pump flow").exists()
    assert Thing.objects.get(pk=river.pk).name == "River gauge"
    assert Thing.objects.get(pk=air.pk).description == "Kept"
    assert Observation.objects.count() == observations


def test_a_group_that_fails_has_no_side_effects_after_commit(
        writer, network, django_capture_on_commit_callbacks):
    water = network.datastreams[0]
    observation = {"method": "post", "url": f"Datastreams({water.pk})/Observations",
                   "body": {"result": 7.0, "phenomenonTime": "2024-05-01T09:00:00Z"}}
    failing = [{"id": "obs", "atomicityGroup": "g", **observation},
               {"id": "bad", "atomicityGroup": "g", "method": "get", "url": "Things(0)"}]
    with django_capture_on_commit_callbacks() as callbacks:
        answer = by_id(post_json(writer, failing))
    assert answer["obs"]["status"] == 424 and answer["bad"]["status"] == 404
    # ingest queues MQTT publishes and rule evaluation with on_commit: none survive
    assert callbacks == []

    with django_capture_on_commit_callbacks() as callbacks:
        answer = by_id(post_json(writer, [{"id": "obs", "atomicityGroup": "g", **observation}]))
    assert answer["obs"]["status"] == 201
    assert callbacks  # the stored observation's effects wait for the commit


def test_references_into_a_failed_group_are_gone_with_it(writer, network):
    answer = by_id(post_json(writer, [
        {"id": "t", "atomicityGroup": "g", "method": "post", "url": "Things",
         "body": {"name": "Shed", "description": "x"}},
        {"id": "x", "atomicityGroup": "g", "method": "get", "url": "Things(0)"},
        {"id": "y", "atomicityGroup": "g", "method": "get", "url": "Things"},
        {"id": "after", "method": "get", "url": "$t"},
        {"id": "needs", "dependsOn": ["g"], "method": "get", "url": "Things"},
        {"id": "needs-t", "dependsOn": ["t"], "method": "get", "url": "Things"},
        {"id": "needs-y", "dependsOn": ["y"], "method": "get", "url": "Things"},
    ]))
    assert answer["needs-t"]["status"] == 424 and answer["needs-y"]["status"] == 424
    assert answer["y"]["status"] == 424  # not run: its group had failed
    assert answer["t"]["status"] == 424 and answer["x"]["status"] == 404
    assert answer["after"]["status"] == 404
    assert answer["needs"]["status"] == 424
    assert not Thing.objects.filter(name="Shed").exists()


def test_a_database_error_in_a_group_rolls_it_back_and_the_batch_goes_on(writer, network):
    river = network.things[0]
    answer = by_id(post_json(writer, [
        {"id": "a", "atomicityGroup": "g", "method": "patch", "url": f"Things({river.pk})",
         "body": {"name": "Mid-group"}},
        {"id": "b", "atomicityGroup": "g", "method": "get",
         "url": "Observations?$filter=result div (result sub result) eq 1"},
        {"id": "c", "method": "get", "url": f"Things({river.pk})?$select=name"},
    ]))
    if connection.vendor == "postgresql":  # division by zero: SQLite gives null instead
        assert answer["b"]["status"] == 400
        assert answer["b"]["body"]["message"].startswith("The database could not evaluate")
        assert answer["a"]["status"] == 424
        assert answer["c"]["body"] == {"name": "River gauge"}
    else:
        assert [answer[k]["status"] for k in "ab"] == [200, 200]
        assert answer["c"]["body"] == {"name": "Mid-group"}
